using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using SociaalPlein.Data.Hsds;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Benchmarks;

/// <summary>
/// The HSDS API at region scale (<see cref="BenchmarkRegion"/>: 20,000 professionals): a page of 50 services with their
/// nested objects (<c>full=true</c>: organization, contacts, languages, attributes, service_at_locations with their
/// location, address and schedules) through the real app on Kestrel over HTTPS, timed by the app's own Server-Timing
/// header, beside the floor of the same page read by the data layer alone (its SQL and the mapping, no HTTP, no JSON).
/// Asserts no times (the target of 50 ms median server time judges the report in docs/benchmarks.md). Run it with
/// <c>dotnet test -c Release --filter FullyQualifiedName~HsdsServicesBenchmark</c>.
/// </summary>
[Explicit("Benchmark: minutes, not part of the default test run")]
[Category("Benchmark")]
public sealed partial class HsdsServicesBenchmark : RegionBenchmark
{
    const int Runs = 300;
    const string Email = "hsds-benchmark@test.nl";

    // A beheerder: the app shows its Server-Timing header to beheerders.
    protected override async Task ArrangeAsync()
    {
        await Arrange.UserAsync(Db, Email, "beheerder");
        // The region's pleinen and organisations have no province yet; with one, every address is served (more work).
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("UPDATE plein SET province = 'Utrecht' WHERE province = ''; UPDATE organisation SET province = 'Utrecht' WHERE province = ''");
    }

    // Hundreds of requests a minute from one caller: above the API's rate limit, which is not what is measured.
    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        [$"{SociaalPlein.Web.Infrastructure.RateLimits.Section}:{nameof(SociaalPlein.Web.Infrastructure.RateLimitSettings.ApiRequestsPerKeyPerMinute)}"] = "1000000",
    };

    [Test]
    public async Task A_page_of_50_full_services_at_20000_professionals()
    {
        var address = RealServer.Start(App);
        using var browser = RealServer.Browser(address);
        Assert.That((await browser.LogInAsync(Email, Arrange.Password)).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Redirect));
        foreach (var page in new[] { 1, 200 })
            await MeasurePageAsync(browser, $"/api/hsds/services?full=true&per_page=50&page={page}",
                async (directory, scope) => Sizes(await directory.ServicesAsync(new HsdsFilter(), scope, HsdsDepth.Full, page, 50)));
        // The list form a sociale kaart pages through: every (professional, plein) pair, its page found between two
        // bookmarks of the kept list rather than by counting and sorting every pair (docs/hsds.md, "Speed").
        foreach (var page in new[] { 1, 200 })
            await MeasurePageAsync(browser, $"/api/hsds/service_at_locations?per_page=50&page={page}",
                async (directory, scope) => Sizes(await directory.ServiceAtLocationsAsync(new HsdsFilter(), scope, HsdsDepth.List, page, 50)));
    }

    static (int Total, int Count) Sizes<T>(HsdsPage<T> page) => (page.TotalItems, page.Contents.Count);

    async Task MeasurePageAsync(HttpClient browser, string url, Func<HsdsDirectory, HsdsScope, Task<(int Total, int Count)>> read)
    {
        await using var dataSource = SociaalPlein.Data.Infrastructure.DataSourceSettings.Build(Db.ConnectionString);
        var directory = new HsdsDirectory(dataSource);
        var scope = new HsdsScope(null, WorkContacts: true, new DateOnly(2026, 11, 24));

        var sample = await read(directory, scope);
        var server = new List<double>();
        var roundTrip = new List<double>();
        var queries = new HashSet<string>();
        await GidsSearchBenchmark.Measure(async () =>
        {
            var watch = Stopwatch.StartNew();
            using var response = (await browser.GetAsync(url)).EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
            roundTrip.Add(watch.Elapsed.TotalMilliseconds);
            var m = ServerTiming().Match(string.Join(",", response.Headers.GetValues("Server-Timing")));
            Assert.That(m.Success);
            server.Add(double.Parse(m.Groups["app"].Value, CultureInfo.InvariantCulture));
            queries.Add(m.Groups["n"].Value);
        });
        var floor = await GidsSearchBenchmark.Measure(() => read(directory, scope));

        Assert.That(sample.Count, Is.EqualTo(50), "a full page");
        Assert.That(sample.Total, Is.GreaterThan(15_000), "region scale");
        if (url.StartsWith("/api/hsds/services")) _services = sample.Total;
        WriteReport(url, _services, queries, GidsSearchBenchmark.Percentiles(server.Skip(30).Take(Runs)),
            GidsSearchBenchmark.Percentiles(roundTrip.Skip(30).Take(Runs)), floor);
    }

    [GeneratedRegex("""db;dur=(?<db>[0-9.]+);desc="(?<n>[0-9]+) quer(?:y|ies)", app;dur=(?<app>[0-9.]+)""")]
    private static partial Regex ServerTiming();

    static readonly List<string> Rows = [];
    static int _services;

    static void WriteReport(string url, int total, HashSet<string> queries, (double Median, double P95) server,
        (double Median, double P95) roundTrip, (double Median, double P95) floor)
    {
        Rows.Add($"| `{url}` | **{server.Median:F1} ms** / {server.P95:F1} ms | {string.Join(", ", queries)} | {roundTrip.Median:F1} ms | "
            + $"{floor.Median:F1} ms / {floor.P95:F1} ms | {server.Median / floor.Median:F2}× | {BenchmarkReport.LoadAverage} | ≤ 50 ms median: {(server.Median <= 50 ? "met" : "NOT met")} |");
        BenchmarkReport.WriteSection("## HSDS API: a page of 50 services", $"""
            Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {BenchmarkReport.Machine}, `fsync` off (a read benchmark).

            The shared region: {total:N0} active services (professionals) of {Scale.Professionals:N0}. A page of 50 services with every
            nested object (`full=true`: organization, contacts with work details, languages, attributes, service_at_locations
            with location, address and spreekuren as schedules), and a page of 50 service_at_locations in their list form (the
            (professional, plein) pairs, found between the kept list's bookmarks), {Runs} runs after 30 warm-up runs, one client, through the real
            app on Kestrel over HTTPS on loopback, as a beheerder. Server time is the app's own `Server-Timing: app`; the floor
            is the same page read by `HsdsDirectory` alone (its SQL round trips and the mapping into objects, without HTTP or
            JSON writing). Page 200 shows what a page deep in the list costs. The lists' totals and bookmarks are kept per directory
            version, and the directory does not change while it runs: these are the kept lists' figures (the first request after a
            change counts the list again; its cost is in docs/hsds.md, "Speed").

            | page | server time, median / p95 | SQL commands | round trip, median | floor (data layer), median / p95 | server / floor | load average after (1, 5, 15 min) | target |
            |---|---|---|---|---|---|---|---|
            {string.Join("\n", Rows)}
            """);
    }
}
