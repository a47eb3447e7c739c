using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Data.Nieuwsbrief;

/// <summary>Sends a newsletter draft to its subscribers (the app queues one delivery job per subscriber).</summary>
public interface INewsletterSender
{
    Task<SendResult> SendAsync(int newsletterId, int? sentBy, CancellationToken ct);
}

/// <summary>
/// The quarterly run: builds the previous quarter's newsletter for every active plein and sends it where the plein
/// sends automatically (else it waits as a draft for the projectleider). A quarter missed while no server ran is made by
/// the next run: besides the last quarter, every quarter after the plein's latest newsletter (up to a year back) is made
/// too, so none is skipped. Running it twice changes nothing: one newsletter per plein and quarter, and a sent one is
/// never remade or resent.
/// </summary>
public sealed class QuarterlyNewsletterRun(NpgsqlDataSource db, NewsletterGenerator generator, INewsletterSender sender,
    AuditLog audit, TimeProvider clock, ILogger<QuarterlyNewsletterRun> log)
{
    /// <summary>The name sent newsletters carry in the audit log, whoever sent them.</summary>
    public const string SendAction = "newsletter.send";
    const int MaxCatchUpQuarters = 4;

    /// <summary>Makes and sends what is due; <paramref name="runBy"/> names the job in the audit entries of what it sent.</summary>
    public async Task<string> RunAsync(string runBy, CancellationToken ct)
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
                var sendResult = await sender.SendAsync(result.NewsletterId, sentBy: null, ct);
                if (sendResult.Outcome != SendOutcome.Sent) continue;
                sent++;
                // Sent by the job, not by a person: the entry has no user or role, and says so in its detail.
                await audit.WriteAsync(new AuditEntry(SendAction, Allowed: true, ObjectType: "newsletter",
                    ObjectId: result.NewsletterId.ToString(), PleinId: plein.Id,
                    Detail: new { quarter = quarter.Key, recipients = sendResult.DeliveryIds.Count, sent_by = runBy }), ct);
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
