using Dapper;
using Npgsql;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Verwijzingen;

namespace SociaalPlein.Data.Bezoekers;

/// <summary>What an erasure removed: counts only, as the audit entry records them.</summary>
public sealed record ErasureResult(string Code, int PleinId, int ContactRows, int Referrals, int Events);

/// <summary>
/// The right to erasure (AVG art. 17), on the visitor's request. Erased: the names and phones (every referral's contact
/// row, as the retention job does), every free text written about the visitor — the zorgvraag and its category, the words typed
/// beside a refusal reason, the notes of the status history. Kept, because the figures are built from them and they
/// do not name anyone (design.md §4, minimal data): the pseudonymous visitor row (code, birth year, gender, 4-digit
/// postcode or wijk, first visit), the visits and their metingen (steps per leefgebied; the visitor erases those by
/// withdrawing their agreement on the card, VisitorMetingen), and each referral's who-to-whom, leefgebied, dates, consents, status,
/// outcome and the reason as its label from the fixed list. So the newsletter's and the dashboard's figures stay the
/// same. The audit log is append-only and names the visitor only by code; it is kept.
/// </summary>
public sealed class VisitorErasure(NpgsqlDataSource db)
{
    public const string AuditAction = "visitor.erased";

    sealed record VisitorKey(string Code, int PleinId);

    /// <summary>What a referral's zorgvraag reads after erasure (the column may not be empty).</summary>
    public const string ErasedText = "[gewist]";

    /// <summary>
    /// Erases visitor <paramref name="visitorId"/>'s personal data and writes <paramref name="audit"/> (who, role,
    /// address; the subject, plein and counts are filled in here) in the same transaction. Null when there is no such visitor.
    /// </summary>
    public async Task<ErasureResult?> EraseAsync(int visitorId, AuditEntry audit, CancellationToken ct = default)
    {
        // A reason keeps only its label ("Geen capaciteit: wachtlijst tot maart" → "Geen capaciteit"); words typed for
        // "anders" become "Anders". The same rule as ReferralStatus.ReasonLabel, in SQL.
        const string sql = """
            SELECT code, plein_id FROM visitor WHERE id = @visitorId FOR UPDATE;

            WITH contact AS (DELETE FROM referral_contact WHERE visitor_id = @visitorId RETURNING 1)
            SELECT count(*)::int FROM contact;

            WITH erased AS (
                UPDATE referral
                SET zorgvraag = @ErasedText, zorgvraag_category = NULL,
                    status_reason = CASE WHEN status_reason IS NULL THEN NULL
                                         WHEN split_part(status_reason, ':', 1) = ANY (@labels) THEN split_part(status_reason, ':', 1)
                                         ELSE @other END
                WHERE visitor_id = @visitorId
                RETURNING 1)
            SELECT count(*)::int FROM erased;

            WITH erased AS (
                UPDATE referral_status_event e
                SET note = NULL,
                    reason = CASE WHEN e.reason IS NULL THEN NULL
                                  WHEN split_part(e.reason, ':', 1) = ANY (@labels) THEN split_part(e.reason, ':', 1)
                                  ELSE @other END
                FROM referral r
                WHERE r.id = e.referral_id AND r.visitor_id = @visitorId
                RETURNING 1)
            SELECT count(*)::int FROM erased;

            UPDATE visitor SET personal_data_erased_at = now() WHERE id = @visitorId;
            """;
        var labels = ReferralStatus.Reasons.Where(r => r.Code != ReferralStatus.OtherReason).Select(r => r.Label).ToArray();
        var other = ReferralStatus.Reasons.First(r => r.Code == ReferralStatus.OtherReason).Label;

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        ErasureResult? result;
        await using (var grid = await conn.QueryMultipleAsync(new CommandDefinition(sql, new { visitorId, ErasedText, labels, other },
                         tx, cancellationToken: ct)))
        {
            var v = await grid.ReadSingleOrDefaultAsync<VisitorKey>();
            if (v is null) return null;
            result = new ErasureResult(v.Code, v.PleinId, await grid.ReadSingleAsync<int>(), await grid.ReadSingleAsync<int>(),
                await grid.ReadSingleAsync<int>());
        }
        await AuditLog.WriteAsync(conn, tx, audit with
        {
            Action = AuditAction, Allowed = true, ObjectType = "visitor", ObjectId = visitorId.ToString(),
            Subject = result.Code, PleinId = result.PleinId,
            Detail = new { contact_rows = result.ContactRows, referrals = result.Referrals, status_events = result.Events },
        }, ct);
        await tx.CommitAsync(ct);
        return result;
    }
}
