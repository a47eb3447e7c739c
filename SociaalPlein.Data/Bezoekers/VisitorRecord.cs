using Dapper;
using Npgsql;
using SociaalPlein.Data.Verwijzingen;

namespace SociaalPlein.Data.Bezoekers;

public sealed record RecordVisitor(
    int Id, string Code, int PleinId, string Plein, int? BirthYear, string Gender, string? Postcode, string? Wijk,
    DateOnly FirstVisitOn, string? CreatedBy, DateTime CreatedAt, DateTime? PersonalDataErasedAt);

/// <summary>The name and phone one referral carried, and when its retention clock runs out.</summary>
public sealed record RecordContact(
    int ReferralId, string Name, string Phone, DateTime ConsentedAt, DateOnly LastContactOn, DateOnly ErasedAfter, DateTime CreatedAt);

/// <summary>An active account that may read one referral's contact details now (NeedToKnow.SeesContact).</summary>
public sealed record RecordContactReader(int ReferralId, string Name, string Email, string Role);

public sealed record RecordVisit(
    int Id, DateOnly VisitedOn, string Kind, string? Spreekuur, string? HelpedBy, string? RegisteredBy, string? Leefgebieden,
    DateTime CreatedAt);

public sealed record RecordReferral(
    int Id, DateOnly ReferredOn, string FromKind, string? FromProfessional, string? FromOrganisation, string? ToProfessional,
    string ToOrganisation, string Zorgvraag, string? Category, string Leefgebied, bool ConsentShareContact, bool ConsentFeedback,
    bool Spoed, string Status, string? Outcome, string? StatusReason, string? CreatedBy, DateTime CreatedAt, DateTime? NotifiedAt);

public sealed record RecordEvent(
    long Id, int ReferralId, string Status, string? Outcome, string? Reason, string? Note, string? ChangedBy, DateTime ChangedAt);

/// <summary>One meting: its date, leefgebied and step, the visit it was taken with and who registered it.</summary>
public sealed record RecordMeting(long Id, DateOnly MeasuredOn, string Leefgebied, short Step, string StepLabel, int VisitId,
    string? RegisteredBy, DateTime CreatedAt);

/// <summary>One agreement to metingen: given (who, when) and perhaps withdrawn (who, when).</summary>
public sealed record RecordAgreement(DateTime GivenAt, string? GivenBy, DateTime? WithdrawnAt, string? WithdrawnBy);

/// <summary>Who opened this visitor's data (the audit log's entries with the visitor's code as subject).</summary>
public sealed record RecordAccess(DateTime OccurredAt, string? UserEmail, string? Role, string Action, string Outcome);

/// <summary>Everything stored about one visitor (AVG art. 15), for the printable access report.</summary>
public sealed record VisitorRecordPage(
    RecordVisitor Visitor, IReadOnlyList<RecordContact> Contacts, IReadOnlyList<RecordContactReader> ContactReaders,
    IReadOnlyList<RecordVisit> Visits, IReadOnlyList<RecordReferral> Referrals,
    IReadOnlyList<RecordEvent> Events, IReadOnlyList<RecordAccess> Accesses, bool MoreAccesses,
    IReadOnlyList<RecordMeting> Metingen, IReadOnlyList<RecordAgreement> Agreements);

/// <summary>
/// The right of access: every row about one visitor, from every table that refers to them — the visitor row, the
/// contact details per referral that carried them with who could see them (every active account for which
/// NeedToKnow.SeesContact holds: the same rule the pages apply, evaluated per account of the referral's plein and every beheerder), the visits with their leefgebieden, the referrals with their free text and their whole status
/// history (reasons and notes), whether the receiver was e-mailed, the metingen and the agreements to them, and who
/// looked at the visitor's data. For the
/// beheerder only (the page's folder), so no need-to-know filter here.
/// </summary>
public sealed class VisitorRecord(NpgsqlDataSource db)
{
    /// <summary>Audit action: a visitor's whole record shown to the beheerder for an access request.</summary>
    public const string AccessAction = "visitor.access_report";

    public const int MaxAccesses = 500;

