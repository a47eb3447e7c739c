using Hangfire;
using SociaalPlein.Data.Gids;
using SociaalPlein.Data.Mail;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Jobs;

/// <summary>
/// gids-verificatie: once a month, asks every professional whose entry was not confirmed for six months to check
/// it at /profiel. Each is reminded once per stale period (StaleEntries keeps count), and a retry after a crash
/// or a failed mail only reaches those not yet reminded.
/// </summary>
public sealed class GidsVerificatieJob(StaleEntries entries, Mailer mailer, PublicAddress site, TimeProvider clock,
    ILogger<GidsVerificatieJob> log)
{
    public const string Id = "gids-verificatie";
    // 07:00 on the 1st of every month, in PleinTime.Zone (Europe/Amsterdam).
    public const string Cron = "0 7 1 * *";

    // Hangfire passes its own token (cancelled on shutdown) for the CancellationToken argument.
    [AutomaticRetry(Attempts = 5)]
    public async Task<string> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await entries.DueForReminderAsync(now, ct);
        var sent = 0;
        var failed = 0;
        foreach (var professionalId in due)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                if (await entries.RemindAsync(professionalId, now, (email, t) => mailer.SendAsync(Reminder(email), t), ct))
                    sent++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One bad address must not keep the others from their reminder; the entry stays due for the retry.
                failed++;
                log.LogWarning(e, "Verification reminder for professional {ProfessionalId} failed", professionalId);
            }
        }
        if (failed > 0)
            throw new ReminderFailedException($"{failed} van {due.Count} herinneringen konden niet worden verstuurd ({sent} wel); een nieuwe poging stuurt alleen de overige.");
        return $"{sent} herinneringen verstuurd";
    }

    // No personal data, not even the professional's own name: the mail only points to the platform.
    OutgoingMail Reminder(string email) => new(email, "Kloppen je gegevens in de gids nog?", $"""
        Beste collega,

        Je gegevens in de gids van het Sociaal Plein zijn al meer dan zes maanden niet gecontroleerd.
        Collega's zoeken je in de gids op om je te bellen of naar je te verwijzen. Kijk daarom even of je
        functie, contactgegevens, leefgebieden en spreekuren nog kloppen:

        {site.Link("/profiel")}

        Klopt alles? Kies dan op die pagina "Mijn gegevens kloppen nog".

        Gegevens die een jaar niet zijn gecontroleerd, staan in de gids als "mogelijk verouderd".

        Met vriendelijke groet,
        Sociaal Plein

        Dit bericht is automatisch verstuurd; antwoorden op dit adres worden niet gelezen.
        """);
}

public sealed class ReminderFailedException(string message) : Exception(message);
