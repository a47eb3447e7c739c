using Dapper;
using Npgsql;

namespace SociaalPlein.Data.Gids;

/// <summary>
/// Directory entries whose professional has not confirmed them for a while. After 6 months the monthly job
/// reminds them (once per stale period: confirming starts a new period); after 12 months the gids marks the
/// entry "mogelijk verouderd".
/// </summary>
public sealed class StaleEntries(NpgsqlDataSource db)
{
    public const int RemindAfterMonths = 6;
    public const int OutdatedAfterMonths = 12;

    /// <summary>An entry verified before this moment is due for a reminder.</summary>
    public static DateTimeOffset RemindBefore(DateTimeOffset now) => now.ToUniversalTime().AddMonths(-RemindAfterMonths);

    /// <summary>An entry verified before this moment is "mogelijk verouderd"; pass it to SQL as <c>verified_at &lt; @OutdatedBefore</c>.</summary>
    public static DateTimeOffset OutdatedBefore(DateTimeOffset now) => now.ToUniversalTime().AddMonths(-OutdatedAfterMonths);

    public static bool IsPossiblyOutdated(DateTimeOffset verifiedAt, DateTimeOffset now) => verifiedAt < OutdatedBefore(now);

    // Active (with an active organisation), reachable by mail, verified before @RemindBefore, and not reminded
    // since it was last verified.
    const string DueForReminder = """
        p.active
        AND EXISTS (SELECT 1 FROM organisation o WHERE o.id = p.organisation_id AND o.active)
        AND p.email <> ''
        AND p.verified_at < @RemindBefore
        AND (p.verify_reminder_sent_at IS NULL OR p.verify_reminder_sent_at < p.verified_at)
        """;

    /// <summary>The ids of the professionals to remind at <paramref name="now"/>, in id order.</summary>
    public async Task<IReadOnlyList<int>> DueForReminderAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<int>(new CommandDefinition($"""
            SELECT p.id FROM professional p
            WHERE {DueForReminder}
            ORDER BY p.id
            """, new { RemindBefore = RemindBefore(now) }, cancellationToken: ct))).ToList();
    }

    /// <summary>
    /// Reminds one professional if still due: marks the entry, calls <paramref name="send"/> with its e-mail address,
    /// and commits the mark only when the mail went out. A failing mail leaves the entry due for the next try; a mail
    /// that went out is never sent again, and a second run at the same time waits on the row and then skips it.
    /// Returns false when the entry was no longer due.
    /// </summary>
    public async Task<bool> RemindAsync(int professionalId, DateTimeOffset now, Func<string, CancellationToken, Task> send,
        CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var email = await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition($"""
            UPDATE professional p SET verify_reminder_sent_at = @Now
            WHERE p.id = @professionalId AND {DueForReminder}
            RETURNING p.email
            """, new { professionalId, Now = now.ToUniversalTime(), RemindBefore = RemindBefore(now) }, tx, cancellationToken: ct));
        if (email is null) return false;
        await send(email, ct);
        // Once the mail is out, the mark must land even if the job is being stopped.
        await tx.CommitAsync(CancellationToken.None);
        return true;
    }
}
