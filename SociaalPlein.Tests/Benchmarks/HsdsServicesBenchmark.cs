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
            await MeasurePageAsync(browser, page);
    }

    async Task MeasurePageAsync(HttpClient browser, int page)
    {
        var url = $"/api/hsds/services?full=true&per_page=50&page={page}";
        await using var dataSource = SociaalPlein.Data.Infrastructure.DataSourceSettings.Build(Db.ConnectionString);
        var directory = new HsdsDirectory(dataSource);
        var scope = new HsdsScope(null, WorkContacts: true, new DateOnly(2026, 11, 24));

        var sample = await directory.ServicesAsync(new HsdsFilter(), scope, HsdsDepth.Full, page, 50);
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
        var floor = await GidsSearchBenchmark.Measure(() => directory.ServicesAsync(new HsdsFilter(), scope, HsdsDepth.Full, page, 50));

        Assert.That(sample.Contents, Has.Count.EqualTo(50), "a full page");
        Assert.That(sample.TotalItems, Is.GreaterThan(15_000), "region scale");
        WriteReport(url, sample.TotalItems, queries, GidsSearchBenchmark.Percentiles(server.Skip(30).Take(Runs)),
            GidsSearchBenchmark.Percentiles(roundTrip.Skip(30).Take(Runs)), floor);
    }

    [GeneratedRegex("""db;dur=(?<db>[0-9.]+);desc="(?<n>[0-9]+) quer(?:y|ies)", app;dur=(?<app>[0-9.]+)""")]
    private static partial Regex ServerTiming();

    static readonly List<string> Rows = [];

    static void WriteReport(string url, int total, HashSet<string> queries, (double Median, double P95) server,
        (double Median, double P95) roundTrip, (double Median, double P95) floor)
    {
        Rows.Add($"| `{url}` | **{server.Median:F1} ms** / {server.P95:F1} ms | {string.Join(", ", queries)} | {roundTrip.Median:F1} ms | "
            + $"{floor.Median:F1} ms / {floor.P95:F1} ms | {server.Median / floor.Median:F2}× | {BenchmarkReport.LoadAverage} | ≤ 50 ms median: {(server.Median <= 50 ? "met" : "NOT met")} |");
        BenchmarkReport.WriteSection("## HSDS API: a page of 50 services", $"""
            Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {BenchmarkReport.Machine}, `fsync` off (a read benchmark).

            The shared region: {total:N0} active services (professionals) of {Scale.Professionals:N0}. A page of 50 with every
            nested object (`full=true`: organization, contacts with work details, languages, attributes, service_at_locations
            with location, address and spreekuren as schedules), {Runs} runs after 30 warm-up runs, one client, through the real
            app on Kestrel over HTTPS on loopback, as a beheerder. Server time is the app's own `Server-Timing: app`; the floor
            is the same page read by `HsdsDirectory` alone (its SQL round trips and the mapping into objects, without HTTP or
            JSON writing). Page 200 shows what offset paging costs deep in the list.

            | page | server time, median / p95 | SQL commands | round trip, median | floor (data layer), median / p95 | server / floor | load average after (1, 5, 15 min) | target |
            |---|---|---|---|---|---|---|---|
            {string.Join("\n", Rows)}
            """);
    }
}
