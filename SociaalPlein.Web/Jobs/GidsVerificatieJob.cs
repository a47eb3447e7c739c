using Hangfire;
using SociaalPlein.Data.Gids;

namespace SociaalPlein.Web.Jobs;

/// <summary>gids-verificatie: once a month, <see cref="GidsVerificationRun"/> reminds the entries not confirmed for six months.</summary>
public sealed class GidsVerificatieJob(GidsVerificationRun run)
{
    public const string Id = "gids-verificatie";
    // 07:00 on the 1st of every month, in PleinTime.Zone (Europe/Amsterdam).
    public const string Cron = "0 7 1 * *";

    // Hangfire passes its own token (cancelled on shutdown) for the CancellationToken argument; a run that throws
    // (some reminders failed) is retried, and reaches only those not yet reminded.
    [AutomaticRetry(Attempts = 5)]
    public Task<string> RunAsync(CancellationToken ct) => run.RunAsync(ct);
}
