using Dapper;
using Npgsql;
using SociaalPlein.Data.Verwijzingen;

namespace SociaalPlein.Data.Bezoekers;

/// <summary>
/// The top of a visitor card: demographics, the veelbezoeker count, and the contact details only when the account
/// has a need to know them (NeedToKnow.SeesContact); otherwise the contact columns are null, so the details never
/// leave the database.
/// </summary>
public sealed record CardVisitor(
    int Id, int PleinId, string Plein, string Code, int? BirthYear, string Gender, string? Postcode, string? Wijk, DateOnly FirstVisitOn,
    int VisitsInWindow, int FrequentVisitorThreshold, int FrequentVisitorWindowDays,
    bool MaySeeContact, string? ContactName, string? ContactPhone, DateOnly? LastContactOn, DateOnly? ContactErasedAfter)
{
    public bool IsVeelbezoeker => VisitsInWindow >= FrequentVisitorThreshold;
    public bool ContactShown => ContactName is not null;
}

/// <summary>One visit on the card: when, which kind, at which spreekuur, about what, and who helped.</summary>
public sealed record CardVisit(int Id, DateOnly VisitedOn, string Kind, string? Spreekuur, string Leefgebieden, string? HelpedBy);

/// <summary>One referral on the card, as far as the account may see it (NeedToKnow.SeesReferral).</summary>
public sealed record CardReferral(
    int Id, DateOnly ReferredOn, string FromParty, string ToParty, string Leefgebied, string Zorgvraag, string? Category,
    string Status, bool Spoed);

public sealed record VisitorCardPage(CardVisitor Visitor, IReadOnlyList<CardVisit> Visits, IReadOnlyList<CardReferral> Referrals);

/// <summary>
/// <c>/bezoekers/{code}</c>: one visitor's demographics, visits and referrals over time, in one round trip. Every part
/// goes through NeedToKnow: a visitor the account may not see is not found (the page answers 404), and of a visible
/// visitor a professional sees only the referrals they sent or received.
/// </summary>
public sealed class VisitorCard(NpgsqlDataSource db)
{
    // Each statement of the batch finds the visitor again under the same rule: nothing of a hidden visitor is read.
    const string Card = $"""
        {NeedToKnow.Me},
        card AS (SELECT v.id FROM visitor v CROSS JOIN me WHERE v.code = @code AND {NeedToKnow.SeesVisitor})
        """;

    const string VisitorSql = $"""
        WITH {NeedToKnow.Me}
        SELECT v.id, v.plein_id, n.name AS plein, v.code, v.birth_year::int AS birth_year, v.gender, v.postcode, w.name AS wijk,
               v.first_visit_on, {FrequentVisitors.VisitsInWindow} AS visits_in_window,
               n.frequent_visitor_threshold::int AS frequent_visitor_threshold,
               n.frequent_visitor_window_days::int AS frequent_visitor_window_days,
               contact.allowed AS may_see_contact, c.name AS contact_name, c.phone AS contact_phone, c.last_contact_on,
               (c.last_contact_on + make_interval(months => n.contact_retention_months::int))::date AS contact_erased_after
        FROM visitor v
        JOIN plein n ON n.id = v.plein_id
        LEFT JOIN wijk w ON w.id = v.wijk_id
        CROSS JOIN me
        CROSS JOIN LATERAL (SELECT {NeedToKnow.SeesContact} AS allowed) contact
        LEFT JOIN visitor_contact c ON c.visitor_id = v.id AND contact.allowed
        WHERE v.code = @code AND {NeedToKnow.SeesVisitor};
        """;

    const string VisitsSql = $"""
        WITH {Card}
        SELECT x.id, x.visited_on, x.kind, s.title AS spreekuur,
               coalesce((SELECT string_agg(l.name, ', ' ORDER BY l.sort_order, l.name)
                         FROM visit_leefgebied vl JOIN leefgebied l ON l.id = vl.leefgebied_id
                         WHERE vl.visit_id = x.id), '') AS leefgebieden,
               p.name AS helped_by
        FROM card
        JOIN visit x ON x.visitor_id = card.id
        LEFT JOIN spreekuur s ON s.id = x.spreekuur_id
        LEFT JOIN professional p ON p.id = x.helped_by
        ORDER BY x.visited_on DESC, x.id DESC;
        """;

    const string ReferralsSql = $"""
        WITH {Card}
        SELECT r.id, r.referred_on,
               CASE r.from_kind WHEN 'eigen_initiatief' THEN 'Eigen initiatief'
                                WHEN 'professional' THEN fp.name || ' (' || fo.name || ')'
                                ELSE fo.name END AS from_party,
               coalesce(tp.name || ' (' || t_o.name || ')', t_o.name) AS to_party,
               l.name AS leefgebied, r.zorgvraag, r.zorgvraag_category AS category, r.status, r.spoed
        FROM card
        JOIN referral r ON r.visitor_id = card.id
        CROSS JOIN me
        JOIN leefgebied l ON l.id = r.leefgebied_id
        LEFT JOIN professional fp ON fp.id = r.from_professional_id
        LEFT JOIN organisation fo ON fo.id = r.from_organisation_id
        LEFT JOIN professional tp ON tp.id = r.to_professional_id
        JOIN organisation t_o ON t_o.id = r.to_organisation_id
        WHERE {NeedToKnow.SeesReferral}
        ORDER BY r.referred_on DESC, r.id DESC;
        """;

    /// <summary>The card of the visitor with this code, or null when there is none the account may see.</summary>
    public async Task<VisitorCardPage?> LoadAsync(int userId, string code, DateOnly today, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var read = await conn.QueryMultipleAsync(new CommandDefinition(VisitorSql + VisitsSql + ReferralsSql,
            new { userId, code = code.Trim().ToUpperInvariant(), today }, cancellationToken: ct));
        var visitor = await read.ReadSingleOrDefaultAsync<CardVisitor>();
        var visits = (await read.ReadAsync<CardVisit>()).ToList();
        var referrals = (await read.ReadAsync<CardReferral>()).ToList();
        return visitor is null ? null : new VisitorCardPage(visitor, visits, referrals);
    }
}
