using Hangfire;
using SociaalPlein.Data.Mail;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Web.Jobs;

/// <summary>
/// kwartaal-nieuwsbrief: at 06:00 Europe/Amsterdam on the first day of each quarter, <see cref="QuarterlyNewsletterRun"/>
/// (what it makes and sends, and why running it twice changes nothing, is said there).
/// </summary>
public sealed class KwartaalNieuwsbriefJob(QuarterlyNewsletterRun run)
{
    public const string Id = "kwartaal-nieuwsbrief";
    public const string Cron = "0 6 1 1,4,7,10 *";

    [AutomaticRetry(Attempts = 3)]
    public Task<string> RunAsync(CancellationToken ct) => run.RunAsync(Id, ct);
}

/// <summary>
/// One subscriber's copy (<see cref="NewsletterMail"/>), with this site's links. Retried with Hangfire's growing delays
/// when the mail server refuses; NewsletterDeliveries makes sure nobody gets it twice.
/// </summary>
public sealed class NieuwsbriefBezorgingJob(NewsletterDeliveries deliveries, Mailer mailer, UnsubscribeLinks unsubscribe, NewsletterReadLinks read,
    PublicAddress site)
{
    [AutomaticRetry(Attempts = 8)]
    public async Task<string> SendAsync(long deliveryId, CancellationToken ct)
    {
        var outcome = await deliveries.SendAsync(deliveryId, (d, t) => mailer.SendAsync(Mail(d), t), ct);
        // Another worker holds the claim: ask again after the retry delay; by then it is sent or known to be stuck.
        if (outcome == DeliveryOutcome.InProgressElsewhere)
            throw new InvalidOperationException($"Delivery {deliveryId} is being sent by another worker; trying again later.");
        return outcome.ToString();
    }

    public OutgoingMail Mail(DeliveryMail d) => NewsletterMail.For(d, new NewsletterMailLinks(
        Read: site.Link(read.Path(d.NewsletterId)),
        Archive: site.Link("/nieuwsbrieven"),
        Unsubscribe: d.SubscriberId is int id ? site.Link(UnsubscribeLinks.Path + "?t=" + unsubscribe.Token(id)) : null,
        OneClickUnsubscribe: d.SubscriberId is int sid ? site.Link(UnsubscribeLinks.OneClickPath + "?t=" + unsubscribe.Token(sid)) : null));
}

/// <summary>nieuwsbrief-bezorging: hourly, starts a job again for deliveries whose job was lost, and settles stuck claims.</summary>
public sealed class NieuwsbriefBezorgingSweepJob(NewsletterDeliveries deliveries, QueuedNewsletterSender sending)
{
    public const string Id = "nieuwsbrief-bezorging";
    public const string Cron = "17 * * * *";

    public async Task<string> RunAsync(CancellationToken ct)
    {
        var stranded = await deliveries.StrandedAsync(TimeSpan.FromMinutes(30), ct);
        foreach (var id in stranded) sending.Enqueue(id);
        return $"{stranded.Count} bezorgingen opnieuw ingepland";
    }
}
