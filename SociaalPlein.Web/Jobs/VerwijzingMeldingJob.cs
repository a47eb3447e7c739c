using Hangfire;
using SociaalPlein.Data.Verwijzingen;

namespace SociaalPlein.Web.Jobs;

/// <summary>verwijzing-meldingen: every minute, <see cref="ReferralNotificationRun"/> mails the receivers of new referrals.</summary>
public sealed class VerwijzingMeldingJob(ReferralNotificationRun run)
{
    public const string Id = "verwijzing-meldingen";
    public const string Cron = "* * * * *";

    // The next run a minute later is the retry; a failed address is counted per row in the outbox.
    [AutomaticRetry(Attempts = 0)]
    public Task<string> RunAsync(CancellationToken ct) => run.RunAsync(ct);
}
