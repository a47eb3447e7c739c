using Dapper;
using Npgsql;

namespace SociaalPlein.Data.Verwijzingen;

/// <summary>
/// A new referral's e-mail still to send: which referral, whether it is urgent, and where to: the receiving
/// professional's address, else the receiving organisation's. Nothing else: the mail carries a link only.
/// </summary>
public sealed record PendingNotification(int ReferralId, bool Spoed, string? Email, bool Cancelled);

/// <summary>What became of one notification in a run.</summary>
public enum NotificationOutcome { Sent, NoAddress, Cancelled, Failed }

/// <summary>
/// The outbox of <c>referral_notification</c> (db/0013), emptied by a background job. A batch of the oldest unsent
/// rows is locked with <c>FOR UPDATE SKIP LOCKED</c>, so several workers never take the same row; each row is marked
/// sent right after its mail and the batch commits at its end. A crash in the middle of a batch may send those few
/// mails again on the next run, but never loses one. A failed mail counts an attempt and is left for a later run
/// (up to <see cref="MaxAttempts"/>), and never keeps the rest of the batch from being sent.
/// </summary>
public sealed class ReferralNotifications(NpgsqlDataSource db)
{
    public const int BatchSize = 10;
    public const int MaxAttempts = 10;

    /// <summary>
    /// Sends one batch through <paramref name="send"/> and returns what became of each row; <paramref name="skip"/> are
    /// the rows that failed earlier in this run (not tried twice in one run). An empty result: nothing left to do.
    /// </summary>
    public async Task<IReadOnlyList<(int ReferralId, NotificationOutcome Outcome, Exception? Error)>> SendBatchAsync(
        IReadOnlyCollection<int> skip, Func<PendingNotification, CancellationToken, Task> send, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var batch = (await conn.QueryAsync<PendingNotification>(new CommandDefinition($"""
            SELECT n.referral_id, r.spoed, coalesce(nullif(p.email, ''), nullif(o.email, '')) AS email,
                   (r.status = '{ReferralStatus.Geannuleerd}' OR r.withdrawn_at IS NOT NULL) AS cancelled
            FROM referral_notification n
            JOIN referral r ON r.id = n.referral_id
            JOIN organisation o ON o.id = r.to_organisation_id
            LEFT JOIN professional p ON p.id = r.to_professional_id AND p.active
            WHERE n.sent_at IS NULL AND n.attempts < @MaxAttempts AND NOT (n.referral_id = ANY (@skip))
            ORDER BY n.created_at, n.referral_id
            LIMIT @BatchSize
            FOR UPDATE OF n SKIP LOCKED
            """, new { MaxAttempts, BatchSize, skip = skip.ToArray() }, tx, cancellationToken: ct))).ToList();

        var results = new List<(int, NotificationOutcome, Exception?)>();
        foreach (var pending in batch)
        {
            var (outcome, error) = await SendOneAsync(pending, send, ct);
            // A row without an address (or of a cancelled referral) is handled: nobody is left to mail.
            await conn.ExecuteAsync(new CommandDefinition(outcome == NotificationOutcome.Failed
                ? "UPDATE referral_notification SET attempts = attempts + 1 WHERE referral_id = @ReferralId"
                : "UPDATE referral_notification SET attempts = attempts + 1, sent_at = now() WHERE referral_id = @ReferralId",
                new { pending.ReferralId }, tx, cancellationToken: ct));
            results.Add((pending.ReferralId, outcome, error));
        }
        await tx.CommitAsync(ct);
        return results;
    }

    static async Task<(NotificationOutcome, Exception?)> SendOneAsync(
        PendingNotification pending, Func<PendingNotification, CancellationToken, Task> send, CancellationToken ct)
    {
        if (pending.Cancelled) return (NotificationOutcome.Cancelled, null);
        if (pending.Email is null) return (NotificationOutcome.NoAddress, null);
        try
        {
            await send(pending, ct);
            return (NotificationOutcome.Sent, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (NotificationOutcome.Failed, e);
        }
    }
}
