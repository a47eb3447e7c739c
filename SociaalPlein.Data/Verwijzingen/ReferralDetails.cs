using Dapper;
using Npgsql;

namespace SociaalPlein.Data.Verwijzingen;

/// <summary>
/// One referral as <c>/verwijzingen/{id}</c> shows it, with the account's place in it: <see cref="Receives"/> (may move
/// it forward), <see cref="Sent"/> (may cancel it while open). Outcome and the receiver's notes are withheld from the
/// referrer without the visitor's consent to feedback (<see cref="FeedbackVisible"/>).
/// </summary>
public sealed record ReferralDetail(
    int Id, int PleinId, string Plein, DateOnly ReferredOn, string? VisitorCode, string From, string To,
    string Zorgvraag, string? Category, string Leefgebied, bool ConsentShareContact, bool ConsentFeedback, bool Spoed,
    string Status, string? Outcome, string? StatusReason, DateTime StatusChangedAt, bool WachtOpReactie,
    string? CreatedBy, DateTime CreatedAt, bool Receives, bool Sent, bool FeedbackVisible)
{
    /// <summary>The steps this account may take now: forward as the receiver, cancel as the sender.</summary>
    public IReadOnlyList<string> Steps
    {
        get
        {
            var steps = Receives ? ReferralStatus.Forward(Status).ToList() : [];
            if (Sent && ReferralStatus.IsOpen(Status)) steps.Add(ReferralStatus.Geannuleerd);
            return steps;
        }
    }
}

/// <summary>One change in the closed loop: who, when, and what they wrote.</summary>
public sealed record StatusEventRow(string Status, string? Outcome, string? Reason, string? Note, string? ChangedBy, DateTime ChangedAt);

/// <summary>The name and phone a referral carried for a warm handover.</summary>
public sealed record VisitorContact(string Name, string Phone);

/// <summary>
/// The referral, its history, and the contact details this referral carried (with the visitor's consent) when this account
/// may read them (NeedToKnow.SeesContact): never the details another referral for the same visitor carried. The page
/// audits each view.
/// </summary>
public sealed record ReferralView(ReferralDetail Referral, IReadOnlyList<StatusEventRow> History, VisitorContact? Contact);

public sealed class ReferralDetails(NpgsqlDataSource db)
{
    /// <summary>Audit actions: a referral's detail page shown, and the contact details it carried shown with it.</summary>
    public const string ViewAction = "referral.view", ContactViewAction = "visitor_contact.view";

    /// <summary>Null when there is no such referral or the account may not see it (NeedToKnow): the page answers 404.</summary>
    public async Task<ReferralView?> LoadAsync(int userId, int id, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var r = await conn.QueryMultipleAsync(new CommandDefinition($"""
            WITH {NeedToKnow.Me}
            SELECT r.id, r.plein_id, n.name AS plein, r.referred_on, v.code AS visitor_code,
                   {ReferralSql.FromName} AS "from", {ReferralSql.ToName} AS "to",
                   r.zorgvraag, r.zorgvraag_category AS category, l.name AS leefgebied,
                   r.consent_share_contact, r.consent_feedback, r.spoed, r.status,
                   CASE WHEN {ReferralSql.FeedbackVisible} THEN r.outcome END AS outcome, r.status_reason, r.status_changed_at,
                   {ReferralSql.Waiting} AS wacht_op_reactie, cu.display_name AS created_by, r.created_at,
                   {NeedToKnow.Receives} AS receives, {NeedToKnow.Sent} AS sent, {ReferralSql.FeedbackVisible} AS feedback_visible
            FROM referral r CROSS JOIN me
            {ReferralSql.Joins}
            LEFT JOIN app_user cu ON cu.id = r.created_by
            WHERE r.id = @id AND {NeedToKnow.SeesReferral};

            WITH {NeedToKnow.Me}
            SELECT e.status,
                   CASE WHEN {ReferralSql.FeedbackVisible} THEN e.outcome END AS outcome, e.reason,
                   CASE WHEN {ReferralSql.FeedbackVisible} OR e.changed_by = me.user_id THEN e.note END AS note,
                   u.display_name AS changed_by, e.changed_at
            FROM referral_status_event e JOIN referral r ON r.id = e.referral_id CROSS JOIN me
            LEFT JOIN app_user u ON u.id = e.changed_by
            WHERE e.referral_id = @id AND {NeedToKnow.SeesReferral}
            ORDER BY e.changed_at, e.id;

            WITH {NeedToKnow.Me}
            SELECT c.name, c.phone
            FROM referral_contact c JOIN referral r ON r.id = c.referral_id CROSS JOIN me
            WHERE c.referral_id = @id AND {NeedToKnow.SeesContact};
            """, new { userId, id, now }, cancellationToken: ct));
        var referral = await r.ReadSingleOrDefaultAsync<ReferralDetail>();
        if (referral is null) return null;
        var history = (await r.ReadAsync<StatusEventRow>()).ToList();
        var contact = await r.ReadSingleOrDefaultAsync<VisitorContact>();
        if (!referral.FeedbackVisible)
        {
            referral = referral with { StatusReason = ReferralStatus.ReasonLabel(referral.StatusReason) };
            history = history.Select(e => e with { Reason = ReferralStatus.ReasonLabel(e.Reason) }).ToList();
        }
        return new ReferralView(referral, history, contact);
    }
}
