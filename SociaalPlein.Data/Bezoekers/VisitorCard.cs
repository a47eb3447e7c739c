using Dapper;
using Npgsql;
using SociaalPlein.Data.Verwijzingen;

namespace SociaalPlein.Data.Bezoekers;

/// <summary>The top of a visitor card: demographics and the veelbezoeker count.</summary>
public sealed record CardVisitor(
    int Id, int PleinId, string Plein, string Code, int? BirthYear, string Gender, string? Postcode, string? Wijk, DateOnly FirstVisitOn,
    int VisitsInWindow, int FrequentVisitorThreshold, int FrequentVisitorWindowDays, bool HistoryOpen)
{
    public bool IsVeelbezoeker => VisitsInWindow >= FrequentVisitorThreshold;
}

/// <summary>
/// The name and phone one referral carried (NeedToKnow.SeesContact: only those of referrals the account may read them
/// of, so others never leave the database), with that referral and the day this row's retention clock runs out.
/// </summary>
public sealed record CardContact(int ReferralId, DateOnly ReferredOn, string ToParty, string Name, string Phone, DateOnly ErasedAfter);

/// <summary>
/// One visit on the card: when, which kind, at which spreekuur, about what, and who helped; <see cref="Own"/> when the
/// account registered or helped with it (false only for a colleague's visit shown after opening the history).
/// </summary>
public sealed record CardVisit(int Id, DateOnly VisitedOn, string Kind, string? Spreekuur, string Leefgebieden, string? HelpedBy, bool Own);

/// <summary>
/// One referral on the card. <see cref="Own"/> when the account may see the referral itself (NeedToKnow.SeesReferral);
/// a colleague's referral shown after opening the history has no zorgvraag or category (null), only its facts.
/// </summary>
public sealed record CardReferral(
    int Id, DateOnly ReferredOn, string FromParty, string ToParty, string Leefgebied, string? Zorgvraag, string? Category,
    string Status, bool Spoed, bool Own);

public sealed record VisitorCardPage(
    CardVisitor Visitor, IReadOnlyList<CardVisit> Visits, IReadOnlyList<CardReferral> Referrals, IReadOnlyList<CardContact> Contacts);

/// <summary>
/// <c>/bezoekers/{code}</c>: one visitor's demographics, visits and referrals over time, in one round trip. Every part
/// goes through NeedToKnow: a visitor the account may not see is not found (the page answers 404), and of a visible
/// visitor a professional sees only the visits they registered or helped with and the referrals they sent or received.
/// The rest of the history (a colleague's visits and referrals: dates, leefgebieden, where referred, never the
/// zorgvraag) only after opening it with a reason ("break the glass", <see cref="OpenHistoryAsync"/>), for
/// <see cref="OpenMinutes"/> minutes; the projectleider and the beheerder see it always.
/// </summary>
public sealed class VisitorCard(NpgsqlDataSource db)
{
    /// <summary>Audit actions: the card shown (or refused), and the whole history opened with a reason.</summary>
    public const string ViewAction = "visitor.view", HistoryOpenedAction = "visitor.history_opened";

    /// <summary>How long one opening with a reason shows the whole history to the account that opened it.</summary>
    public const int OpenMinutes = 30;

    /// <summary>The account (<c>me</c>) sees visitor <c>v</c>'s whole history now: not a professional, or opened lately.</summary>
    internal const string HistoryOpen = """
        (me.role <> 'professional' OR EXISTS (
            SELECT 1 FROM visitor_history_opening o
            WHERE o.user_id = me.user_id AND o.visitor_id = v.id AND o.opened_at > now() - make_interval(mins => @OpenMinutes)))
        """;

    /// <summary>The account (<c>me</c>) registered visit <c>x</c> or helped with it.</summary>
    internal const string OwnVisit = "(me.role <> 'professional' OR x.registered_by = me.user_id OR x.helped_by = me.professional_id)";

    // Each statement of the batch finds the visitor again under the same rule: nothing of a hidden visitor is read.
    // Also the start of the card's metingen (VisitorMetingen), which follow the visits' rule.
    internal const string Card = $"""
        {NeedToKnow.Me},
        card AS (SELECT v.id, {HistoryOpen} AS history_open FROM visitor v CROSS JOIN me WHERE v.code = @code AND {NeedToKnow.SeesVisitor})
        """;

    const string VisitorSql = $"""
        WITH {NeedToKnow.Me}
        SELECT v.id, v.plein_id, n.name AS plein, v.code, v.birth_year::int AS birth_year, v.gender, v.postcode, w.name AS wijk,
               v.first_visit_on, {FrequentVisitors.VisitsInWindow} AS visits_in_window,
               n.frequent_visitor_threshold::int AS frequent_visitor_threshold,
               n.frequent_visitor_window_days::int AS frequent_visitor_window_days,
               {HistoryOpen} AS history_open
        FROM visitor v
        JOIN plein n ON n.id = v.plein_id
        LEFT JOIN wijk w ON w.id = v.wijk_id
        CROSS JOIN me
        WHERE v.code = @code AND {NeedToKnow.SeesVisitor};
        """;

