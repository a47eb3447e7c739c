using System.Diagnostics;
using Dapper;
using SociaalPlein.Data.Gids;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Benchmarks;

/// <summary>
/// The gids at region scale: on the shared region (<see cref="BenchmarkRegion"/>: 20,000 professionals
/// in 2,000 organisations, 50 pleinen), a search with text plus two facets through the real app on Kestrel over HTTPS on
/// loopback, timed by the app itself (its Server-Timing header) and by the client, and as the floor the same SQL alone;
/// then the everyday searches (the landing page, one word, a typo, one facet, a deep page) and the beheer's professional
/// search the same way, each against its target. Reports figures and the query plan in docs/benchmarks.md; asserts no
/// times (the targets judge the report). Run it with <c>dotnet test -c Release --filter FullyQualifiedName~GidsSearchBenchmark</c>.
/// </summary>
[Explicit("Benchmark: minutes, not part of the default test run")]
[Category("Benchmark")]
public sealed partial class GidsSearchBenchmark : RegionBenchmark
{
    const int Warmup = 30, Runs = 300;
    const string Email = "gids-benchmark@test.nl";
    const string Url = "/gids?q=schulden&leefgebied=financien&taal=ar";
    static readonly GidsQuery Query = new("schulden", Leefgebieden: ["financien"], Language: "ar");

    /// <summary>A page measured beside the main case: what it is, its address, and its targets (median, p95) in ms.</summary>
    sealed record Everyday(string What, string Url, double Median, double P95, bool AfterDirectoryChange = false);

    // The gids's everyday searches (≤ 30 ms median, ≤ 50 ms p95) and another page (≤ 100 ms p95): one word that is a name
    // and one that is a topic found in half the directory (the gids's own example), a typo in a function ("maatschapelijk",
    // found by its stem) and in a name (found by trigrams), one facet, a deep page of it, the landing page as every
    // visitor sees it and as the first visitor after a directory change does, and the broad word the same way.
    static readonly Everyday[] Cases =
    [
        new("landing page (`/gids`)", "/gids", 30, 50),
        new("landing page, first after a directory change (its counts read from the database's kept landing counts)", "/gids", 30, 50, AfterDirectoryChange: true),
        new("one word, a name", "/gids?q=jansen", 30, 50),
        new("one word, a topic in half the directory", "/gids?q=schulden", 30, 50),
        new("one word, a topic in half the directory, first after a directory change (its counts recounted)", "/gids?q=schulden", 30, 50,
            AfterDirectoryChange: true),
        new("a typo in a function", "/gids?q=maatschapelijk", 30, 50),
        new("a typo in a name", "/gids?q=jnsen", 30, 50),
        new("one facet", "/gids?leefgebied=financien", 30, 50),
        new("a deep page of one facet (page 200 of 259)", "/gids?leefgebied=financien&pagina=200", 30, 50),
        new("beheer: professional search", "/beheer/professionals?q=jansen", double.NaN, 100),
    ];

    // A beheerder (the app shows its Server-Timing header to beheerders, and to everyone in Development only) who is a
    // member of plein 1, the busiest: the gids puts one's own pleinen first, as it does for a professional there.
    protected override Task ArrangeAsync() => Arrange.UserAsync(Db, Email, "beheerder", [Region.PleinId(1)]);

    sealed record Timing(double Server, double Sql, int Queries, double RoundTrip);

    [Test]
    public async Task Gids_search_with_text_and_two_facets_at_20000_professionals()
    {
        var address = RealServer.Start(App);
        using var browser = await BrowserAsync(address);
        await using var dataSource = SociaalPlein.Data.Infrastructure.DataSourceSettings.Build(Db.ConnectionString);
        var search = new GidsSearch(dataSource);
        var moment = new GidsMoment(new DateOnly(2026, 11, 24), new TimeOnly(10, 0));

        var page = await search.RunAsync(Query, moment);
        var before = ProcessMemory.ResetPeak();
        var app = new List<Timing>();
        await Measure(async () => app.Add(await GetAsync(browser, Url)));
        app = app.Skip(Warmup).ToList();
        var peak = ProcessMemory.Peak;
        var sql = await Measure(() => search.RunAsync(Query, moment));
        // Issue 8: what Npgsql's auto-prepare (DataSourceSettings: Max Auto Prepare 64) is worth for this statement.
        var unprepared = new Npgsql.NpgsqlConnectionStringBuilder(Db.ConnectionString) { MaxAutoPrepare = 0 };
        await using var plainSource = Npgsql.NpgsqlDataSource.Create(unprepared.ConnectionString);
        var sqlUnprepared = await Measure(() => new GidsSearch(plainSource).RunAsync(Query, moment));
        var concurrent = await Throughput(address, 8, TimeSpan.FromSeconds(10));
        var plan = await PlanAsync(moment);
        var everyday = new List<(Everyday Case, List<Timing> Times, string Found)>();
        foreach (var c in Cases) everyday.Add((c, await MeasureAsync(browser, c), await FoundAsync(browser, c.Url)));

        Assert.That(page.Total, Is.GreaterThan(0), "the benchmark search must find something to be meaningful");
        Assert.That(app.Select(t => t.Queries).Distinct().Count(), Is.EqualTo(1), "every search ran the same statements");
        Assert.That(everyday.Select(e => e.Found), Has.None.EqualTo("0"), "every everyday case must find something");
        WriteReport(page.Total, app, sql, sqlUnprepared, concurrent, plan, (before, peak), everyday);
    }

