using Hangfire;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Bezoekers;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Web.Jobs;

/// <summary>
/// contactgegevens-wissen: every night, erases the names and phones referrals carried whose retention period has
/// passed, each row on its own clock (ContactRetention), and logs the run with the number erased only, never whose.
/// </summary>
public sealed class ContactRetentionJob(ContactRetention retention, AuditLog audit, TimeProvider clock)
{
    public const string Id = "contactgegevens-wissen";
    // 03:00 every day, in PleinTime.Zone (Europe/Amsterdam): after the day's last contacts, before the first desk opens.
    public const string Cron = "0 3 * * *";

    // A failed run is simply repeated: what has expired is found again, what was erased stays erased.
    [AutomaticRetry(Attempts = 5)]
    public async Task<string> RunAsync(CancellationToken ct)
    {
        var today = PleinTime.Today(clock);
        var erased = await retention.EraseExpiredAsync(today, ct);
        await audit.WriteAsync(new AuditEntry(ContactRetention.EraseAction, Allowed: true, ObjectType: "referral_contact",
            Detail: new { erased, today = today.ToString("yyyy-MM-dd") }), ct);
        return $"{erased} contactgegevens gewist";
    }
}
