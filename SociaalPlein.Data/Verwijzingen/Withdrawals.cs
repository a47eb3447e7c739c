using System.Net;
using Dapper;
using Npgsql;
using SociaalPlein.Data.Audit;

namespace SociaalPlein.Data.Verwijzingen;

/// <summary>A withdrawn visit or referral: who withdrew it, when and why ("ingetrokken").</summary>
public sealed record Withdrawal(int Id, DateTime WithdrawnAt, string? WithdrawnBy, string Reason);

/// <summary>The withdrawals on one visitor's card, and the visits this account registered and may still withdraw.</summary>
public sealed record CardWithdrawals(IReadOnlyDictionary<int, Withdrawal> Visits, IReadOnlyDictionary<int, Withdrawal> Referrals,
    IReadOnlySet<int> WithdrawableVisits);

/// <summary>One referral's withdrawal, if any, and whether this account may withdraw it now.</summary>
public sealed record ReferralWithdrawal(Withdrawal? Done, bool MayWithdraw);

public enum WithdrawOutcome { Withdrawn, Refused, NotAllowed }

/// <summary>What a withdrawal came to; <see cref="Referrals"/>: a visit's own referrals withdrawn with it.</summary>
public sealed record WithdrawResult(WithdrawOutcome Outcome, string? Problem = null, int Referrals = 0);

/// <summary>
/// Withdrawing ("intrekken") a visit or referral registered by mistake. Only whoever registered it may, with a reason;
/// a referral only while the receiver has not acted on it (still 'verzonden'), and a visit takes along its own
/// referrals that are still 'verzonden'. The row stays, marked withdrawn_at/by/reason (db/0022, 0023), and counts
/// nowhere from then on; its notification, if not mailed yet, is not sent (ReferralNotifications). Each withdrawal,
/// and each refused one, is in the audit log with the visitor's code, never the reason (which may name the visitor).
/// </summary>
public sealed class Withdrawals(NpgsqlDataSource db)
{
    public const string ReferralAction = "referral.withdrawn";
    public const string VisitAction = "visit.withdrawn";
    public const int MaxReasonLength = 200;

    public static string? ReasonProblem(string? reason) =>
        ReferralFieldRules.Length((reason ?? "").Trim()) switch
        {
            < 2 => "Schrijf in een paar woorden waarom je dit intrekt, bijvoorbeeld \"dubbel geregistreerd\".",
            > MaxReasonLength => $"De reden is te lang: hooguit {MaxReasonLength} tekens.",
            _ => null,
        };

    sealed record Done(int Id, int PleinId, string? VisitorCode, string? Email, string? Role, int Referrals);

    public Task<WithdrawResult> ReferralAsync(int userId, int referralId, string? reason, IPAddress? client, CancellationToken ct = default) =>
        WithdrawAsync(ReferralAction, "referral", referralId, userId, reason, client, $"""
            WITH w AS (
                UPDATE referral r SET withdrawn_at = now(), withdrawn_by = @userId, withdrawn_reason = @reason
                WHERE r.id = @id AND r.created_by = @userId AND r.status = '{ReferralStatus.Verzonden}' AND r.withdrawn_at IS NULL
                RETURNING r.id, r.plein_id, r.visitor_id)
            SELECT w.id, w.plein_id, v.code AS visitor_code, u.email, u.role, 0 AS referrals
            FROM w JOIN app_user u ON u.id = @userId LEFT JOIN visitor v ON v.id = w.visitor_id
            """, ct);

    public Task<WithdrawResult> VisitAsync(int userId, int visitId, string? reason, IPAddress? client, CancellationToken ct = default) =>
        WithdrawAsync(VisitAction, "visit", visitId, userId, reason, client, $"""
            WITH w AS (
                UPDATE visit x SET withdrawn_at = now(), withdrawn_by = @userId, withdrawn_reason = @reason
                WHERE x.id = @id AND x.registered_by = @userId AND x.withdrawn_at IS NULL
                RETURNING x.id, x.plein_id, x.visitor_id, x.withdrawn_at),
            referrals AS (
                UPDATE referral r SET withdrawn_at = w.withdrawn_at, withdrawn_by = @userId, withdrawn_reason = @reason
                FROM w
                WHERE r.visit_id = w.id AND r.created_by = @userId AND r.status = '{ReferralStatus.Verzonden}' AND r.withdrawn_at IS NULL
                RETURNING r.id)
            SELECT w.id, w.plein_id, v.code AS visitor_code, u.email, u.role, (SELECT count(*)::int FROM referrals) AS referrals
            FROM w JOIN app_user u ON u.id = @userId JOIN visitor v ON v.id = w.visitor_id
            """, ct);

