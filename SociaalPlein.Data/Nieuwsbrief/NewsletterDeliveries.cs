using Dapper;
using Npgsql;
using SociaalPlein.Data.Mail;

namespace SociaalPlein.Data.Nieuwsbrief;

/// <summary>One subscriber's copy of a sent newsletter: to whom, the PDF to attach, and which newsletter its web page shows.</summary>
public sealed record DeliveryMail(long DeliveryId, int NewsletterId, int? SubscriberId, string Email, string Name, string PleinName,
    Quarter Quarter, string? Note, byte[] Pdf);

/// <summary>What one attempt at a delivery did.</summary>
public enum DeliveryOutcome
{
    Sent,
    /// <summary>Delivered before: nothing sent.</summary>
    AlreadySent,
    /// <summary>Another worker is sending it right now (or died doing so, not long ago): nothing sent yet; ask again later.</summary>
    InProgressElsewhere,
    /// <summary>An earlier attempt died during the hand-over: not sent again, left 'mislukt' for a person to check.</summary>
    Interrupted,
    /// <summary>The subscriber unsubscribed after the newsletter was sent: nothing sent.</summary>
    Unsubscribed,
    NotFound,
}

/// <summary>
/// Sends each subscriber their copy exactly once. A delivery row (unique per newsletter and address) is claimed in
/// its own committed statement before the mail goes out and marked sent after; a failure from the mail server
/// releases the claim (status 'mislukt') and rethrows, so the job is retried with backoff and the other deliveries
/// are not held up. A claim left behind by a worker that died mid-send is never sent again (the subscriber might
/// have it already): after <see cref="ClaimTimeout"/> it is marked 'mislukt' for the projectleider to look at.
/// </summary>
public sealed class NewsletterDeliveries(NpgsqlDataSource db, TimeSpan? claimTimeout = null)
{
    // Far beyond one SMTP hand-over (MailKit gives up an operation after 2 minutes).
    public static readonly TimeSpan DefaultClaimTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Shorter only for a drill against a mail server known to answer fast (the topology test's).</summary>
    public const string ClaimTimeoutSetting = "SociaalPlein:Nieuwsbrief:ClaimTimeout";

    public TimeSpan ClaimTimeout { get; } = claimTimeout ?? DefaultClaimTimeout;

    public async Task<DeliveryOutcome> SendAsync(long deliveryId, Func<DeliveryMail, CancellationToken, Task> send, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var mail = await conn.QuerySingleOrDefaultAsync<ClaimedRow>(new CommandDefinition("""
            UPDATE newsletter_delivery d SET claimed_at = now(), attempts = least(d.attempts + 1, 32767)
            FROM newsletter l JOIN plein n ON n.id = l.plein_id
            WHERE d.id = @deliveryId AND l.id = d.newsletter_id AND d.status <> 'verzonden' AND d.claimed_at IS NULL
            RETURNING d.id, d.subscriber_id, d.email, n.name AS plein_name, l.year, l.quarter, l.note, l.id AS newsletter_id,
                      (SELECT s.name FROM newsletter_subscriber s WHERE s.id = d.subscriber_id) AS name,
                      (SELECT s.unsubscribed_at IS NOT NULL FROM newsletter_subscriber s WHERE s.id = d.subscriber_id) AS unsubscribed
            """, new { deliveryId }, cancellationToken: ct));
        if (mail is null) return await NotClaimedAsync(conn, deliveryId, ct);
        if (mail.Unsubscribed == true)
        {
            await FinishAsync(conn, deliveryId, "mislukt", "Afgemeld voordat deze nieuwsbrief verstuurd werd; niet verzonden.", ct);
            return DeliveryOutcome.Unsubscribed;
        }

        var pdf = await conn.ExecuteScalarAsync<byte[]>(new CommandDefinition("""
            SELECT l.pdf FROM newsletter l JOIN newsletter_delivery d ON d.newsletter_id = l.id WHERE d.id = @deliveryId
            """, new { deliveryId }, cancellationToken: ct));
        try
        {
            await send(new DeliveryMail(mail.Id, mail.NewsletterId, mail.SubscriberId, mail.Email, mail.Name ?? "", mail.PleinName,
                new Quarter(mail.Year, mail.Quarter), mail.Note, pdf!), ct);
        }
        catch (Exception e)
        {
            // The row is free again for the job's retry; CancellationToken.None: the release must happen on shutdown too.
            // A server's answer may name the address: only its status code and a redacted text are kept.
            await FinishAsync(conn, deliveryId, "mislukt", Truncate(e is MailNotSentException ? e.Message : MailNotSentException.Redact(e.Message)),
                CancellationToken.None);
            throw;
        }
        await FinishAsync(conn, deliveryId, "verzonden", null, CancellationToken.None);
        return DeliveryOutcome.Sent;
    }

    /// <summary>
    /// Deliveries still waiting long after their newsletter was sent (their job was lost: a crash between storing the
    /// send and starting the jobs), and claims left behind by a dead worker (the job marks them 'mislukt'). A second job
    /// for a delivery is harmless: the claim lets one of them send.
    /// </summary>
    public async Task<IReadOnlyList<long>> StrandedAsync(TimeSpan olderThan, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<long>(new CommandDefinition("""
            SELECT id FROM newsletter_delivery
            WHERE (status = 'wachtend' AND claimed_at IS NULL AND created_at < now() - @olderThan)
               OR claimed_at < now() - @ClaimTimeout
            ORDER BY id LIMIT 1000
            """, new { olderThan, ClaimTimeout }, cancellationToken: ct))).ToList();
    }

