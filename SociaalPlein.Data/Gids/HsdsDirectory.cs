using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Data.Gids;

/// <summary>One page of the directory: 1-based page, its size, optionally one plein, and the date spreekuren must be valid on.</summary>
public sealed record HsdsQuery(int Page, int PerPage, int? PleinId, DateOnly Today);

/// <summary>
/// The directory as Open Referral HSDS 3.0 for another sociale kaart: active organisations as organizations (with the
/// pleinen where they work as locations, carrying their own spreekuren and inloop as schedules) and active professionals
/// of active organisations as services (with their spreekuren as schedules). Leefgebieden are taxonomy terms, linked
/// through attributes. One round trip per page: the count, the page with its links aggregated per row, and the small
/// lookup tables (pleinen, leefgebieden, languages).
/// </summary>
public sealed partial class HsdsDirectory(NpgsqlDataSource db)
{
    public const int DefaultPerPage = 50;
    public const int MaxPerPage = 200;
    public const int MaxPage = 100_000;

    const string OrganisationInScope = """
        o.active AND (@PleinId::int IS NULL OR EXISTS (
            SELECT 1 FROM organisation_plein op WHERE op.organisation_id = o.id AND op.plein_id = @PleinId))
        """;

    const string ProfessionalInScope = """
        p.active AND o.active AND (@PleinId::int IS NULL OR EXISTS (
            SELECT 1 FROM professional_plein pp WHERE pp.professional_id = p.id AND pp.plein_id = @PleinId))
        """;

    // A spreekuur still on the rooster (today or later) at an active plein within the scope.
    const string SpreekuurInScope = """
        s.active AND pl.active AND (s.valid_until IS NULL OR s.valid_until >= @Today)
        AND (@PleinId::int IS NULL OR s.plein_id = @PleinId)
        """;

    const string SpreekurenJson = """
        json_agg(json_build_object(
            'id', s.id, 'plein_id', s.plein_id, 'weekday', s.weekday, 'kind', s.kind, 'title', s.title, 'location', s.location,
            'starts_at', to_char(s.starts_at, 'HH24:MI'), 'ends_at', to_char(s.ends_at, 'HH24:MI'),
            'valid_from', s.valid_from, 'valid_until', s.valid_until) ORDER BY s.weekday, s.starts_at, s.id)::text
        """;

    const string Lookups = """
        SELECT id, name, address, municipality FROM plein;
        SELECT code, name, description FROM leefgebied WHERE active;
        SELECT code, name FROM language;
        """;

    const string OrganisationsSql = $"""
        SELECT count(*)::int FROM organisation o WHERE {OrganisationInScope};

        SELECT o.id, o.name, o.description, o.email, o.phone, o.website, o.street, o.postcode, o.city,
               coalesce((SELECT string_agg(l.code, ',' ORDER BY l.sort_order, l.code)
                         FROM organisation_leefgebied ol JOIN leefgebied l ON l.id = ol.leefgebied_id
                         WHERE ol.organisation_id = o.id AND l.active), '') AS leefgebieden,
               coalesce((SELECT string_agg(DISTINCT w.plein_id::text, ',') FROM (
                             SELECT op.plein_id FROM organisation_plein op JOIN plein pl ON pl.id = op.plein_id
                             WHERE op.organisation_id = o.id AND pl.active AND (@PleinId::int IS NULL OR op.plein_id = @PleinId)
                             UNION
                             SELECT s.plein_id FROM spreekuur s JOIN plein pl ON pl.id = s.plein_id
                             WHERE s.organisation_id = o.id AND s.professional_id IS NULL AND {SpreekuurInScope}) w), '') AS pleinen,
               (SELECT {SpreekurenJson} FROM spreekuur s JOIN plein pl ON pl.id = s.plein_id
                WHERE s.organisation_id = o.id AND s.professional_id IS NULL AND {SpreekuurInScope}) AS spreekuren
        FROM organisation o
        WHERE {OrganisationInScope}
        ORDER BY o.name, o.id
        LIMIT @Take OFFSET @Skip;

        {Lookups}
        """;

