using System.Diagnostics;
using Dapper;
using SociaalPlein.Data.Gids;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Benchmarks;

/// <summary>
/// The gids at region scale (20,000 professionals in 2,000 organisations): a search with text plus two facets,
/// through the real app and, as the floor, the same SQL alone. Reports figures and the query plan in
/// docs/benchmarks.md; asserts no times (the targets judge the report). Run it with
/// <c>dotnet test -c Release --filter TestCategory=Benchmark</c>.
/// </summary>
[Explicit("Benchmark: minutes, not part of the default test run")]
[Category("Benchmark")]
public sealed class GidsSearchBenchmark : AppFixture
{
    const int Warmup = 30, Runs = 300;
    const string Url = "/gids?q=schulden&leefgebied=financien&taal=ar";
    static readonly GidsQuery Query = new("schulden", Leefgebieden: ["financien"], Language: "ar");

    protected override async Task ArrangeAsync()
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        // Everything generated in PostgreSQL: 10 pleinen with 5 wijken, 2,000 organisations, 20,000 professionals
        // with 1–3 leefgebieden, Dutch plus sometimes a second language, a plein, a wijk; 30% hold a spreekuur.
        await conn.ExecuteAsync("""
            INSERT INTO plein (name, municipality, opened_on)
            SELECT 'Sociaal Plein ' || n, 'Gemeente ' || n, DATE '2023-01-01' FROM generate_series(1, 10) n;
            INSERT INTO wijk (plein_id, name) SELECT p.id, 'Wijk ' || w FROM plein p, generate_series(1, 5) w;
            INSERT INTO organisation (name, domein, kind)
            SELECT 'Organisatie ' || n || ' ' || (ARRAY['Schuldhulp','Huisartsen','Welzijn','Wijkteam','GGZ'])[n % 5 + 1],
                   (ARRAY['sociaal','medisch','welzijn','sociaal','medisch'])[n % 5 + 1],
                   (ARRAY['schuldhulpverlening','huisartsenpraktijk','welzijn','wijkteam','ggz'])[n % 5 + 1]
            FROM generate_series(1, 2000) n;
            INSERT INTO professional (organisation_id, name, function, about)
            SELECT (SELECT min(id) FROM organisation) + n % 2000,
                   (ARRAY['Anna','Mohamed','Fatima','Jan','Sanne','Youssef','Kees','Ayşe','Piet','Noor'])[n % 10 + 1] || ' ' ||
                   (ARRAY['de Vries','Jansen','El Amrani','Bakker','Yılmaz','Visser','Smit','Meijer','de Boer','Mulder','Bos','Kaya'])[n % 12 + 1] || ' ' || n,
                   (ARRAY['Schuldhulpverlener','Huisarts','Welzijnscoach','Maatschappelijk werker','Praktijkondersteuner GGZ','Wijkverpleegkundige'])[n % 6 + 1],
                   'Ik help bewoners met vragen over ' || (ARRAY['geld en schulden','gezondheid','eenzaamheid','wonen','opvoeding'])[n % 5 + 1]
            FROM generate_series(1, 20000) n;
            INSERT INTO professional_leefgebied
            SELECT DISTINCT p.id, l.id FROM professional p
            JOIN LATERAL (SELECT id FROM leefgebied ORDER BY (id * 7919 + p.id * 104729) % 13 LIMIT 1 + p.id % 3) l ON true;
            INSERT INTO professional_language SELECT id, 'nl' FROM professional;
            INSERT INTO professional_language SELECT id, (ARRAY['ar','tr','en','pl','so','uk'])[id % 6 + 1] FROM professional WHERE id % 3 = 0;
            INSERT INTO professional_plein SELECT p.id, (SELECT min(id) FROM plein) + p.id % 10 FROM professional p;
            INSERT INTO professional_wijk SELECT pp.professional_id, (SELECT min(w.id) FROM wijk w WHERE w.plein_id = pp.plein_id) + pp.professional_id % 5
            FROM professional_plein pp;
            INSERT INTO spreekuur (plein_id, organisation_id, professional_id, kind, title, weekday, starts_at, ends_at, valid_from)
            SELECT pp.plein_id, p.organisation_id, p.id, 'spreekuur', 'Spreekuur', 1 + p.id % 5, '09:00', '11:00', DATE '2024-01-01'
            FROM professional p JOIN professional_plein pp ON pp.professional_id = p.id WHERE p.id % 10 < 3;
            """);
        // What autovacuum does on a live server after a bulk load: statistics, and the GIN indexes' pending lists
        // merged into the index proper (otherwise every search scans the unsorted pending list). VACUUM cannot run
        // in the batch above (it refuses a transaction block).
        await conn.ExecuteAsync("VACUUM ANALYZE");
        await Arrange.UserAsync(Db, "bench@test.nl");
    }

    [Test]
    public async Task Gids_search_with_text_and_two_facets_at_20000_professionals()
    {
        using var browser = App.Browser();
        await browser.LogInAsync("bench@test.nl", Arrange.Password);
        await using var dataSource = SociaalPlein.Data.Infrastructure.DataSourceSettings.Build(Db.ConnectionString);
        var search = new GidsSearch(dataSource);
        var moment = new GidsMoment(new DateOnly(2026, 11, 24), new TimeOnly(10, 0));

        var page = await search.RunAsync(Query, moment);
        var before = ProcessMemory.ResetPeak();
        var app = await Measure(async () => (await browser.GetAsync(Url)).EnsureSuccessStatusCode());
        var peak = ProcessMemory.Peak;
        var sql = await Measure(() => search.RunAsync(Query, moment));
        // Issue 8: what Npgsql's auto-prepare (DataSourceSettings: Max Auto Prepare 64) is worth for this statement.
        var unprepared = new Npgsql.NpgsqlConnectionStringBuilder(Db.ConnectionString) { MaxAutoPrepare = 0 };
        await using var plainSource = Npgsql.NpgsqlDataSource.Create(unprepared.ConnectionString);
        var sqlUnprepared = await Measure(() => new GidsSearch(plainSource).RunAsync(Query, moment));
        var concurrent = await Throughput(8, TimeSpan.FromSeconds(5));
        var plan = await PlanAsync(moment);

        Assert.That(page.Total, Is.GreaterThan(0), "the benchmark search must find something to be meaningful");
        WriteReport(page.Total, app, sql, sqlUnprepared, concurrent, plan, (before, peak));
    }

    static async Task<(double Median, double P95)> Measure(Func<Task> run)
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

    async Task<double> Throughput(int clients, TimeSpan duration)
    {
        var until = DateTime.UtcNow + duration;
        var done = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            using var browser = App.Browser();
            await browser.LogInAsync("bench@test.nl", Arrange.Password);
            while (DateTime.UtcNow < until)
            {
                (await browser.GetAsync(Url)).EnsureSuccessStatusCode();
                Interlocked.Increment(ref done);
            }
        }));
        return done / duration.TotalSeconds;
    }

    async Task<string> PlanAsync(GidsMoment moment)
    {
        var (statement, parameters) = GidsSearch.StatementFor(Query, moment);
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return string.Join("\n", await conn.QueryAsync<string>("EXPLAIN (ANALYZE, COSTS OFF) " + statement, parameters));
    }

    static void WriteReport(int total, (double Median, double P95) app, (double Median, double P95) sql,
        (double Median, double P95) sqlUnprepared, double perSecond, string plan, (long Before, long Peak) memory) =>
        BenchmarkReport.WriteSection("## Gids search (issue 3)", $"""
            Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {BenchmarkReport.Machine}, `fsync` off (a read benchmark).

            20,000 professionals in 2,000 organisations, 10 pleinen; the search `{Url}` (text plus two facets)
            finds {total} professionals. {Runs} runs after {Warmup} warm-up runs, one client; in-process test server,
            so the time is the server's (routing, auth with its per-request session check, SQL, rendering), with no network.

            | measured | median | p95 | target |
            |---|---|---|---|
            | page through the app (server time) | {app.Median:F1} ms | {app.P95:F1} ms | ≤ 20 ms median, ≤ 50 ms p95: {(app.Median <= 20 && app.P95 <= 50 ? "met" : "NOT met")} |
            | floor: the same search SQL alone (results + facets, one round trip) | {sql.Median:F1} ms | {sql.P95:F1} ms | |
            | ratio app / floor | {app.Median / sql.Median:F2}× | | |
            | the floor without auto-prepare (`Max Auto Prepare = 0`: planned on every run) | {sqlUnprepared.Median:F1} ms | {sqlUnprepared.P95:F1} ms | |

            Peak resident memory of the test process (the app, the client, the runner) during the app's runs:
            {ProcessMemory.Mb(memory.Peak)}, {ProcessMemory.Mb(memory.Peak - memory.Before)} above its resident set before them.
            Load average (1, 5, 15 minutes) when the run ended: {BenchmarkReport.LoadAverage}.

            Throughput with 8 concurrent clients: {perSecond:F0} searches per second.

            Query plan of the whole search statement (EXPLAIN ANALYZE; matching set, page, facets):

            ```
            {plan}
            ```
            """);
}