    /// <summary>A failed delivery of the plein's newsletter made ready to try again (the projectleider's button).</summary>
    public async Task<bool> RetryAsync(long deliveryId, int pleinId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE newsletter_delivery d SET status = 'wachtend', claimed_at = NULL, last_error = NULL
            FROM newsletter l
            WHERE d.id = @deliveryId AND l.id = d.newsletter_id AND l.plein_id = @pleinId AND d.status = 'mislukt'
            """, new { deliveryId, pleinId }, cancellationToken: ct)) == 1;
    }

    async Task<DeliveryOutcome> NotClaimedAsync(NpgsqlConnection conn, long deliveryId, CancellationToken ct)
    {
        var row = await conn.QuerySingleOrDefaultAsync<(string Status, DateTime? ClaimedAt)>(new CommandDefinition(
            "SELECT status, claimed_at FROM newsletter_delivery WHERE id = @deliveryId", new { deliveryId }, cancellationToken: ct));
        if (row.Status is null) return DeliveryOutcome.NotFound;
        if (row.Status == "verzonden") return DeliveryOutcome.AlreadySent;
        var stale = await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE newsletter_delivery SET status = 'mislukt', claimed_at = NULL,
                   last_error = 'Verzending onderbroken; mogelijk is de nieuwsbrief toch aangekomen. Niet opnieuw verstuurd.'
            WHERE id = @deliveryId AND status <> 'verzonden' AND claimed_at < now() - @ClaimTimeout
            """, new { deliveryId, ClaimTimeout }, cancellationToken: ct));
        return stale == 1 ? DeliveryOutcome.Interrupted : DeliveryOutcome.InProgressElsewhere;
    }

    static async Task FinishAsync(NpgsqlConnection conn, long deliveryId, string status, string? error, CancellationToken ct) =>
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE newsletter_delivery
            SET status = @status, claimed_at = NULL, last_error = @error,
                sent_at = CASE WHEN @status = 'verzonden' THEN now() END
            WHERE id = @deliveryId
            """, new { deliveryId, status, error }, cancellationToken: ct));

    static string Truncate(string message) => message.Length <= 1000 ? message : message[..1000];

    sealed record ClaimedRow(long Id, int? SubscriberId, string Email, string PleinName, short Year, short Quarter, string? Note, int NewsletterId,
        string? Name, bool? Unsubscribed);
}