    const string ProfessionalsSql = $"""
        SELECT count(*)::int FROM professional p JOIN organisation o ON o.id = p.organisation_id WHERE {ProfessionalInScope};

        SELECT p.id, p.organisation_id, p.name, p.function, p.about, p.email, p.phone, p.verified_at,
               coalesce((SELECT string_agg(l.code, ',' ORDER BY l.sort_order, l.code)
                         FROM professional_leefgebied pl JOIN leefgebied l ON l.id = pl.leefgebied_id
                         WHERE pl.professional_id = p.id AND l.active), '') AS leefgebieden,
               coalesce((SELECT string_agg(pg.language_code, ',' ORDER BY pg.language_code)
                         FROM professional_language pg WHERE pg.professional_id = p.id), '') AS languages,
               coalesce((SELECT string_agg(DISTINCT w.plein_id::text, ',') FROM (
                             SELECT pp.plein_id FROM professional_plein pp JOIN plein pl ON pl.id = pp.plein_id
                             WHERE pp.professional_id = p.id AND pl.active AND (@PleinId::int IS NULL OR pp.plein_id = @PleinId)
                             UNION
                             SELECT s.plein_id FROM spreekuur s JOIN plein pl ON pl.id = s.plein_id
                             WHERE s.professional_id = p.id AND {SpreekuurInScope}) w), '') AS pleinen,
               (SELECT {SpreekurenJson} FROM spreekuur s JOIN plein pl ON pl.id = s.plein_id
                WHERE s.professional_id = p.id AND {SpreekuurInScope}) AS spreekuren
        FROM professional p
        JOIN organisation o ON o.id = p.organisation_id
        WHERE {ProfessionalInScope}
        ORDER BY p.name, p.id
        LIMIT @Take OFFSET @Skip;

        {Lookups}
        """;

    sealed record OrganisationRow(int Id, string Name, string Description, string Email, string Phone, string Website,
        string Street, string Postcode, string City, string Leefgebieden, string Pleinen, string? Spreekuren);

    sealed record ProfessionalRow(int Id, int OrganisationId, string Name, string Function, string About, string Email,
        string Phone, DateTime VerifiedAt, string Leefgebieden, string Languages, string Pleinen, string? Spreekuren);

    sealed record SpreekuurRow(int Id, int PleinId, int Weekday, string Kind, string Title, string Location,
        string StartsAt, string EndsAt, string ValidFrom, string? ValidUntil);

    sealed record PleinRow(int Id, string Name, string Address, string Municipality);
    sealed record LeefgebiedRow(string Code, string Name, string Description);
    sealed record LanguageRow(string Code, string Name);

    sealed record LookupTables(
        IReadOnlyDictionary<int, PleinRow> Pleinen,
        IReadOnlyDictionary<string, HsdsTaxonomyTerm> Terms,
        IReadOnlyDictionary<string, string> Languages);

