using System.Diagnostics.CodeAnalysis;
using Dapper;
using Npgsql;

namespace SociaalPlein.Data.Verwijzingen;

/// <summary>
/// One side of a referral. <see cref="Kind"/> is the schema's word (<c>referral.from_kind</c>/<c>to_kind</c>:
/// <see cref="Professional"/>, <see cref="Organisation"/>, <see cref="EigenInitiatief"/>); <see cref="ToString"/> and
/// <see cref="TryParse"/> are the token a form field or a gids link carries: <c>professional-12</c>, <c>organisatie-4</c>
/// or <c>eigen</c> ("eigen initiatief", only as the sender). The token is Dutch where the kind is English because it
/// is part of URLs people keep and share (<c>/verwijzingen/nieuw?naar=organisatie-4</c>), so it does not follow the code.
/// </summary>
public readonly record struct Party(string Kind, int? Id)
{
    public const string Professional = "professional";
    public const string Organisation = "organisation";
    public const string EigenInitiatief = "eigen_initiatief";

    const string ProfessionalToken = "professional-";
    const string OrganisationToken = "organisatie-";
    const string EigenToken = "eigen";

    public static Party OfProfessional(int id) => new(Professional, id);
    public static Party OfOrganisation(int id) => new(Organisation, id);
    public static readonly Party Eigen = new(EigenInitiatief, null);

    public static bool TryParse([NotNullWhen(true)] string? value, out Party party)
    {
        party = default;
        if (value == EigenToken) { party = Eigen; return true; }
        if (IdAfter(value, ProfessionalToken) is int p) { party = OfProfessional(p); return true; }
        if (IdAfter(value, OrganisationToken) is int o) { party = OfOrganisation(o); return true; }
        return false;
    }

    static int? IdAfter(string? value, string token) =>
        value is not null && value.StartsWith(token, StringComparison.Ordinal)
        && int.TryParse(value.AsSpan(token.Length), System.Globalization.NumberStyles.None, null, out var id) && id > 0 ? id : null;

    public override string ToString() => Kind switch
    {
        Professional => ProfessionalToken + Id,
        Organisation => OrganisationToken + Id,
        _ => EigenToken,
    };
}

/// <summary>Name and phone for a warm handover; stored only with the visitor's consent (design.md §4).</summary>
public sealed record ContactDraft(string Name, string Phone);

/// <summary>
/// A referral as entered, already checked for form (required fields, lengths) by the page. <see cref="RepeatConfirmed"/>:
/// the user chose "Toch opslaan" for a referral that repeats a recent one (see Resubmission).
/// </summary>
public sealed record ReferralDraft(
    Guid RequestId, DateOnly ReferredOn, Party From, Party To, string Zorgvraag, string? Category, int LeefgebiedId,
    bool ConsentShareContact, bool ConsentFeedback, bool Spoed, ContactDraft? Contact = null, bool RepeatConfirmed = false);

/// <summary>Where a referral belongs: its plein, and optionally the visitor (and the visit it came from).</summary>
public sealed record ReferralContext(int PleinId, int? VisitorId, int? VisitId = null);

/// <summary>
/// A problem with what was entered, for the page to show next to its field: <see cref="Referral"/> is the referral's
/// index in the form (null for the visit or the form as a whole); <see cref="Field"/> one of <see cref="Fields"/>.
/// </summary>
public sealed record EntryProblem(int? Referral, string Field, string Message);

public static class Fields
{
    public const string Plein = "PleinId";
    public const string Visitor = "Visitor";
    public const string Date = "Date";
    public const string From = "From";
    public const string To = "To";
    public const string Leefgebied = "LeefgebiedId";
    public const string Leefgebieden = "LeefgebiedIds";
    public const string Spreekuur = "SpreekuurId";
    public const string HelpedBy = "HelpedBy";
    public const string Contact = "ContactName";
    public const string ContactPhone = "ContactPhone";
    public const string Zorgvraag = "Zorgvraag";
    public const string Category = "Category";
}

/// <summary>
/// What a submit came to: stored (its id), stored before by the same form (a double submit), refused, or held back
/// because it repeats a recent entry (<see cref="Repeats"/>, until the user confirms it).
/// </summary>
public sealed record EntryResult(int? Id, bool WasDuplicate, IReadOnlyList<EntryProblem> Problems, EarlierEntry? Repeats = null)
{
    public bool Stored => Id is not null;
    public static EntryResult Refused(IReadOnlyList<EntryProblem> problems) => new(null, false, problems);
    public static EntryResult Repeating(EarlierEntry earlier) => new(null, false, [], earlier);
}

