using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using SociaalPlein.Tests.Support;
using SociaalPlein.Tests.Topology;
using TopologyUnderTest = SociaalPlein.Tests.Topology.Topology;

namespace SociaalPlein.Tests.Benchmarks;

/// <summary>
/// The topology of the Topology tests (app instances behind nginx with TLS, a PostgreSQL primary with a hot standby)
/// under load: the gids search and referral registration through nginx with one, two and three instances, the
/// standby's replay lag meanwhile, the price of synchronous replication against asynchronous, and the failover drill
/// with each. Asserts only that nothing confirmed was lost under synchronous replication and no request failed
/// outside a failover; the figures go into docs/benchmarks.md ("Several instances").
/// </summary>
[Explicit("Benchmark: about six minutes, not part of the default test run")]
[Category("Benchmark")]
[NonParallelizable]
public sealed class TopologyBenchmark
{
    static readonly TimeSpan Warmup = TimeSpan.FromSeconds(5), Duration = TimeSpan.FromSeconds(15);
    const int Clients = 8;

    sealed record Load(string What, int Instances, double PerSecond, double Median, double P95, int Failed, string Lag);

    [Test]
    public async Task Gids_and_registration_through_nginx_with_one_two_and_three_instances_and_the_failover()
    {
        var started = DateTime.UtcNow;
        var loadBefore = BenchmarkReport.LoadAverage;
        var loads = new List<Load>();
        FailoverFigures? synchronousDrill = null;
        FailoverFigures asynchronousDrill;
        for (var instances = 1; instances <= 3; instances++)
        {
            await using var topology = await TopologyUnderTest.StartAsync(instances, synchronous: true);
            var plein = await RegisterArrange.PleinAsync(topology.Db);
            loads.Add(await GidsAsync(topology, plein, instances));
            loads.Add(await RegistrationAsync(topology, plein, instances, "registration, synchronous commit"));
            if (instances < 3) continue;
            await topology.Postgres.SetSynchronousAsync(false);
            loads.Add(await RegistrationAsync(topology, plein, instances, "registration, asynchronous commit"));
            await topology.Postgres.SetSynchronousAsync(true);
            synchronousDrill = await FailoverDrill.RunAsync(topology, plein, Clients);
        }
        await using (var topology = await TopologyUnderTest.StartAsync(3, synchronous: false))
            asynchronousDrill = await FailoverDrill.RunAsync(topology, await RegisterArrange.PleinAsync(topology.Db), Clients);

        Assert.That(loads.Sum(l => l.Failed), Is.Zero, "no request failed while no server did");
        Assert.That(synchronousDrill!.Lost, Is.Zero, "synchronous replication: no confirmed registration lost");
        Report(started, loadBefore, loads, synchronousDrill, asynchronousDrill);
    }

    static async Task<Load> GidsAsync(TopologyUnderTest topology, RegisterPlein plein, int instances)
    {
        var browsers = await ReferralLoad.BrowsersAsync(topology, plein.SenderEmail, Clients);
        try
        {
            await SearchAsync(browsers, Warmup);
            var (times, failed, elapsed, lag) = await WithLagAsync(topology, () => SearchAsync(browsers, Duration));
            return new Load("gids search `/gids?q=huurtoeslag`", instances, times.Count / elapsed.TotalSeconds,
                ReferralLoad.Percentile(times, 0.5), ReferralLoad.Percentile(times, 0.95), failed, lag);
        }
        finally
        {
            foreach (var b in browsers) b.Dispose();
        }
    }

    static async Task<(List<double> Times, int Failed, TimeSpan Elapsed)> SearchAsync(IReadOnlyList<HttpClient> browsers, TimeSpan duration)
    {
        var times = new List<double>();
        var failed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(browsers.Select(async browser =>
        {
            while (clock.Elapsed < duration)
            {
                var start = clock.Elapsed;
                using var response = await browser.GetAsync("/gids?q=huurtoeslag");
                await response.Content.ReadAsByteArrayAsync();
                lock (times)
                {
                    if (response.StatusCode == HttpStatusCode.OK) times.Add((clock.Elapsed - start).TotalMilliseconds);
                    else failed++;
                }
            }
        }));
        return (times, failed, clock.Elapsed);
    }

    static async Task<Load> RegistrationAsync(TopologyUnderTest topology, RegisterPlein plein, int instances, string what)
    {
        var browsers = await ReferralLoad.BrowsersAsync(topology, plein.SenderEmail, Clients);
        try
        {
            await RegisterAsync(browsers, plein, Warmup);
            var (load, _, _, lag) = await WithLagAsync(topology, async () => { var l = await RegisterAsync(browsers, plein, Duration); return (l, 0, TimeSpan.Zero); });
            var confirmed = load.Attempts.Where(a => a.Confirmed).ToList();
            var stored = await load.StoredAsync(topology.Postgres.PrimaryConnectionString, confirmed);
            Assert.That(stored, Is.EqualTo(confirmed.Count), "every confirmed registration is stored");
            var times = confirmed.Select(a => a.Milliseconds).ToList();
            return new Load(what, instances, confirmed.Count / load.Elapsed.TotalSeconds, ReferralLoad.Percentile(times, 0.5),
                ReferralLoad.Percentile(times, 0.95), load.Attempts.Count - confirmed.Count, lag);
        }
        finally
        {
            foreach (var b in browsers) b.Dispose();
        }
    }

