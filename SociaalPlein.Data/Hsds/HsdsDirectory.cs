using System.Text;
using Dapper;
using Npgsql;
using SociaalPlein.Data.Gids;

namespace SociaalPlein.Data.Hsds;

/// <summary>Who reads: one plein (an API key) or all (a signed-in user); whether work contact details may show; today.</summary>
public sealed record HsdsScope(int? PleinId, bool WorkContacts, DateOnly Today);

/// <summary>
/// The list filters of the HSDS API, combined as AND. Ids are the API's UUIDs; <see cref="Search"/> is the gids's text.
/// </summary>
public sealed record HsdsFilter(
    string Search = "", string? TaxonomyTermId = null, string? TaxonomyId = null, Guid? OrganizationId = null,
    DateTimeOffset? ModifiedAfter = null);

/// <summary>How much of each object: the list form (one-to-one fields), <c>full</c> (nested), <c>full_service</c>.</summary>
public enum HsdsDepth { List, Full }

/// <summary>
/// The directory as Open Referral HSDS 3.0 (mapping and reasons: docs/hsds.md). Every read is two round trips at
/// most: the matching keys of the page with the small lookup tables (and, the first time at a directory version, the
/// list's count: HsdsDirectory.Paging.cs), then the page's rows with what nests in them. Pages are ordered by our
/// integer ids, so that a page is an index range and stays put while entries are added after it.
/// </summary>
public sealed partial class HsdsDirectory(NpgsqlDataSource db)
{
    public const int DefaultPerPage = 50;
    public const int MaxPerPage = 200;
    /// <summary><c>minimal</c> aims at every service in one call (api_reference.md), so its pages may be this large.</summary>
    public const int MaxMinimalPerPage = 50_000;
    public const int MaxPage = 100_000;

    const string LookupsSql = """
        SELECT id, name, address, municipality, province FROM plein WHERE active ORDER BY id;
        SELECT code, name, description FROM leefgebied WHERE active ORDER BY sort_order, code;
        SELECT code, name FROM language;
        """;

    // A spreekuur still on the rooster (today or later) at an active plein.
    const string SpreekuurValid = "spreekuur_not_ended(s, @Today)";

