using Microsoft.Extensions.Logging;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Mail;

namespace SociaalPlein.Data.Gids;

/// <summary>
/// Asks every professional whose entry was not confirmed for six months to check it at /profiel (the gids-verificatie
/// job, monthly). Each is reminded once per stale period (StaleEntries keeps count), and a retry after a crash
/// or a failed mail only reaches those not yet reminded.
/// </summary>
public sealed class GidsVerificationRun(StaleEntries entries, Mailer mailer, PublicAddress site, TimeProvider clock,
    ILogger<GidsVerificationRun> log)
{
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
