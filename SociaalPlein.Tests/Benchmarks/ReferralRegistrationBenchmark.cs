using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using SociaalPlein.Data.Accounts;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Benchmarks;

/// <summary>
/// Sustained referral registration through the real form: on the shared region (<see cref="BenchmarkRegion"/>),
/// browsers open <c>/verwijzingen/nieuw</c>, take its antiforgery token and request id, and post a referral, as fast as
/// the server answers, for a fixed time, on Kestrel over HTTPS with durable commits (fsync on). The floor: the same
/// INSERTs through Npgsql, <see cref="ReferralEntry.CreateAsync"/> (what the page calls) from as many tasks at once.
/// Counts what was submitted and what was stored; asserts only that the two are equal (no times: the figures go into
/// docs/benchmarks.md).
/// </summary>
[Explicit("Benchmark: about two minutes, not part of the default test run")]
[Category("Benchmark")]
public sealed partial class ReferralRegistrationBenchmark : RegionBenchmark
{
    static readonly TimeSpan Warmup = TimeSpan.FromSeconds(15), Duration = TimeSpan.FromSeconds(30);
    const int Browsers = 16;
    static readonly DateOnly Today = new(2026, 11, 23);
    // A generated professional of plein 2 (plein 1 is the newsletter's hot one); its password is Arrange.Password.
    const string Email = "professional2@regio.test";

    sealed record Target(int UserId, int PleinId, int ReceiverId, int LeefgebiedId);

    Target _target = null!;

