using Dapper;
using Npgsql;

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
/// </summary>
public sealed class ReferralLoop(NpgsqlDataSource db)
{
    public async Task<StatusChangeResult> ChangeAsync(int userId, int referralId, StatusChange change, CancellationToken ct = default)
    {
        var problems = change.Problems();
        if (problems.Count > 0) return new StatusChangeResult(StatusChangeOutcome.Refused, problems);

        var side = ReferralStatus.IsSendersStep(change.To) ? NeedToKnow.Sent : NeedToKnow.Receives;
        await using var conn = await db.OpenConnectionAsync(ct);
        var changed = await conn.QuerySingleOrDefaultAsync<int?>(new CommandDefinition($"""
            WITH {NeedToKnow.Me},
            changed AS (
                UPDATE referral r
                SET status = @To, outcome = @Outcome, status_reason = @Reason, status_changed_at = now()
                FROM me
                WHERE r.id = @referralId AND r.status = @From AND {NeedToKnow.SeesReferral} AND {side}
                RETURNING r.id, r.status_changed_at)
            INSERT INTO referral_status_event (referral_id, status, outcome, reason, note, changed_by, changed_at)
            SELECT id, @To, @Outcome, @Reason, @Note, @userId, status_changed_at FROM changed
            RETURNING referral_id
            """, new
        {
            userId, referralId, change.From, change.To,
            Outcome = change.StoredOutcome, Reason = change.StoredReason, Note = change.StoredNote,
        }, cancellationToken: ct));
        if (changed is not null) return StatusChangeResult.Of(StatusChangeOutcome.Changed);
        return StatusChangeResult.Of(await WhyNotAsync(conn, userId, referralId, change, ct));
    }

    // Nothing changed: not visible, moved on meanwhile, or visible but not this account's step.
    static async Task<StatusChangeOutcome> WhyNotAsync(NpgsqlConnection conn, int userId, int referralId, StatusChange change, CancellationToken ct)
    {
        var current = await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition($"""
            WITH {NeedToKnow.Me}
            SELECT r.status FROM referral r CROSS JOIN me WHERE r.id = @referralId AND {NeedToKnow.SeesReferral}
            """, new { userId, referralId }, cancellationToken: ct));
        return current is null ? StatusChangeOutcome.NotFound
            : current != change.From ? StatusChangeOutcome.Outdated
            : StatusChangeOutcome.NotAllowed;
    }
}