    /// <summary>Whether the plein exists and is active: the only pleinen the API filters on.</summary>
    public async Task<bool> PleinExistsAsync(int pleinId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM plein WHERE id = @pleinId AND active)", new { pleinId }, cancellationToken: ct));
    }

    public Task<HsdsPage<HsdsOrganization>> OrganizationsAsync(HsdsQuery query, CancellationToken ct = default) =>
        PageAsync<OrganisationRow, HsdsOrganization>(OrganisationsSql, query, ToOrganization, ct);

    public Task<HsdsPage<HsdsService>> ServicesAsync(HsdsQuery query, CancellationToken ct = default) =>
        PageAsync<ProfessionalRow, HsdsService>(ProfessionalsSql, query, ToService, ct);

    async Task<HsdsPage<TOut>> PageAsync<TRow, TOut>(string sql, HsdsQuery q, Func<TRow, LookupTables, TOut> map,
        CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var grid = await conn.QueryMultipleAsync(new CommandDefinition(sql, new
        {
            q.PleinId, q.Today, Take = q.PerPage, Skip = (q.Page - 1) * q.PerPage,
        }, cancellationToken: ct));
        var total = await grid.ReadSingleAsync<int>();
        var rows = (await grid.ReadAsync<TRow>()).ToList();
        var lookups = new LookupTables(
            (await grid.ReadAsync<PleinRow>()).ToDictionary(p => p.Id),
            (await grid.ReadAsync<LeefgebiedRow>()).ToDictionary(l => l.Code, ToTerm),
            (await grid.ReadAsync<LanguageRow>()).ToDictionary(l => l.Code, l => l.Name));

        var contents = rows.Select(r => map(r, lookups)).ToList();
        var totalPages = (total + q.PerPage - 1) / q.PerPage;
        return new HsdsPage<TOut>(total, totalPages, q.Page, contents.Count, FirstPage: q.Page == 1,
            LastPage: q.Page >= totalPages, Empty: contents.Count == 0, contents);
    }

    static HsdsOrganization ToOrganization(OrganisationRow o, LookupTables lookups)
    {
        var id = HsdsIds.For("organisation", o.Id);
        var spreekuren = Spreekuren(o.Spreekuren);
        var locations = new List<HsdsLocation>();
        if (o.Street != "")
            locations.Add(new HsdsLocation(HsdsIds.For("organisation-address", o.Id), "physical", o.Name,
                [new HsdsAddress(HsdsIds.For("address:organisation", o.Id), o.Street, o.City, NullIfEmpty(o.Postcode), "NL", "physical")],
                Schedules: null));
        // The pleinen where the organisation works, each with the spreekuren and inloop it holds there itself.
        locations.AddRange(Ids(o.Pleinen).Select(pleinId => PleinLocation(lookups.Pleinen[pleinId],
            spreekuren.Where(s => s.PleinId == pleinId).Select(s => ToSchedule(s, serviceId: null)).ToList())));
        return new HsdsOrganization(id, o.Name, o.Description, NullIfEmpty(o.Email), NullIfEmpty(o.Website),
            Phones("organisation", o.Id, o.Phone), locations, Attributes("organization", o.Id, id, o.Leefgebieden, lookups));
    }

    static HsdsService ToService(ProfessionalRow p, LookupTables lookups)
    {
        var id = HsdsIds.For("professional", p.Id);
        var languages = Codes(p.Languages).Where(lookups.Languages.ContainsKey)
            .Select(code => new HsdsLanguage(HsdsIds.For("language:professional", p.Id, code), lookups.Languages[code], code))
            .ToList();
        var atLocations = Ids(p.Pleinen).Select(pleinId => new HsdsServiceAtLocation(
            HsdsIds.For("service-at-location", p.Id, pleinId), id, HsdsIds.For("plein", pleinId),
            PleinLocation(lookups.Pleinen[pleinId], schedules: null))).ToList();
        return new HsdsService(id, HsdsIds.For("organisation", p.OrganisationId), $"{p.Function} — {p.Name}", NullIfEmpty(p.About),
            NullIfEmpty(p.Email), "active", PleinTime.Local(new DateTimeOffset(p.VerifiedAt, TimeSpan.Zero)).ToString("yyyy-MM-dd"),
            Phones("professional", p.Id, p.Phone), languages, Attributes("service", p.Id, id, p.Leefgebieden, lookups),
            Spreekuren(p.Spreekuren).Select(s => ToSchedule(s, id)).ToList(), atLocations);
    }

    static HsdsLocation PleinLocation(PleinRow plein, IReadOnlyList<HsdsSchedule>? schedules)
    {
        var addresses = new List<HsdsAddress>();
        if (plein.Address.Trim() != "")
        {
            // The plein's address is one line ("Nieuwlandplein 10, 3118 GK Schiedam"); split it where it follows that form.
            var m = DutchAddress().Match(plein.Address.Trim());
            addresses.Add(m.Success
                ? new HsdsAddress(HsdsIds.For("address:plein", plein.Id), m.Groups["street"].Value, m.Groups["city"].Value,
                    m.Groups["postcode"].Value, "NL", "physical")
                : new HsdsAddress(HsdsIds.For("address:plein", plein.Id), plein.Address.Trim(), plein.Municipality, null, "NL", "physical"));
        }
        return new HsdsLocation(HsdsIds.For("plein", plein.Id), "physical", plein.Name, addresses, schedules);
    }

    // Times are wall-clock times in Europe/Amsterdam: a weekly rooster keeps its hours across daylight saving,
    // so a fixed UTC offset would be wrong half the year.
    static HsdsSchedule ToSchedule(SpreekuurRow s, string? serviceId) =>
        new(HsdsIds.For("spreekuur", s.Id), serviceId, HsdsIds.For("plein", s.PleinId), s.ValidFrom, s.ValidUntil,
            Freq: "WEEKLY", Interval: 1, Hsds.ByDay(s.Weekday), s.StartsAt, s.EndsAt,
            Description: s.Location == "" ? s.Title : $"{s.Title} ({s.Location})",
            AttendingType: s.Kind == "inloop" ? "Inloop, zonder afspraak" : "Spreekuur");

    static List<HsdsAttribute> Attributes(string linkEntity, int key, string linkId, string codes, LookupTables lookups) =>
        Codes(codes).Where(lookups.Terms.ContainsKey).Select(code => new HsdsAttribute(
            HsdsIds.For($"attribute:{linkEntity}", key, code), linkId, linkEntity, lookups.Terms[code].Id, lookups.Terms[code])).ToList();

    static HsdsTaxonomyTerm ToTerm(LeefgebiedRow l) =>
        new(HsdsIds.For("leefgebied", l.Code), l.Code, l.Name, l.Description, Hsds.LeefgebiedTaxonomy, "nl");

    static List<HsdsPhone> Phones(string owner, int key, string number) =>
        number == "" ? [] : [new HsdsPhone(HsdsIds.For($"phone:{owner}", key), number)];

    static List<SpreekuurRow> Spreekuren(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<List<SpreekuurRow>>(json, Hsds.Json) ?? [];

    static IEnumerable<string> Codes(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries);

    static IEnumerable<int> Ids(string list) => Codes(list).Select(int.Parse).Order();

    static string? NullIfEmpty(string value) => value == "" ? null : value;

    [GeneratedRegex(@"^(?<street>.+?),\s*(?<postcode>[1-9][0-9]{3} ?[A-Z]{2})\s+(?<city>.+)$")]
    private static partial Regex DutchAddress();
}
