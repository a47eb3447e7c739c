using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Topology;

/// <summary>What a failover drill measured: what the app confirmed and what the promoted standby has of it, how long
/// registering was refused, how long the promotion took.</summary>
public sealed record FailoverFigures(int Confirmed, long Stored, int Refused, int ConfirmedAfterPromotion, TimeSpan RefusedFor,
    TimeSpan Promotion)
{
    public long Lost => Confirmed - Stored;
}

/// <summary>
/// The failover drill: a steady load of registrations through nginx (<see cref="ReferralLoad"/>), then the primary
/// crashes and the standby is promoted; the load goes on until registrations are confirmed by the new primary, and
/// for a few seconds after. The test asserts on its figures; the benchmark writes them down.
/// </summary>
public static class FailoverDrill
{
    public static async Task<FailoverFigures> RunAsync(Topology topology, RegisterPlein plein, int browsers = 6)
    {
        var clients = await ReferralLoad.BrowsersAsync(topology, plein.SenderEmail, browsers);
        try
        {
            var load = new ReferralLoad(clients, plein);
            using var stop = new CancellationTokenSource();
            var running = load.RunAsync(stop.Token);
            await Task.Delay(TimeSpan.FromSeconds(5));
            var failedAt = load.Elapsed;
            await topology.Postgres.FailOverAsync();
            var promotedAt = load.Elapsed;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline && !load.Attempts.Any(a => a.Confirmed && a.At > promotedAt)) await Task.Delay(250);
            await Task.Delay(TimeSpan.FromSeconds(3));
            await stop.CancelAsync();
            await running;

            var attempts = load.Attempts;
            var confirmed = attempts.Where(a => a.Confirmed).ToList();
            var stored = await load.StoredAsync(topology.Postgres.PrimaryConnectionString, confirmed);
            var figures = new FailoverFigures(confirmed.Count, stored, attempts.Count(a => !a.Confirmed),
                confirmed.Count(a => a.At > promotedAt), ReferralLoad.RefusedSpan(attempts, failedAt), promotedAt - failedAt);
            TestContext.Out.WriteLine($"{figures.Confirmed} confirmed, {figures.Stored} on the new primary, {figures.Refused} refused, " +
                                      $"refused for {figures.RefusedFor.TotalSeconds:F1} s, promotion took {figures.Promotion.TotalSeconds:F1} s");
            return figures;
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }
}