    /// <summary>One statement marks the row (with its subject for the log); the audit entry is written in the same transaction.</summary>
    async Task<WithdrawResult> WithdrawAsync(string action, string objectType, int id, int userId, string? reason, IPAddress? client,
        string sql, CancellationToken ct)
    {
        if (ReasonProblem(reason) is { } problem) return new WithdrawResult(WithdrawOutcome.Refused, problem);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var done = await conn.QuerySingleOrDefaultAsync<Done>(new CommandDefinition(sql, new { userId, id, reason = reason!.Trim() }, tx,
            cancellationToken: ct));
        return await AuditAsync(conn, tx, action, objectType, id, userId, done, client, ct);
    }

    // A refusal (not the registrant, the receiver acted, already withdrawn, or not found) is logged without a subject.
    static async Task<WithdrawResult> AuditAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string action, string objectType, int id,
        int userId, Done? done, IPAddress? client, CancellationToken ct)
    {
        var actor = done is not null ? (done.Email, done.Role) : await conn.QuerySingleOrDefaultAsync<(string?, string?)>(new CommandDefinition(
            "SELECT email, role FROM app_user WHERE id = @userId", new { userId }, tx, cancellationToken: ct));
        await AuditLog.WriteAsync(conn, tx, new AuditEntry(action, Allowed: done is not null, userId, actor.Item1, actor.Item2, objectType,
            id.ToString(), done?.VisitorCode, done?.PleinId, client, done is null ? null : new { referrals = done.Referrals }), ct);
        await tx.CommitAsync(ct);
        return done is null ? new WithdrawResult(WithdrawOutcome.NotAllowed) : new WithdrawResult(WithdrawOutcome.Withdrawn, Referrals: done.Referrals);
    }

    /// <summary>The referral's withdrawal, and whether this account may withdraw it (registered it, still 'verzonden').</summary>
    public async Task<ReferralWithdrawal> OfReferralAsync(int userId, int referralId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<(DateTime? At, string? By, string? Reason, bool May)>(new CommandDefinition($"""
            SELECT r.withdrawn_at, u.display_name, r.withdrawn_reason,
                   r.withdrawn_at IS NULL AND r.created_by = @userId AND r.status = '{ReferralStatus.Verzonden}'
            FROM referral r LEFT JOIN app_user u ON u.id = r.withdrawn_by
            WHERE r.id = @referralId
            """, new { userId, referralId }, cancellationToken: ct));
        return new ReferralWithdrawal(row.At is DateTime at ? new Withdrawal(referralId, at, row.By, row.Reason ?? "") : null, row.May);
    }

    /// <summary>For a card the page already found under need to know: its withdrawn rows and the visits this account may withdraw.</summary>
    public async Task<CardWithdrawals> OnCardAsync(int userId, int visitorId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var read = await conn.QueryMultipleAsync(new CommandDefinition("""
            SELECT x.id, x.withdrawn_at, u.display_name AS withdrawn_by, x.withdrawn_reason AS reason
            FROM visit x LEFT JOIN app_user u ON u.id = x.withdrawn_by
            WHERE x.visitor_id = @visitorId AND x.withdrawn_at IS NOT NULL;
            SELECT r.id, r.withdrawn_at, u.display_name AS withdrawn_by, r.withdrawn_reason AS reason
            FROM referral r LEFT JOIN app_user u ON u.id = r.withdrawn_by
            WHERE r.visitor_id = @visitorId AND r.withdrawn_at IS NOT NULL;
            SELECT x.id FROM visit x WHERE x.visitor_id = @visitorId AND x.registered_by = @userId AND x.withdrawn_at IS NULL;
            """, new { userId, visitorId }, cancellationToken: ct));
        var visits = (await read.ReadAsync<Withdrawal>()).ToDictionary(w => w.Id);
        var referrals = (await read.ReadAsync<Withdrawal>()).ToDictionary(w => w.Id);
        var withdrawable = (await read.ReadAsync<int>()).ToHashSet();
        return new CardWithdrawals(visits, referrals, withdrawable);
    }
}