    /// <summary>One everyday case through the app; after a directory change means the version raised before each run.</summary>
    async Task<List<Timing>> MeasureAsync(HttpClient browser, Everyday c)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var times = new List<Timing>();
        for (var i = 0; i < Warmup + Runs; i++)
        {
            if (c.AfterDirectoryChange) await conn.ExecuteAsync("UPDATE directory_version SET version = version + 1");
            var t = await GetAsync(browser, c.Url);
            if (i >= Warmup) times.Add(t);
        }
        return times;
    }

    /// <summary>What the page says it found ("1670 collega's gevonden", "1670 professionals"), for the report.</summary>
    static async Task<string> FoundAsync(HttpClient browser, string url)
    {
        var html = await browser.GetStringAsync(url);
        var m = System.Text.RegularExpressions.Regex.Match(html, @"([0-9.]+) (?:collega|professional)");
        return m.Success ? m.Groups[1].Value : "?";
    }

    static async Task<HttpClient> BrowserAsync(Uri address)
    {
        var browser = RealServer.Browser(address);
        Assert.That((await browser.LogInAsync(Email, Arrange.Password)).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Redirect));
        return browser;
    }

    /// <summary>One search: the app's own times from its Server-Timing header, and the client's round trip.</summary>
    static async Task<Timing> GetAsync(HttpClient browser, string url)
    {
        var watch = Stopwatch.StartNew();
        using var response = (await browser.GetAsync(url)).EnsureSuccessStatusCode();
        var roundTrip = watch.Elapsed.TotalMilliseconds;
        var header = string.Join(",", response.Headers.GetValues("Server-Timing"));
        var m = ServerTiming().Match(header);
        Assert.That(m.Success, header);
        double Ms(string group) => double.Parse(m.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);
        return new Timing(Ms("app"), Ms("db"), int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture), roundTrip);
    }

    [System.Text.RegularExpressions.GeneratedRegex("""db;dur=(?<db>[0-9.]+);desc="(?<n>[0-9]+) quer(?:y|ies)", app;dur=(?<app>[0-9.]+)""")]
    private static partial System.Text.RegularExpressions.Regex ServerTiming();

    internal static async Task<(double Median, double P95)> Measure(Func<Task> run)
    {
        for (var i = 0; i < Warmup; i++) await run();
        var times = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await run();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (times[times.Count / 2], times[(int)(times.Count * 0.95)]);
    }

    static async Task<double> Throughput(Uri address, int clients, TimeSpan duration)
    {
        var browsers = new List<HttpClient>();
        for (var i = 0; i < clients; i++) browsers.Add(await BrowserAsync(address));
        var until = DateTime.UtcNow + duration;
        var done = 0;
        await Task.WhenAll(browsers.Select(async browser =>
        {
            while (DateTime.UtcNow < until)
            {
                (await browser.GetAsync(Url)).EnsureSuccessStatusCode();
                Interlocked.Increment(ref done);
            }
        }));
        foreach (var browser in browsers) browser.Dispose();
        return done / duration.TotalSeconds;
    }

    async Task<string> PlanAsync(GidsMoment moment)
    {
        var (statement, parameters) = GidsSearch.StatementFor(Query, moment);
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return string.Join("\n", await conn.QueryAsync<string>("EXPLAIN (ANALYZE, COSTS OFF) " + statement, parameters));
    }

    internal static (double Median, double P95) Percentiles(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[sorted.Count / 2], sorted[(int)(sorted.Count * 0.95)]);
    }

    static string Verdict(Everyday c, (double Median, double P95) server) =>
        (double.IsNaN(c.Median) || server.Median <= c.Median) && server.P95 <= c.P95 ? "met" : "NOT met";

    static string Target(Everyday c) => double.IsNaN(c.Median) ? $"≤ {c.P95:F0} ms p95" : $"≤ {c.Median:F0} ms median, ≤ {c.P95:F0} ms p95";

    static string EverydayTable(List<(Everyday Case, List<Timing> Times, string Found)> everyday) => string.Join("\n", everyday.Select(e =>
    {
        var server = Percentiles(e.Times.Select(t => t.Server));
        var sql = Percentiles(e.Times.Select(t => t.Sql));
        return $"| {e.Case.What}: `{e.Case.Url}` | {e.Found} | **{server.Median:F1} ms** | **{server.P95:F1} ms** | {sql.Median:F1} ms | "
            + $"{e.Times[0].Queries} | {Target(e.Case)}: {Verdict(e.Case, server)} |";
    }));

    static void WriteReport(int total, List<Timing> app, (double Median, double P95) sql,
        (double Median, double P95) sqlUnprepared, double perSecond, string plan, (long Before, long Peak) memory,
        List<(Everyday Case, List<Timing> Times, string Found)> everyday)
    {
        var server = Percentiles(app.Select(t => t.Server));
        var serverSql = Percentiles(app.Select(t => t.Sql));
        var roundTrip = Percentiles(app.Select(t => t.RoundTrip));
        BenchmarkReport.WriteSection("## Gids search", $"""
            Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {BenchmarkReport.Machine}, `fsync` off (a read benchmark).

            The shared region (see "Region dataset"): {Scale.Professionals:N0} professionals in {Scale.Organisations:N0} organisations,
            {Scale.Pleinen} pleinen; the search `{Url}` (text plus two facets) finds {total} professionals. {Runs} runs after {Warmup}
            warm-up runs, one client, through the real app on Kestrel over HTTPS on loopback. Server time is what the app
            itself reports in its `Server-Timing` header (`app`: from the request entering the middleware to the response
            starting: routing, auth with its per-request session check, SQL, rendering); the round trip adds TLS, sockets and
            the client.

            | measured | median | p95 | target |
            |---|---|---|---|
            | **page, server time** (`Server-Timing: app`) | **{server.Median:F1} ms** | **{server.P95:F1} ms** | ≤ 20 ms median, ≤ 50 ms p95: {(server.Median <= 20 && server.P95 <= 50 ? "met" : "NOT met")} |
            | of which SQL (`Server-Timing: db`, {app[0].Queries} commands: the session check, the search's plan setting, the search) | {serverSql.Median:F1} ms | {serverSql.P95:F1} ms | |
            | page, round trip at the client | {roundTrip.Median:F1} ms | {roundTrip.P95:F1} ms | |
            | floor: the same search SQL alone through Npgsql (results + facets, one round trip) | {sql.Median:F1} ms | {sql.P95:F1} ms | |
            | ratio server time / floor | {server.Median / sql.Median:F2}× | | |
            | the floor without auto-prepare (`Max Auto Prepare = 0`: planned on every run) | {sqlUnprepared.Median:F1} ms | {sqlUnprepared.P95:F1} ms | |

            The search is planned for its own values on every run (`plan_cache_mode = force_custom_plan` in its transaction):
            at region scale the generic plan that an auto-prepared statement settles on after five runs took 25.4 ms against
            13.2 ms (run of 2026-11-24 04:36). So auto-prepare saves only the parse here; for the app's small statements it
            saves parse and plan.

            Peak resident memory of the test process (the app, the client, the runner) during the app's runs:
            {ProcessMemory.Mb(memory.Peak)}, {ProcessMemory.Mb(memory.Peak - memory.Before)} above its resident set before them.
            Load average (1, 5, 15 minutes) when the run ended: {BenchmarkReport.LoadAverage}.

            Throughput with 8 concurrent clients over HTTPS: {perSecond:F0} searches per second.

            The everyday searches and the beheer's professional search, each {Runs} runs after {Warmup} warm-up runs the same
            way, by the same beheerder (a member of plein 1: the gids lists one's own pleinen first). Server time as above;
            SQL is `Server-Timing: db`, commands the number of SQL commands the request ran. Every search's total and
            directory facets are kept per directory version (db/0043), by its words and filters (not for the filters on the
            moment: spreekuur, open today or now): the rows "first after a directory change" raise the version before every
            run, so each of their runs counts them again, as the first search of its kind after any directory change does;
            the landing page then reads the counts the database keeps for the whole directory (db/0120) instead of counting.

            | page | found | server median | server p95 | SQL median | commands | target |
            |---|---|---|---|---|---|---|
            {EverydayTable(everyday)}

            Load average (1, 5, 15 minutes) after these runs: {BenchmarkReport.LoadAverage}.

            Query plan of the whole search statement (EXPLAIN ANALYZE; matching set, page, facets):

            ```
            {plan}
            ```
            """);
    }
}