    static async Task<ReferralLoad> RegisterAsync(IReadOnlyList<HttpClient> browsers, RegisterPlein plein, TimeSpan duration)
    {
        var load = new ReferralLoad(browsers, plein);
        using var stop = new CancellationTokenSource(duration);
        await load.RunAsync(stop.Token);
        return load;
    }

    /// <summary>Runs <paramref name="measured"/> while sampling the standby's replay lag every 200 ms: "max time / max bytes".</summary>
    static async Task<(T, int, TimeSpan, string)> WithLagAsync<T>(TopologyUnderTest topology, Func<Task<(T, int, TimeSpan)>> measured)
    {
        var samples = new List<(TimeSpan? Lag, long Bytes)>();
        using var stop = new CancellationTokenSource();
        var sampling = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                samples.Add(await topology.Postgres.LagAsync());
                await Task.Delay(200, CancellationToken.None);
            }
        });
        var (result, failed, elapsed) = await measured();
        await stop.CancelAsync();
        await sampling;
        var maxLag = samples.Max(s => s.Lag ?? TimeSpan.Zero);
        var lag = string.Create(CultureInfo.InvariantCulture, $"{maxLag.TotalMilliseconds:F1} ms / {samples.Max(s => s.Bytes):N0} B");
        return (result, failed, elapsed, lag);
    }

    static void Report(DateTime started, string loadBefore, List<Load> loads, FailoverFigures synchronous, FailoverFigures asynchronous)
    {
        var body = new StringBuilder();
        body.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Run {started:yyyy-MM-dd HH:mm} UTC on {BenchmarkReport.Machine}, two clusters (primary and hot standby, `fsync` on), " +
            $"load average (1, 5, 15 minutes) when it started: {loadBefore}, when it ended: {BenchmarkReport.LoadAverage}."));
        body.AppendLine();
        body.AppendLine($"""
            The topology of the Topology tests, started anew for each number of instances: the app instances (the built
            `SociaalPlein.Web.dll`, Production, each its own process) behind Debian's nginx (`deploy/nginx/sociaalplein.conf`,
            TLS, round robin), a PostgreSQL primary with a hot standby made by `pg_basebackup -R`, everything on the same
            2 cores with the {Clients} clients, {Duration.TotalSeconds:F0} s measured after {Warmup.TotalSeconds:F0} s warm-up. The
            machine was shared with other builds and test runs while this ran (the load average above): the figures say
            what the extra hops cost and that nothing breaks, not what more machines would give; on one machine more
            instances only share the same cores. The database is a test plein (a handful of professionals), so the gids
            figures are the cost of the path (TLS, nginx, the instance, the standby), not of the search itself: "Gids
            search" above measures that on the region. With lagging reads on, the search reads from the standby.
            Registration: open `/verwijzingen/nieuw`, post it, get the redirect to the stored referral (one attempt =
            both requests); each client's attempts one after the other. Replay lag: `pg_stat_replication.replay_lag`
            and the bytes not yet replayed, sampled on the primary every 200 ms during the run, the largest seen.
            """);
        body.AppendLine();
        body.AppendLine("| measured | instances | per second | median | p95 | failed | standby replay lag (max time / bytes) |");
        body.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var l in loads)
            body.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {l.What} | {l.Instances} | {l.PerSecond:F0} | {l.Median:F1} ms | {l.P95:F1} ms | {l.Failed} | {l.Lag} |"));
        var sync = loads.Single(l => l.What.Contains("synchronous commit") && !l.What.Contains("asynchronous") && l.Instances == 3);
        var async = loads.Single(l => l.What.Contains("asynchronous"));
        body.AppendLine();
        body.AppendLine(string.Create(CultureInfo.InvariantCulture, $"""
            The price of synchronous replication (3 instances): {sync.PerSecond:F0} against {async.PerSecond:F0} registrations
            per second, p95 {sync.P95:F1} ms against {async.P95:F1} ms: every commit waits for the standby to flush it too.
            On loopback that wait is one more fsync on the same disk; between two machines it is a network round trip.
            The two runs came one after the other on the same topology; with the load average above 2 (the cores' count),
            two runs of one configuration can differ as much as this, so read it as the order of the price, and the
            fall from one to three instances as mostly the machine's load, which rose during the run.
            """));
        body.AppendLine();
        body.AppendLine("Failover drill (3 instances, clients registering through nginx; the primary stopped with `pg_ctl stop -m immediate`, the standby promoted with `pg_ctl promote`; the app not restarted):");
        body.AppendLine();
        body.AppendLine("| replication | confirmed | on the new primary | lost | refused attempts | refused for | promotion took |");
        body.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var (name, d) in new[] { ("synchronous", synchronous), ("asynchronous", asynchronous) })
            body.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {d.Confirmed} | {d.Stored} | {d.Lost} | {d.Refused} | {d.RefusedFor.TotalSeconds:F1} s | {d.Promotion.TotalSeconds:F1} s |"));
        body.AppendLine();
        body.AppendLine("""
            "Refused for" is from the first refused attempt after the crash to the first confirmed one after it. Zero lost
            with asynchronous replication here says little: on loopback the standby is microseconds behind, so a crash rarely
            catches a commit it has not received; across a network, or with the standby busy, asynchronous replication may
            lose the last commits confirmed before the crash, and synchronous replication never does.
            """);
        BenchmarkReport.WriteSection("## Several instances", body.ToString());
    }
}