/// <summary>
/// Storing referrals, alone (<c>/verwijzingen/nieuw</c>) or with a visit (<c>/spreekuur</c>, see VisitRegistration):
/// the checks only the database can make (the account works at the plein, the visitor belongs to it, sender and
/// receiver are active and the receiver works at the plein, the leefgebied is not retired, the date lies between
/// the plein's opening and today), then one INSERT per referral that also writes its first status event and the
/// receiver's notification. A form's request id makes a double submit store nothing twice; a submit that repeats a
/// recent referral under a new request id (the browser's Back) waits for the user's "Toch opslaan" (Resubmission).
/// </summary>
public sealed class ReferralEntry(NpgsqlDataSource db)
{
    /// <summary>Stores one referral in its own transaction, or returns why not.</summary>
    public async Task<EntryResult> CreateAsync(int userId, ReferralContext context, ReferralDraft draft, DateOnly today, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var facts = await EntryFacts.LoadAsync(conn, tx, userId, context.PleinId, context.VisitorId, [draft], [], null, null, ct);
        var problems = facts.CheckPlein(today, draft.ReferredOn, referral: 0).Concat(facts.CheckReferral(0, draft)).ToList();
        if (problems.Count > 0) return EntryResult.Refused(problems);
        if (!draft.RepeatConfirmed) await Resubmission.SerialiseAsync(conn, tx, userId, null, ct);
        if (await ExistingAsync(conn, tx, draft.RequestId, ct) is int stored) return new EntryResult(stored, true, []);
        if (!draft.RepeatConfirmed && await Resubmission.ReferralAsync(conn, tx, userId, context, draft, facts, ct) is { } earlier)
            return EntryResult.Repeating(earlier);

        int? id;
        try { id = await InsertAsync(conn, tx, userId, context, draft, facts, ct); }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CheckViolation) { return EntryResult.Refused([ProblemFor(e, 0)]); }
        if (id is null) return new EntryResult(await ExistingAsync(conn, tx, draft.RequestId, ct), true, []);
        await tx.CommitAsync(ct);
        return new EntryResult(id, false, []);
    }

    /// <summary>
    /// The last line of defence: a value the page's checks let through but a CHECK of the table refuses (the pages
    /// mirror the CHECKs, so this should not happen) becomes a message next to its field instead of an error page;
    /// the transaction is rolled back, so nothing of the submit is stored.
    /// </summary>
    internal static EntryProblem ProblemFor(PostgresException refused, int? referral) => refused.ConstraintName switch
    {
        "referral_zorgvraag_check" => new(referral, Fields.Zorgvraag, ReferralFieldRules.ZorgvraagProblem("") ?? ""),
        "referral_zorgvraag_category_check" => new(referral, Fields.Category, ReferralFieldRules.CategoryProblem("") ?? ""),
        "referral_contact_name_check" => new(referral, Fields.Contact, ReferralFieldRules.ContactNameProblem("") ?? ""),
        "referral_contact_phone_check" => new(referral, Fields.ContactPhone, ReferralFieldRules.PhoneProblem("?") ?? ""),
        _ => new(referral, "", "De verwijzing kon niet worden opgeslagen: een van de velden klopt niet. Kijk ze na en probeer het opnieuw."),
    };

    /// <summary>The referral an earlier submit of the same form stored.</summary>
    internal static Task<int?> ExistingAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid requestId, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
            "SELECT id FROM referral WHERE request_id = @requestId", new { requestId }, tx, cancellationToken: ct));

    /// <summary>
    /// Inserts a checked referral with its 'verzonden' event, its notification and (with consent) the contact details it
    /// carries, as its own row that no later referral overwrites; null when this request id was stored before (the caller then stores nothing else either).
    /// </summary>
    internal static async Task<int?> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int userId, ReferralContext context,
        ReferralDraft d, EntryFacts facts, CancellationToken ct)
    {
        const string sql = """
            WITH r AS (
                INSERT INTO referral (plein_id, referred_on, visitor_id, visit_id, from_kind, from_professional_id, from_organisation_id,
                                      to_professional_id, to_organisation_id, zorgvraag, zorgvraag_category, leefgebied_id,
                                      consent_share_contact, consent_feedback, spoed, created_by, request_id)
                VALUES (@PleinId, @ReferredOn, @VisitorId, @VisitId, @FromKind, @FromProfessionalId, @FromOrganisationId,
                        @ToProfessionalId, @ToOrganisationId, @Zorgvraag, @Category, @LeefgebiedId,
                        @ConsentShareContact, @ConsentFeedback, @Spoed, @userId, @RequestId)
                ON CONFLICT (request_id) DO NOTHING
                RETURNING id),
            event AS (
                INSERT INTO referral_status_event (referral_id, status, changed_by)
                SELECT id, 'verzonden', @userId FROM r),
            notification AS (
                INSERT INTO referral_notification (referral_id) SELECT id FROM r),
            contact AS (
                INSERT INTO referral_contact (referral_id, visitor_id, name, phone, consented_at, last_contact_on)
                SELECT id, @VisitorId, @ContactName, @ContactPhone, now(), @ReferredOn FROM r
                WHERE @ContactName::text IS NOT NULL AND @VisitorId::int IS NOT NULL)
            SELECT id FROM r
            """;
        var contact = d.ConsentShareContact ? d.Contact : null;
        return await conn.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(sql, new
        {
            context.PleinId, d.ReferredOn, context.VisitorId, context.VisitId,
            FromKind = d.From.Kind,
            FromProfessionalId = d.From.Kind == Party.Professional ? d.From.Id : null,
            FromOrganisationId = facts.OrganisationOf(d.From),
            ToProfessionalId = d.To.Kind == Party.Professional ? d.To.Id : null,
            ToOrganisationId = facts.OrganisationOf(d.To),
            Zorgvraag = d.Zorgvraag.Trim(),
            Category = string.IsNullOrWhiteSpace(d.Category) ? null : d.Category.Trim(),
            d.LeefgebiedId, d.ConsentShareContact, d.ConsentFeedback, d.Spoed, userId, d.RequestId,
            ContactName = contact?.Name.Trim(),
            ContactPhone = contact?.Phone.Trim() ?? "",
        }, tx, cancellationToken: ct));
    }
}
