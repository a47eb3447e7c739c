using Microsoft.Extensions.Logging;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Mail;

namespace SociaalPlein.Data.Verwijzingen;

/// <summary>
/// Mails the receiving side of each new referral a link to it (the verwijzing-meldingen job, every minute). The mail says
/// nothing about the visitor or the question (design.md §4): no code, no name, no phone, no zorgvraag; only whether
/// it is urgent. Rows are taken in small locked batches (ReferralNotifications), so instances never mail twice in
/// parallel, and one refused address does not hold up the others.
/// </summary>
public sealed class ReferralNotificationRun(ReferralNotifications outbox, Mailer mailer, PublicAddress site, ILogger<ReferralNotificationRun> log)
{
    // One run stops after this many rows; the next minute's run carries on.
    const int MaxPerRun = 500;

    public async Task<string> RunAsync(CancellationToken ct)
    {
        var failed = new List<int>();
        int sent = 0, handled = 0;
        while (sent + handled + failed.Count < MaxPerRun)
        {
            var batch = await outbox.SendBatchAsync(failed, (n, t) => mailer.SendAsync(Mail(n), t), ct);
            if (batch.Count == 0) break;
            foreach (var (referralId, outcome, error) in batch)
            {
                switch (outcome)
                {
                    case NotificationOutcome.Sent: sent++; break;
                    case NotificationOutcome.Failed:
                        failed.Add(referralId);
                        log.LogWarning(error, "Notification of referral {ReferralId} could not be sent; it is tried again later", referralId);
                        break;
                    case NotificationOutcome.NoAddress:
                        handled++;
                        log.LogWarning("Referral {ReferralId}: the receiver and its organisation have no e-mail address; no notification sent", referralId);
                        break;
                    default: handled++; break;
                }
            }
        }
        return $"{sent} meldingen verstuurd, {handled} zonder e-mail afgehandeld, {failed.Count} mislukt";
    }

    public OutgoingMail Mail(PendingNotification n) => new(n.Email!,
        n.Spoed ? "SPOED: nieuwe verwijzing via Sociaal Plein" : "Nieuwe verwijzing via Sociaal Plein", $"""
        Beste collega,

        Via het Sociaal Plein is een nieuwe verwijzing naar je verstuurd.{(n.Spoed ? " De verwijzer heeft haar als spoed gemarkeerd: wil je zo snel mogelijk reageren?" : "")}

        Bekijk de verwijzing en laat weten of je haar oppakt:

        {site.Link($"/verwijzingen/{n.ReferralId}")}

        Je ziet de vraag na het inloggen. Om de privacy van de bewoner te beschermen staat er in deze e-mail niets over de vraag of over de persoon.

        Met vriendelijke groet,
        Sociaal Plein

        Dit bericht is automatisch verstuurd; antwoorden op dit adres worden niet gelezen.
        """);
}