    protected override async Task ArrangeAsync()
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        _target = await conn.QuerySingleAsync<Target>("""
            SELECT u.id AS user_id, up.plein_id, p.id AS receiver_id, (SELECT id FROM leefgebied WHERE code = 'financien') AS leefgebied_id
            FROM app_user u JOIN app_user_plein up ON up.user_id = u.id
            JOIN professional_plein pp ON pp.plein_id = up.plein_id JOIN professional p ON p.id = pp.professional_id
            WHERE u.email = @email AND p.active AND p.id IS DISTINCT FROM u.professional_id
            ORDER BY p.id LIMIT 1
            """, new { email = Email });
    }

    [Test]
    public async Task Referrals_registered_through_the_form_per_second()
    {
        var address = RealServer.Start(App);
        var browsers = new List<HttpClient>();
        for (var i = 0; i < Browsers; i++)
        {
            var browser = RealServer.Browser(address);
            var login = await browser.LogInAsync(Email, Arrange.Password);
            Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the generated professional logs in");
            browsers.Add(browser);
        }
        var before = await CountReferralsAsync();
        Run result, floor;
        long memoryBefore, peak;
        await using (await RealServer.DurableCommitsAsync(Db))
        {
            Assert.That(await RealServer.SettingAsync(Db, "fsync"), Is.EqualTo("on"), "the benchmark measures durable commits");
            await RunAsync(browsers, Warmup);
            memoryBefore = ProcessMemory.ResetPeak();
            result = await RunAsync(browsers, Duration);
            peak = ProcessMemory.Peak;
            floor = await FloorAsync(Duration);
        }
        var stored = await CountReferralsAsync(result.RequestIds);
        var storedFloor = await CountReferralsAsync(floor.RequestIds);
        foreach (var browser in browsers) browser.Dispose();

        Assert.That(result.Failures, Is.Zero, "every submit is answered with the stored referral");
        Assert.That(stored, Is.EqualTo(result.RequestIds.Count), "the stored count equals the submitted count");
        Assert.That(storedFloor, Is.EqualTo(floor.RequestIds.Count), "the floor stored what it wrote");
        Report(result, stored, floor, await CountReferralsAsync() - before, (memoryBefore, peak));
    }

    /// <summary>The floor: the entry the page calls, through the app's data source, from <see cref="Browsers"/> tasks at once.</summary>
    async Task<Run> FloorAsync(TimeSpan duration)
    {
        await using var dataSource = SociaalPlein.Data.Infrastructure.DataSourceSettings.Build(Db.ConnectionString);
        var entry = new ReferralEntry(dataSource);
        var ids = new ConcurrentQueue<Guid>();
        var times = new ConcurrentQueue<double>();
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Browsers).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                var started = clock.Elapsed;
                var draft = new ReferralDraft(Guid.NewGuid(), Today, new Party(Party.EigenInitiatief, null), new Party(Party.Professional, _target.ReceiverId),
                    "Hulp bij ordenen van post en rekeningen", "Administratie", _target.LeefgebiedId,
                    // Confirmed: one account sends the same referral over and over here, which the resubmission guard holds back.
                    ConsentShareContact: false, ConsentFeedback: true, Spoed: false, RepeatConfirmed: true);
                var result = await entry.CreateAsync(_target.UserId, new ReferralContext(_target.PleinId, null), draft, Today);
                if (!result.Stored) { Interlocked.Increment(ref failures); continue; }
                ids.Enqueue(draft.RequestId);
                times.Enqueue((clock.Elapsed - started).TotalMilliseconds);
            }
        }));
        return new Run(ids.ToList(), failures, times.ToList(), times.ToList(), clock.Elapsed);
    }

    sealed record Run(IReadOnlyList<Guid> RequestIds, int Failures, IReadOnlyList<double> Registrations, IReadOnlyList<double> Posts, TimeSpan Elapsed);

    async Task<Run> RunAsync(IReadOnlyList<HttpClient> browsers, TimeSpan duration)
    {
        var ids = new ConcurrentQueue<Guid>();
        var registrations = new ConcurrentQueue<double>();
        var posts = new ConcurrentQueue<double>();
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(browsers.Select(async browser =>
        {
            while (clock.Elapsed < duration)
            {
                var started = clock.Elapsed;
                var form = await browser.GetStringAsync("/verwijzingen/nieuw?naar=professional-" + _target.ReceiverId);
                var requestId = Guid.Parse(RequestId().Match(form).Groups[1].Value);
                var posting = clock.Elapsed;
                using var response = await browser.PostAsync("/verwijzingen/nieuw", new FormUrlEncodedContent(Fields(form, requestId)));
                var ok = response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.StartsWith("/verwijzingen/") == true;
                if (!ok) { Interlocked.Increment(ref failures); continue; }
                ids.Enqueue(requestId);
                registrations.Enqueue((clock.Elapsed - started).TotalMilliseconds);
                posts.Enqueue((clock.Elapsed - posting).TotalMilliseconds);
            }
        }));
        return new Run(ids.ToList(), failures, registrations.ToList(), posts.ToList(), clock.Elapsed);
    }

    IEnumerable<KeyValuePair<string, string>> Fields(string form, Guid requestId) =>
    [
        new("__RequestVerificationToken", WebUtility.HtmlDecode(BrowserExtensions.AntiforgeryToken().Match(form).Groups[1].Value)),
        new("Input.RequestId", requestId.ToString()),
        new("Input.Date", Today.ToString("yyyy-MM-dd")),
        new("Input.PleinId", _target.PleinId.ToString()),
        new("Input.From", "eigen"),
        new("Input.To", "professional-" + _target.ReceiverId),
        // One question per post: the same one again would be held back by the resubmission guard ("Toch opslaan").
        new("Input.Zorgvraag", $"Hulp bij ordenen van post en rekeningen ({requestId.ToString()[..8]})"),
        new("Input.Category", "Administratie"),
        new("Input.LeefgebiedId", _target.LeefgebiedId.ToString()),
        new("Input.ConsentFeedback", "true"),
    ];

    async Task<long> CountReferralsAsync(IReadOnlyList<Guid>? requestIds = null)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return requestIds is null
            ? await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM referral")
            : await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM referral WHERE request_id = ANY (@requestIds)", new { requestIds = requestIds.ToArray() });
    }

    static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * p))];
    }

    static void Report(Run run, long stored, Run floor, long storedInTotal, (long Before, long Peak) memory)
    {
        var perSecond = run.RequestIds.Count / run.Elapsed.TotalSeconds;
        var floorPerSecond = floor.RequestIds.Count / floor.Elapsed.TotalSeconds;
        BenchmarkReport.WriteSection("## Referral registration", $"""
            Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {BenchmarkReport.Machine}, with `fsync`, `synchronous_commit` and
            `full_page_writes` on (durable commits, as in production).

            {Browsers} browsers, each signed in as a professional of the shared region (see "Region dataset"; {Scale.TotalReferrals:N0}
            referrals already in the table), register referrals as fast as the server answers
            for {Duration.TotalSeconds:F0} s (after {Warmup.TotalSeconds:F0} s warm-up): each opens `/verwijzingen/nieuw?naar=…`
            (its own antiforgery token and request id), then posts the form and gets the redirect to the new referral.
            The app runs on Kestrel over HTTPS on loopback; the browsers run in the same process, on the same 2 cores.

            | measured | value | target |
            |---|---|---|
            | referrals registered per second (sustained) | {perSecond:F0} | ≥ 300: {(perSecond >= 300 ? "met" : "NOT met")} |
            | submitted / stored (by request id) | {run.RequestIds.Count} / {stored} | equal: {(stored == run.RequestIds.Count ? "yes" : "NO")} |
            | failed submits | {run.Failures} | 0 |
            | one registration (GET form + POST), median / p95 | {Percentile(run.Registrations, 0.5):F1} ms / {Percentile(run.Registrations, 0.95):F1} ms | |
            | the POST alone, median / p95 | {Percentile(run.Posts, 0.5):F1} ms / {Percentile(run.Posts, 0.95):F1} ms | |
            | floor: `ReferralEntry.CreateAsync` through Npgsql, {Browsers} tasks, per second | {floorPerSecond:F0} ({floor.Failures} failed) | |
            | floor: one entry, median / p95 | {Percentile(floor.Posts, 0.5):F1} ms / {Percentile(floor.Posts, 0.95):F1} ms | |
            | ratio floor / form (throughput) | {floorPerSecond / perSecond:F2}× | |

            All referrals stored during the run, warm-up included: {storedInTotal}. Each stored referral is one transaction:
            the checks (one round trip), then one INSERT with its status event and notification row, then COMMIT.

            Peak resident memory of the test process (the app on Kestrel and the {Browsers} browsers) during the measured
            run: {ProcessMemory.Mb(memory.Peak)}, {ProcessMemory.Mb(memory.Peak - memory.Before)} above its resident set before it.
            Load average (1, 5, 15 minutes) when the run ended: {BenchmarkReport.LoadAverage}.
            """);
    }

    [GeneratedRegex("name=\"Input.RequestId\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex RequestId();
}