    /// <summary>The terms of every taxonomy, for /taxonomies and /taxonomy_terms.</summary>
    public async Task<HsdsTerms> TermsAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<LeefgebiedRow>(new CommandDefinition(
            "SELECT code, name, description FROM leefgebied WHERE active ORDER BY sort_order, code", cancellationToken: ct));
        return HsdsTaxonomies.Terms(rows.Select(l => (l.Code, l.Name, l.Description)));
    }

    // ---- services ------------------------------------------------------------------------------------------------

    public async Task<HsdsPage<HsdsService>> ServicesAsync(HsdsFilter filter, HsdsScope scope, HsdsDepth depth, int page, int perPage,
        CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var services = ServiceMatch(filter);
        var match = services with { Sql = services.Sql + "\n  " + InRange("p.id"), Order = "p.id" };
        var (total, ids, lookups) = await MatchingAsync(conn, match, filter, scope, page, perPage, ct);
        var found = await ServicesByIdAsync(conn, ids, scope, lookups, depth, withOrganization: true, ct);
        return HsdsPage<HsdsService>.Of(total, page, perPage, found);
    }

    public async Task<HsdsService?> ServiceAsync(Guid id, HsdsScope scope, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var match = new Match($"""
            FROM professional p JOIN organisation o ON o.id = p.organisation_id
            WHERE hsds_id('professional', p.id::text) = @Id AND {ServiceInScope}
            """, "p.id");
        var (_, ids, lookups) = await MatchingAsync(conn, match, new HsdsFilter(), scope, 1, 1, ct, id);
        return (await ServicesByIdAsync(conn, ids, scope, lookups, HsdsDepth.Full, withOrganization: true, ct)).SingleOrDefault();
    }

    const string ServiceInScope = "p.active AND o.active AND (@PleinId::int IS NULL OR p.plein_ids @> ARRAY[@PleinId::int])";

    /// <summary>The professionals a filter keeps, as the FROM … WHERE of a statement over <c>p</c> (professional) and <c>o</c>.</summary>
    static Match ServiceMatch(HsdsFilter f)
    {
        var sql = new StringBuilder($"FROM professional p JOIN organisation o ON o.id = p.organisation_id\nWHERE {ServiceInScope}");
        object? searchArgs = null;
        if (f.Search.Trim() != "")
        {
            // Exactly the professionals the gids finds for these words: its own statement, not a copy of it. That
            // statement is fixed text; the words travel only as its parameters (Folded, TsQuery).
            if (GidsSearch.TextMatch(f.Search) is { } gids)
            {
                sql.Append($"\n  AND p.id IN (SELECT g.id FROM ({gids.Sql}) g)");
                searchArgs = gids.Parameters;
            }
            else sql.Append("\n  AND false");
        }
        if (f.TaxonomyTermId is not null) sql.Append("\n  AND " + TermCondition(f.TaxonomyTermId));
        if (f.TaxonomyId is not null)
            sql.Append(HsdsTaxonomies.KeyOf(f.TaxonomyId) switch
            {
                HsdsTaxonomies.LeefgebiedKey => "\n  AND p.leefgebied_codes <> '{}'",
                // Every service has a domein (its organisation's) and a capaciteit.
                HsdsTaxonomies.DomeinKey or HsdsTaxonomies.CapaciteitKey => "",
                _ => "\n  AND false",
            });
        if (f.OrganizationId is not null)
            sql.Append("\n  AND p.organisation_id = (SELECT x.id FROM organisation x WHERE hsds_id('organisation', x.id::text) = @OrganizationId)");
        if (f.ModifiedAfter is not null)
            sql.Append("""

                  AND (p.updated_at >= @ModifiedAfter OR p.id IN (
                      SELECT c.entity_id FROM directory_change c WHERE c.changed_at >= @ModifiedAfter AND c.entity_type = 'professional'))
                """);
        return new Match(sql.ToString(), "p.id", searchArgs);
    }

    // The term is looked up by its UUID among the terms the statement itself can see: codes are parameters, never SQL.
    static string TermCondition(string termId) =>
        $"""
        (p.leefgebied_codes && ARRAY(SELECT l.code FROM leefgebied l WHERE l.active AND hsds_id('{HsdsTaxonomies.LeefgebiedKey}', l.code) = @TermId)
         OR o.domein = ANY (SELECT d.code FROM unnest(ARRAY['medisch', 'sociaal', 'welzijn', 'overig']) d(code) WHERE hsds_id('{HsdsTaxonomies.DomeinKey}', d.code) = @TermId)
         OR p.capacity = ANY (SELECT c.code FROM unnest(ARRAY['ruimte', 'wachtlijst', 'vol']) c(code) WHERE hsds_id('{HsdsTaxonomies.CapaciteitKey}', c.code) = @TermId))
        """;

    // ---- organizations -------------------------------------------------------------------------------------------

    const string OrganisationInScope = """
        o.active AND (@PleinId::int IS NULL OR EXISTS (
            SELECT 1 FROM organisation_plein op WHERE op.organisation_id = o.id AND op.plein_id = @PleinId))
        """;

    public async Task<HsdsPage<HsdsOrganization>> OrganizationsAsync(string search, HsdsScope scope, HsdsDepth depth, bool fullService,
        int page, int perPage, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var sql = new StringBuilder($"FROM organisation o\nWHERE {OrganisationInScope}");
        object? searchArgs = null;
        if (search.Trim() != "")
        {
            // An organisation is found when the gids finds one of its professionals (its name is in their search text).
            if (GidsSearch.TextMatch(search) is { } gids)
            {
                sql.Append($"\n  AND o.id IN (SELECT x.organisation_id FROM professional x WHERE x.id IN (SELECT g.id FROM ({gids.Sql}) g))");
                searchArgs = gids.Parameters;
            }
            else sql.Append("\n  AND false");
        }
        sql.Append("\n  " + InRange("o.id"));
        // The search is part of the filter so that each search keeps its own total.
        var (total, ids, lookups) = await MatchingAsync(conn, new Match(sql.ToString(), "o.id", searchArgs, Order: "o.id"),
            new HsdsFilter(search), scope, page, perPage, ct);
        var organisations = await OrganisationsByIdAsync(conn, ids, scope, lookups, depth, fullService, ct);
        return HsdsPage<HsdsOrganization>.Of(total, page, perPage, organisations);
    }

    public async Task<HsdsOrganization?> OrganizationAsync(Guid id, HsdsScope scope, bool fullService, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var match = new Match($"FROM organisation o WHERE hsds_id('organisation', o.id::text) = @Id AND {OrganisationInScope}", "o.id");
        var (_, ids, lookups) = await MatchingAsync(conn, match, new HsdsFilter(), scope, 1, 1, ct, id);
        return (await OrganisationsByIdAsync(conn, ids, scope, lookups, HsdsDepth.Full, fullService, ct)).SingleOrDefault();
    }

    // ---- service_at_locations ------------------------------------------------------------------------------------

    // A professional is at a plein when linked to it or holding a spreekuur there; the plein must be active.
    const string AtLocations = $"""
        (SELECT pp.professional_id, pp.plein_id FROM professional_plein pp
         UNION
         SELECT s.professional_id, s.plein_id FROM spreekuur s WHERE s.professional_id IS NOT NULL AND {SpreekuurValid}) sal
        JOIN plein pl ON pl.id = sal.plein_id AND pl.active
        """;

    // The same pairs in their paging order, (professional, plein): the links, and the spreekuren's pairs that are not a
    // link too, each read in that order from its index (professional_plein_pkey, spreekuur_professional_plein) and
    // merged. No pair is in both halves, so nothing is left to deduplicate over the whole set, and the planner estimates
    // the halves as they are (a DISTINCT over the union it estimated at a tenth, and sorted a deep page). A kept list
    // reads each half between its bookmarks.
    static readonly string AtLocationsInOrder = $"""
        (SELECT pp.professional_id, pp.plein_id FROM professional_plein pp
         WHERE true {InRange("(pp.professional_id, pp.plein_id)")}
         UNION ALL
         SELECT DISTINCT s.professional_id, s.plein_id FROM spreekuur s
         WHERE s.professional_id IS NOT NULL AND {SpreekuurValid} {InRange("(s.professional_id, s.plein_id)")}
           AND NOT EXISTS (SELECT 1 FROM professional_plein x WHERE x.professional_id = s.professional_id AND x.plein_id = s.plein_id)) sal
        JOIN plein pl ON pl.id = sal.plein_id AND pl.active
        """;

    public async Task<HsdsPage<HsdsServiceAtLocation>> ServiceAtLocationsAsync(HsdsFilter filter, HsdsScope scope, HsdsDepth depth,
        int page, int perPage, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var services = ServiceMatch(filter);
        var match = new Match($"""
            FROM {AtLocationsInOrder}
            WHERE (@PleinId::int IS NULL OR sal.plein_id = @PleinId) AND sal.professional_id IN (SELECT p.id {services.Sql})
            """, PairKey, services.SearchArgs, Order: "sal.professional_id, sal.plein_id");
        var (total, keys, lookups) = await MatchingAsync(conn, match, filter, scope, page, perPage, ct);
        return HsdsPage<HsdsServiceAtLocation>.Of(total, page, perPage,
            await ServiceAtLocationsByKeyAsync(conn, keys, scope, lookups, depth, ct));
    }

    // A pair as one number: the professional in the high half, the plein in the low; ordered as the pair is.
    const string PairKey = "sal.professional_id::bigint << 32 | sal.plein_id";

    public async Task<HsdsServiceAtLocation?> ServiceAtLocationAsync(Guid id, HsdsScope scope, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var match = new Match($"""
            FROM {AtLocations}
            JOIN professional p ON p.id = sal.professional_id JOIN organisation o ON o.id = p.organisation_id
            WHERE hsds_id('service-at-location', sal.professional_id::text || ':' || sal.plein_id::text) = @Id
              AND (@PleinId::int IS NULL OR sal.plein_id = @PleinId) AND {ServiceInScope}
            """, PairKey);
        var (_, keys, lookups) = await MatchingAsync(conn, match, new HsdsFilter(), scope, 1, 1, ct, id);
        return (await ServiceAtLocationsByKeyAsync(conn, keys, scope, lookups, HsdsDepth.Full, ct)).SingleOrDefault();
    }

    async Task<List<HsdsServiceAtLocation>> ServiceAtLocationsByKeyAsync(NpgsqlConnection conn, IReadOnlyList<long> keys, HsdsScope scope,
        Lookups lookups, HsdsDepth depth, CancellationToken ct)
    {
        var pairs = keys.Select(k => (Professional: (int)(k >> 32), Plein: (int)(k & 0xFFFFFFFF))).ToList();
        var (found, rows) = await ServicesAndRowsByIdAsync(conn, pairs.Select(p => (long)p.Professional).Distinct().ToList(), scope,
            lookups, depth, withOrganization: depth == HsdsDepth.Full, ct);
        var services = found.ToDictionary(s => s.Id);
        return pairs.Select(pair =>
        {
            var row = rows[pair.Professional];
            var service = services[HsdsIds.For("professional", pair.Professional)];
            var full = HsdsMapping.ServiceAtLocation(row, pair.Plein, lookups);
            return depth == HsdsDepth.Full
                ? full with { Service = service with { ServiceAtLocations = null } }
                : full with { Schedules = null, Location = full.Location with { Addresses = null }, Service = HsdsMapping.ListForm(service) };
        }).ToList();
    }

    internal sealed record Lookups(IReadOnlyDictionary<int, PleinRow> Pleinen, HsdsTerms Terms, IReadOnlyDictionary<string, string> Languages);

    const string ServiceRowsSql = $"""
        SELECT p.id, p.organisation_id, p.name, p.function, p.about, p.email, p.phone, p.capacity, p.capacity_weeks::int AS capacity_weeks,
               p.verified_at,
               greatest(p.updated_at, (SELECT max(c.changed_at) FROM directory_change c
                                       WHERE c.entity_type = 'professional' AND c.entity_id = p.id)) AS last_modified,
               p.leefgebied_codes, p.language_codes,
               ARRAY(SELECT pp.plein_id FROM professional_plein pp WHERE pp.professional_id = p.id
                     UNION SELECT s.plein_id FROM spreekuur s WHERE s.professional_id = p.id AND {SpreekuurValid}) AS pleinen,
               (SELECT {SpreekurenJson} FROM spreekuur s WHERE s.professional_id = p.id AND {SpreekuurValid}) AS spreekuren
        FROM professional p
        WHERE p.id = ANY (@Ids)
        """;

    const string OrganisationRowsSql = $"""
        SELECT o.id, o.name, o.description, o.email, o.phone, o.website, o.street, o.postcode, o.city, o.province, o.domein,
               ARRAY(SELECT l.code FROM organisation_leefgebied ol JOIN leefgebied l ON l.id = ol.leefgebied_id
                     WHERE ol.organisation_id = o.id AND l.active ORDER BY l.sort_order, l.code) AS leefgebieden,
               ARRAY(SELECT op.plein_id FROM organisation_plein op WHERE op.organisation_id = o.id
                     UNION SELECT s.plein_id FROM spreekuur s
                     WHERE s.organisation_id = o.id AND s.professional_id IS NULL AND {SpreekuurValid}) AS pleinen,
               (SELECT {SpreekurenJson} FROM spreekuur s
                WHERE s.organisation_id = o.id AND s.professional_id IS NULL AND {SpreekuurValid}) AS spreekuren
        FROM organisation o
        WHERE o.id = ANY (@Ids)
        """;

    const string SpreekurenJson = """
        json_agg(json_build_object(
            'id', s.id, 'plein_id', s.plein_id, 'weekday', s.weekday, 'kind', s.kind, 'title', s.title, 'location', s.location,
            'starts_at', to_char(s.starts_at, 'HH24:MI'), 'ends_at', to_char(s.ends_at, 'HH24:MI'),
            'valid_from', s.valid_from, 'valid_until', s.valid_until) ORDER BY s.weekday, s.starts_at, s.id)::text
        """;

    async Task<Dictionary<int, ProfessionalRow>> ServiceRowsAsync(NpgsqlConnection conn, IReadOnlyList<long> ids, HsdsScope scope,
        CancellationToken ct) =>
        ids.Count == 0 ? [] : (await conn.QueryAsync<ProfessionalRow>(new CommandDefinition(ServiceRowsSql,
            new { Ids = ids.Select(i => (int)i).ToArray(), scope.Today }, cancellationToken: ct))).ToDictionary(r => r.Id);

    async Task<List<HsdsService>> ServicesByIdAsync(NpgsqlConnection conn, IReadOnlyList<long> ids, HsdsScope scope, Lookups lookups,
        HsdsDepth depth, bool withOrganization, CancellationToken ct) =>
        (await ServicesAndRowsByIdAsync(conn, ids, scope, lookups, depth, withOrganization, ct)).Services;

    /// <summary>The services of these professionals, with the rows they were mapped from (a service_at_location maps them too).</summary>
    async Task<(List<HsdsService> Services, Dictionary<int, ProfessionalRow> Rows)> ServicesAndRowsByIdAsync(NpgsqlConnection conn,
        IReadOnlyList<long> ids, HsdsScope scope, Lookups lookups, HsdsDepth depth, bool withOrganization, CancellationToken ct)
    {
        if (ids.Count == 0) return ([], []);
        var args = new { Ids = ids.Select(i => (int)i).ToArray(), scope.Today };
        Dictionary<int, ProfessionalRow> rows;
        Dictionary<int, OrganisationRow> organisations = [];
        if (withOrganization)
        {
            await using var grid = await conn.QueryMultipleAsync(new CommandDefinition(
                ServiceRowsSql + ";\n" + OrganisationRowsSql.Replace("o.id = ANY (@Ids)",
                    "o.id IN (SELECT x.organisation_id FROM professional x WHERE x.id = ANY (@Ids))"), args, cancellationToken: ct));
            rows = (await grid.ReadAsync<ProfessionalRow>()).ToDictionary(r => r.Id);
            organisations = (await grid.ReadAsync<OrganisationRow>()).ToDictionary(r => r.Id);
        }
        else rows = await ServiceRowsAsync(conn, ids, scope, ct);
        return (ids.Select(id => rows[(int)id]).Select(row =>
        {
            var full = HsdsMapping.Service(row, scope, lookups,
                organisations.TryGetValue(row.OrganisationId, out var o) ? HsdsMapping.ListForm(HsdsMapping.Organization(o, lookups)) : null);
            return depth == HsdsDepth.Full ? full : HsdsMapping.ListForm(full) with { Organization = full.Organization };
        }).ToList(), rows);
    }

    async Task<List<HsdsOrganization>> OrganisationsByIdAsync(NpgsqlConnection conn, IReadOnlyList<long> ids, HsdsScope scope,
        Lookups lookups, HsdsDepth depth, bool fullService, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var rows = (await conn.QueryAsync<OrganisationRow>(new CommandDefinition(OrganisationRowsSql,
            new { Ids = ids.Select(i => (int)i).ToArray(), scope.Today }, cancellationToken: ct))).ToDictionary(r => r.Id);
        if (depth == HsdsDepth.List)
            return ids.Select(id => HsdsMapping.ListForm(HsdsMapping.Organization(rows[(int)id], lookups))).ToList();

        // The services each organisation provides within the scope: their HSDS required fields, or in full.
        var serviceIds = (await conn.QueryAsync<long>(new CommandDefinition($"""
            SELECT p.id FROM professional p JOIN organisation o ON o.id = p.organisation_id
            WHERE p.organisation_id = ANY (@Ids) AND {ServiceInScope} ORDER BY p.id
            """, new { Ids = ids.Select(i => (int)i).ToArray(), scope.PleinId }, cancellationToken: ct))).ToList();
        var services = await ServicesByIdAsync(conn, serviceIds, scope, lookups, fullService ? HsdsDepth.Full : HsdsDepth.List,
            withOrganization: false, ct);
        return ids.Select(id =>
        {
            var organisation = HsdsMapping.Organization(rows[(int)id], lookups);
            var own = services.Where(s => s.OrganizationId == organisation.Id)
                .Select(s => fullService ? s : new HsdsService(s.Id, s.OrganizationId, s.Name, null, null, s.Status, null, s.AssuredDate, s.LastModified))
                .ToList();
            return organisation with { Services = own };
        }).ToList();
    }
}
