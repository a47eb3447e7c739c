using Dapper;
using Hangfire;
using Npgsql;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Mail;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Web.Infrastructure;
using SociaalPlein.Web.Pages.Nieuwsbrieven;

namespace SociaalPlein.Web.Jobs;

/// <summary>
/// kwartaal-nieuwsbrief: at 06:00 Europe/Amsterdam on the first day of each quarter, builds the previous quarter's
/// newsletter for every active plein and sends it where the plein sends automatically (else it waits as a draft for
/// the projectleider). A quarter missed while no server ran is made by the next run: besides the last quarter, every
/// quarter after the plein's latest newsletter (up to a year back) is made too, so none is skipped. Running it twice
/// changes nothing: one newsletter per plein and quarter, and a sent one is never remade or resent.
/// </summary>
public sealed class KwartaalNieuwsbriefJob(NpgsqlDataSource db, NewsletterGenerator generator, NewsletterSending sending,
    AuditLog audit, TimeProvider clock, ILogger<KwartaalNieuwsbriefJob> log)
{
    public const string Id = "kwartaal-nieuwsbrief";
    const string SendAction = SociaalPlein.Web.Pages.Nieuwsbrieven.Beheer.ConceptModel.SendAction;
    public const string Cron = "0 6 1 1,4,7,10 *";
    const int MaxCatchUpQuarters = 4;

    [AutomaticRetry(Attempts = 3)]
    public async Task<string> RunAsync(CancellationToken ct)
    {
        var last = Quarter.LastCompleted(PleinTime.Today(clock));
        int made = 0, sent = 0;
        foreach (var plein in await PleinenAsync(ct))
        {
            foreach (var quarter in QuartersToMake(plein, last))
            {
                var result = await generator.GenerateAsync(plein.Id, quarter, ct);
                if (!result.Generated) continue;
                made++;
                log.LogInformation("Newsletter {NewsletterId} made for plein {PleinId}, {Quarter}", result.NewsletterId, plein.Id, quarter.Key);
                if (!plein.AutoSend) continue;
                var sendResult = await sending.SendAsync(result.NewsletterId, sentBy: null, ct);
                if (sendResult.Outcome != SendOutcome.Sent) continue;
                sent++;
                // Sent by the job, not by a person: the entry has no user or role, and says so in its detail.
                await audit.WriteAsync(new AuditEntry(SendAction, Allowed: true, ObjectType: "newsletter",
                    ObjectId: result.NewsletterId.ToString(), PleinId: plein.Id,
                    Detail: new { quarter = quarter.Key, recipients = sendResult.DeliveryIds.Count, sent_by = Id }), ct);
            }
        }
        return $"{made} nieuwsbrieven gemaakt, {sent} verstuurd";
    }

    /// <summary>The last completed quarter, and the ones between it and the plein's latest newsletter; none before the plein opened.</summary>
    public static IEnumerable<Quarter> QuartersToMake(PleinSchedule plein, Quarter last)
    {
        // The last quarter always (a draft made by hand before the job ran is still sent when the plein sends
        // automatically); before it, the quarters since the plein's latest newsletter.
        var first = plein.LatestYear is short y && plein.LatestQuarter is short q && new Quarter(y, q).Next < last ? new Quarter(y, q).Next : last;
        var earliest = last.LastQuarters(MaxCatchUpQuarters)[0];
        if (first < earliest) first = earliest;
        var opened = Quarter.Of(plein.OpenedOn);
        if (first < opened) first = opened;
        for (var quarter = first; quarter <= last; quarter = quarter.Next) yield return quarter;
    }

    public sealed record PleinSchedule(int Id, DateOnly OpenedOn, bool AutoSend, short? LatestYear, short? LatestQuarter);

    async Task<IReadOnlyList<PleinSchedule>> PleinenAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<PleinSchedule>(new CommandDefinition("""
            SELECT n.id, n.opened_on, n.newsletter_auto_send AS auto_send, latest.year AS latest_year, latest.quarter AS latest_quarter
            FROM plein n
            LEFT JOIN LATERAL (SELECT l.year, l.quarter FROM newsletter l WHERE l.plein_id = n.id
                               ORDER BY l.year DESC, l.quarter DESC LIMIT 1) latest ON true
            WHERE n.active
            ORDER BY n.id
            """, cancellationToken: ct))).ToList();
    }
}

/// <summary>
/// Sending a draft: the newsletter is marked sent with a delivery row per active subscriber (one transaction), then
/// each delivery gets its own job, so one refused address is retried without holding up the others.
/// </summary>
public sealed class NewsletterSending(Newsletters newsletters, IBackgroundJobClient jobs)
{
    public async Task<SendResult> SendAsync(int newsletterId, int? sentBy, CancellationToken ct)
    {
        var result = await newsletters.MarkSentAsync(newsletterId, sentBy, ct);
        foreach (var deliveryId in result.DeliveryIds) Enqueue(deliveryId);
        return result;
    }

    // Ids only: the dashboard shows job arguments, and an address is personal data.
    public void Enqueue(long deliveryId) =>
        jobs.Enqueue<NieuwsbriefBezorgingJob>(j => j.SendAsync(deliveryId, CancellationToken.None));
}

/// <summary>
/// One subscriber's copy: the PDF attached, a link to unsubscribe (also as List-Unsubscribe, RFC 8058). Retried with
/// Hangfire's growing delays when the mail server refuses; NewsletterDeliveries makes sure nobody gets it twice.
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

    public OutgoingMail Mail(DeliveryMail d)
    {
        var link = d.SubscriberId is int id ? site.Link(UnsubscribeLinks.Path + "?t=" + unsubscribe.Token(id)) : null;
        var fileName = Newsletters.FileName(d.PleinName, d.Quarter);
        return new OutgoingMail(d.Email, $"Nieuwsbrief {d.Quarter} – {d.PleinName}", $"""
            Beste {(d.Name.Length > 0 ? d.Name : "partner")},

            Hierbij de nieuwsbrief van {d.PleinName} over {d.Quarter.Months}: wie er op het plein kwamen, waarvoor, en hoe de verwijzingen tussen zorg en welzijn liepen. Je vindt hem als PDF in de bijlage, en als toegankelijke webpagina (ook voor een schermlezer) op {site.Link(read.Path(d.NewsletterId))}

            De cijfers zijn totalen; er staan geen namen of andere persoonsgegevens in. Eerdere nieuwsbrieven staan na het inloggen op {site.Link("/nieuwsbrieven")}.

            Met vriendelijke groet,
            {d.PleinName}
            {(link is null ? "" : $"\nWil je deze nieuwsbrief niet meer ontvangen? Meld je af via {link}")}
            """)
        {
            Attachments = [new MailAttachment(fileName, "application/pdf", d.Pdf)],
            Headers = link is null ? new Dictionary<string, string>() : new Dictionary<string, string>
            {
                ["List-Unsubscribe"] = $"<{site.Link(UnsubscribeLinks.OneClickPath + "?t=" + unsubscribe.Token(d.SubscriberId!.Value))}>",
                ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
            },
        };
    }
}

/// <summary>nieuwsbrief-bezorging: hourly, starts a job again for deliveries whose job was lost, and settles stuck claims.</summary>
public sealed class NieuwsbriefBezorgingSweepJob(NewsletterDeliveries deliveries, NewsletterSending sending)
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