    const string VisitsSql = $"""
        WITH {Card}
        SELECT x.id, x.visited_on, x.kind, s.title AS spreekuur,
               coalesce((SELECT string_agg(l.name, ', ' ORDER BY l.sort_order, l.name)
                         FROM visit_leefgebied vl JOIN leefgebied l ON l.id = vl.leefgebied_id
                         WHERE vl.visit_id = x.id), '') AS leefgebieden,
               p.name AS helped_by, {OwnVisit} AS own
        FROM card
        CROSS JOIN me
        JOIN visit x ON x.visitor_id = card.id
        LEFT JOIN spreekuur s ON s.id = x.spreekuur_id
        LEFT JOIN professional p ON p.id = x.helped_by
        WHERE {OwnVisit} OR (card.history_open AND x.withdrawn_at IS NULL)
        ORDER BY x.visited_on DESC, x.id DESC;
        """;

    const string ReferralsSql = $"""
        WITH {Card}
        SELECT r.id, r.referred_on,
               CASE r.from_kind WHEN 'eigen_initiatief' THEN 'Eigen initiatief'
                                WHEN 'professional' THEN fp.name || ' (' || fo.name || ')'
                                ELSE fo.name END AS from_party,
               {ToParty} AS to_party,
               l.name AS leefgebied,
               CASE WHEN {NeedToKnow.SeesReferral} THEN r.zorgvraag END AS zorgvraag,
               CASE WHEN {NeedToKnow.SeesReferral} THEN r.zorgvraag_category END AS category,
               r.status, r.spoed, {NeedToKnow.SeesReferral} AS own
        FROM card
        JOIN referral r ON r.visitor_id = card.id
        CROSS JOIN me
        JOIN leefgebied l ON l.id = r.leefgebied_id
        LEFT JOIN professional fp ON fp.id = r.from_professional_id
        LEFT JOIN organisation fo ON fo.id = r.from_organisation_id
        LEFT JOIN professional tp ON tp.id = r.to_professional_id
        JOIN organisation t_o ON t_o.id = r.to_organisation_id
        WHERE {NeedToKnow.SeesReferral} OR (card.history_open AND r.withdrawn_at IS NULL)
        ORDER BY r.referred_on DESC, r.id DESC;
        """;

    // Opening the history never adds a contact: SeesContact asks for the referral itself, as on its own page.
    const string ContactsSql = $"""
        WITH {Card}
        SELECT r.id AS referral_id, r.referred_on, {ToParty} AS to_party, c.name, c.phone,
               (c.last_contact_on + make_interval(months => n.contact_retention_months::int))::date AS erased_after
        FROM card
        JOIN referral_contact c ON c.visitor_id = card.id
        JOIN referral r ON r.id = c.referral_id
        JOIN plein n ON n.id = r.plein_id
        CROSS JOIN me
        LEFT JOIN professional tp ON tp.id = r.to_professional_id
        JOIN organisation t_o ON t_o.id = r.to_organisation_id
        WHERE {NeedToKnow.SeesContact}
        ORDER BY r.referred_on DESC, r.id DESC;
        """;

    const string ToParty = "coalesce(tp.name || ' (' || t_o.name || ')', t_o.name)";

    /// <summary>The card of the visitor with this code, or null when there is none the account may see.</summary>
    public async Task<VisitorCardPage?> LoadAsync(int userId, string code, DateOnly today, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var read = await conn.QueryMultipleAsync(new CommandDefinition(VisitorSql + VisitsSql + ReferralsSql + ContactsSql,
            new { userId, code = code.Trim().ToUpperInvariant(), today, OpenMinutes }, cancellationToken: ct));
        var visitor = await read.ReadSingleOrDefaultAsync<CardVisitor>();
        var visits = (await read.ReadAsync<CardVisit>()).ToList();
        var referrals = (await read.ReadAsync<CardReferral>()).ToList();
        var contacts = (await read.ReadAsync<CardContact>()).ToList();
        return visitor is null ? null : new VisitorCardPage(visitor, visits, referrals, contacts);
    }

    /// <summary>
    /// Opens the whole history of the visitor with this code to the account, with its reason (already checked for length
    /// by the page), for <see cref="OpenMinutes"/> minutes: the opening is stored for the projectleider's review. Only a
    /// professional who may see the card at all opens it (the others see all already); null otherwise.
    /// </summary>
    public async Task<HistoryOpened?> OpenHistoryAsync(int userId, string code, string reason, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<HistoryOpened>(new CommandDefinition($"""
            WITH {NeedToKnow.Me}
            INSERT INTO visitor_history_opening (visitor_id, plein_id, user_id, reason)
            SELECT v.id, v.plein_id, me.user_id, @reason
            FROM visitor v CROSS JOIN me
            WHERE v.code = @code AND me.role = 'professional' AND {NeedToKnow.SeesVisitor}
            RETURNING id, visitor_id, plein_id
            """, new { userId, code = code.Trim().ToUpperInvariant(), reason = reason.Trim() }, cancellationToken: ct));
    }
}

/// <summary>A stored opening of a visitor's history: its id (for the audit entry), the visitor and their plein.</summary>
public sealed record HistoryOpened(long Id, int VisitorId, int PleinId);