    public async Task<int?> IdOfAsync(string code, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
            "SELECT id FROM visitor WHERE code = @code", new { code }, cancellationToken: ct));
    }

    public async Task<VisitorRecordPage?> LoadAsync(int visitorId, CancellationToken ct = default)
    {
        const string sql = $"""
            SELECT v.id, v.code, v.plein_id, n.name AS plein, v.birth_year::int AS birth_year, v.gender, v.postcode, w.name AS wijk,
                   v.first_visit_on, u.display_name AS created_by, v.created_at, v.personal_data_erased_at
            FROM visitor v JOIN plein n ON n.id = v.plein_id LEFT JOIN wijk w ON w.id = v.wijk_id
            LEFT JOIN app_user u ON u.id = v.created_by
            WHERE v.id = @visitorId;

            SELECT c.referral_id, c.name, c.phone, c.consented_at, c.last_contact_on,
                   (c.last_contact_on + make_interval(months => n.contact_retention_months::int))::date AS erased_after, c.created_at
            FROM referral_contact c JOIN referral r ON r.id = c.referral_id JOIN plein n ON n.id = r.plein_id
            WHERE c.visitor_id = @visitorId
            ORDER BY r.referred_on, r.id;

            SELECT r.id AS referral_id, u.display_name AS name, u.email, me.role
            FROM referral_contact c JOIN referral r ON r.id = c.referral_id
            CROSS JOIN LATERAL ({NeedToKnow.AccountsAtPleinOf}) me
            JOIN app_user u ON u.id = me.user_id
            WHERE c.visitor_id = @visitorId AND {NeedToKnow.SeesContact}
            ORDER BY r.id, CASE me.role WHEN 'professional' THEN 0 WHEN 'projectleider' THEN 1 ELSE 2 END, u.display_name;

            SELECT x.id, x.visited_on, x.kind, s.title AS spreekuur, p.name AS helped_by, u.display_name AS registered_by,
                   (SELECT string_agg(l.name, ', ' ORDER BY l.name) FROM visit_leefgebied vl JOIN leefgebied l ON l.id = vl.leefgebied_id
                    WHERE vl.visit_id = x.id) AS leefgebieden, x.created_at
            FROM visit x LEFT JOIN spreekuur s ON s.id = x.spreekuur_id LEFT JOIN professional p ON p.id = x.helped_by
            LEFT JOIN app_user u ON u.id = x.registered_by
            WHERE x.visitor_id = @visitorId
            ORDER BY x.visited_on, x.id;

            SELECT r.id, r.referred_on, r.from_kind, fp.name AS from_professional, fo.name AS from_organisation,
                   tp.name AS to_professional, tor.name AS to_organisation, r.zorgvraag, r.zorgvraag_category AS category,
                   l.name AS leefgebied, r.consent_share_contact, r.consent_feedback, r.spoed, r.status, r.outcome,
                   r.status_reason, u.display_name AS created_by, r.created_at, rn.sent_at AS notified_at
            FROM referral r JOIN organisation tor ON tor.id = r.to_organisation_id JOIN leefgebied l ON l.id = r.leefgebied_id
            LEFT JOIN professional fp ON fp.id = r.from_professional_id LEFT JOIN organisation fo ON fo.id = r.from_organisation_id
            LEFT JOIN professional tp ON tp.id = r.to_professional_id LEFT JOIN app_user u ON u.id = r.created_by
            LEFT JOIN referral_notification rn ON rn.referral_id = r.id
            WHERE r.visitor_id = @visitorId
            ORDER BY r.referred_on, r.id;

            SELECT e.id, e.referral_id, e.status, e.outcome, e.reason, e.note, u.display_name AS changed_by, e.changed_at
            FROM referral_status_event e JOIN referral r ON r.id = e.referral_id LEFT JOIN app_user u ON u.id = e.changed_by
            WHERE r.visitor_id = @visitorId
            ORDER BY e.referral_id, e.changed_at, e.id;

            SELECT m.id, m.measured_on, l.name AS leefgebied, m.step, s.label AS step_label, m.visit_id, u.display_name AS registered_by,
                   m.created_at
            FROM meting m JOIN leefgebied l ON l.id = m.leefgebied_id JOIN meting_step s ON s.step = m.step
            LEFT JOIN app_user u ON u.id = m.registered_by
            WHERE m.visitor_id = @visitorId
            ORDER BY m.measured_on, l.sort_order, m.id;

            SELECT a.given_at, g.display_name AS given_by, a.withdrawn_at, w.display_name AS withdrawn_by
            FROM meting_agreement a LEFT JOIN app_user g ON g.id = a.given_by LEFT JOIN app_user w ON w.id = a.withdrawn_by
            WHERE a.visitor_id = @visitorId
            ORDER BY a.given_at, a.id;

            SELECT a.occurred_at, a.user_email, a.role, a.action, a.outcome
            FROM audit_log a
            WHERE a.subject = (SELECT code FROM visitor WHERE id = @visitorId)
            ORDER BY a.occurred_at DESC, a.id DESC
            LIMIT @take;
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var grid = await conn.QueryMultipleAsync(new CommandDefinition(sql, new { visitorId, take = MaxAccesses + 1 },
            cancellationToken: ct));
        var visitor = await grid.ReadSingleOrDefaultAsync<RecordVisitor>();
        if (visitor is null) return null;
        var contacts = (await grid.ReadAsync<RecordContact>()).ToList();
        var readers = (await grid.ReadAsync<RecordContactReader>()).ToList();
        var visits = (await grid.ReadAsync<RecordVisit>()).ToList();
        var referrals = (await grid.ReadAsync<RecordReferral>()).ToList();
        var events = (await grid.ReadAsync<RecordEvent>()).ToList();
        var metingen = (await grid.ReadAsync<RecordMeting>()).ToList();
        var agreements = (await grid.ReadAsync<RecordAgreement>()).ToList();
        var accesses = (await grid.ReadAsync<RecordAccess>()).ToList();
        var more = accesses.Count > MaxAccesses;
        return new VisitorRecordPage(visitor, contacts, readers, visits, referrals, events, more ? accesses[..MaxAccesses] : accesses, more,
            metingen, agreements);
    }
}
