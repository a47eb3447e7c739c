using System.Net;
using Dapper;
using Npgsql;
using SociaalPlein.Data.Audit;

namespace SociaalPlein.Data.Verwijzingen;

public enum StatusChangeOutcome
{
    /// <summary>Stored: the referral has the new status and the event is appended.</summary>
    Changed,
    /// <summary>The change as entered is wrong (see the problems); nothing was tried.</summary>
    Refused,
    /// <summary>The referral moved on meanwhile (someone else was first); nothing was stored.</summary>
    Outdated,
    /// <summary>The account sees the referral but is not on the side that may take this step.</summary>
    NotAllowed,
    /// <summary>No such referral, or not one the account may see: answered as not found.</summary>
    NotFound,
}

public sealed record StatusChangeResult(StatusChangeOutcome Outcome, IReadOnlyList<EntryProblem> Problems)
{
    public static StatusChangeResult Of(StatusChangeOutcome outcome) => new(outcome, []);
}

/// <summary>
/// Moving a referral through its closed loop. One statement updates the referral (status, outcome, reason, time) and
/// appends the status event, guarded by the status the user saw and by who the account is (NeedToKnow): the
/// receiving side for every forward step, the sending side for a cancellation. Under PostgreSQL's row lock a second
/// concurrent click re-reads the row, no longer finds the status it expected, and changes nothing.
/// <para>
/// Every change is written to the audit log in the same transaction (NEN 7513: who, which role, which referral, whose,
/// at which plein, from where), and so is a step the account may not take. The entry names the statuses, the chosen
/// outcome and reason code, never the typed reason or note, which may say something about the visitor.
/// </para>
/// </summary>
public sealed class ReferralLoop(NpgsqlDataSource db)
{
    public const string AuditAction = "referral.status_change";

    sealed record Changed(int ReferralId, int PleinId, string? VisitorCode, string? Email, string Role);
    sealed record Actor(string Email, string Role);
    sealed record Seen(string Status, int PleinId, string? VisitorCode);

    public async Task<StatusChangeResult> ChangeAsync(int userId, int referralId, StatusChange change, IPAddress? client = null,
        CancellationToken ct = default)
    {
        var problems = change.Problems();
        if (problems.Count > 0) return new StatusChangeResult(StatusChangeOutcome.Refused, problems);

        var side = ReferralStatus.IsSendersStep(change.To) ? NeedToKnow.Sent : NeedToKnow.Receives;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var changed = await conn.QuerySingleOrDefaultAsync<Changed>(new CommandDefinition($"""
            WITH {NeedToKnow.Me},
            changed AS (
                UPDATE referral r
                SET status = @To, outcome = @Outcome, status_reason = @Reason, status_changed_at = now()
                FROM me
                WHERE r.id = @referralId AND r.status = @From AND r.withdrawn_at IS NULL AND {NeedToKnow.SeesReferral} AND {side}
                RETURNING r.id, r.plein_id, r.visitor_id, r.status_changed_at),
            logged AS (
                INSERT INTO referral_status_event (referral_id, status, outcome, reason, note, changed_by, changed_at)
                SELECT id, @To, @Outcome, @Reason, @Note, @userId, status_changed_at FROM changed)
            SELECT c.id AS referral_id, c.plein_id, v.code AS visitor_code, u.email, me.role
            FROM changed c CROSS JOIN me JOIN app_user u ON u.id = me.user_id LEFT JOIN visitor v ON v.id = c.visitor_id
            """, new
        {
            userId, referralId, change.From, change.To,
            Outcome = change.StoredOutcome, Reason = change.StoredReason, Note = change.StoredNote,
        }, tx, cancellationToken: ct));
        if (changed is not null)
        {
            await AuditLog.WriteAsync(conn, tx, new AuditEntry(AuditAction, Allowed: true, userId, changed.Email, changed.Role,
                "referral", referralId.ToString(), changed.VisitorCode, changed.PleinId, client, Facts(change)), ct);
            await tx.CommitAsync(ct);
            return StatusChangeResult.Of(StatusChangeOutcome.Changed);
        }
        var seen = await SeenAsync(conn, tx, userId, referralId, ct);
        var outcome = seen is null ? StatusChangeOutcome.NotFound
            : seen.Status != change.From ? StatusChangeOutcome.Outdated
            : StatusChangeOutcome.NotAllowed;
        if (outcome != StatusChangeOutcome.Outdated)
        {
            // A step the account may not take is refused and logged; a referral it cannot see is logged without its subject.
            var actor = await conn.QuerySingleOrDefaultAsync<Actor>(new CommandDefinition(
                "SELECT email, role FROM app_user WHERE id = @userId", new { userId }, tx, cancellationToken: ct));
            await AuditLog.WriteAsync(conn, tx, new AuditEntry(AuditAction, Allowed: false, userId, actor?.Email, actor?.Role,
                "referral", referralId.ToString(), seen?.VisitorCode, seen?.PleinId, client, Facts(change)), ct);
        }
        await tx.CommitAsync(ct);
        return StatusChangeResult.Of(outcome);
    }

    // The step as codes from fixed lists: never the words typed as reason or note.
    static object Facts(StatusChange change) => new
    {
        from = change.From,
        to = change.To,
        outcome = change.StoredOutcome,
        reason = ReferralStatus.NeedsReason(change.To) ? change.Reason : null,
    };

    // Nothing changed: not visible (null), moved on meanwhile, or visible but not this account's step.
    static Task<Seen?> SeenAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int userId, int referralId, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<Seen?>(new CommandDefinition($"""
            WITH {NeedToKnow.Me}
            SELECT r.status, r.plein_id, v.code AS visitor_code
            FROM referral r CROSS JOIN me LEFT JOIN visitor v ON v.id = r.visitor_id
            WHERE r.id = @referralId AND {NeedToKnow.SeesReferral}
            """, new { userId, referralId }, tx, cancellationToken: ct));
}
