using Dapper;
using Npgsql;

namespace SociaalPlein.Data.Gids;

/// <summary>A professional as colleagues see them in the gids: everything needed to reach them.</summary>
public sealed record ProfessionalProfile(
    int Id,
    string Name,
    string Function,
    int OrganisationId,
    string Organisation,
    string Domein,
    string Email,
    string Phone,
    string About,
    string Capacity,
    int? CapacityWeeks,
    DateTime CapacitySetAt,
    DateTime VerifiedAt,
    string Leefgebieden,
    string Languages,
    string Wijken,
    string Pleinen);

/// <summary>A partner organisation as colleagues see it in the gids.</summary>
public sealed record OrganisationProfile(
    int Id,
    string Name,
    string Domein,
    string Kind,
    string Description,
    string Email,
    string Phone,
    string Website,
    string Street,
    string Postcode,
    string City,
    string Capacity,
    int? CapacityWeeks,
    DateTime CapacitySetAt,
    DateTime VerifiedAt,
    string Leefgebieden,
    string Pleinen);

public sealed record OrganisationMember(int Id, string Name, string Function);

/// <summary>A weekly spreekuur or inloop at a plein, valid today; Professional is null for the organisation's own hours.</summary>
public sealed record ProfileSpreekuur(
    int? ProfessionalId,
    string? Professional,
    int Weekday,
    TimeOnly StartsAt,
    TimeOnly EndsAt,
    string Kind,
    string Title,
    string Location,
    string Plein);

/// <summary>One professional on the handout for a resident: who, where, how to call.</summary>
public sealed record HandoutEntry(
    int Id,
    string Name,
    string Function,
    string Organisation,
    string Phone,
    string Street,
    string Postcode,
    string City,
    string Pleinen);

public sealed record ProfessionalPage(ProfessionalProfile Professional, IReadOnlyList<ProfileSpreekuur> Spreekuren);

public sealed record OrganisationPage(OrganisationProfile Organisation, IReadOnlyList<OrganisationMember> Professionals,
    IReadOnlyList<ProfileSpreekuur> Spreekuren);

public sealed record Handout(IReadOnlyList<HandoutEntry> Entries, IReadOnlyList<ProfileSpreekuur> Spreekuren)
{
    public IEnumerable<ProfileSpreekuur> SpreekurenOf(int professionalId) => Spreekuren.Where(s => s.ProfessionalId == professionalId);
}

/// <summary>
/// The profile pages of the gids and the handout for residents. Only active entries of active organisations
/// are shown; each page is one round trip.
/// </summary>
public sealed class GidsProfiles(NpgsqlDataSource db)
{
    /// <summary>At most this many professionals fit on the one-page handout.</summary>
    public const int MaxHandoutEntries = 10;

    // The spreekuren valid on @today at an active plein; callers add their own condition after it.
    const string SpreekurenValidToday = """
        SELECT s.professional_id, pr.name AS professional, s.weekday::int AS weekday, s.starts_at, s.ends_at, s.kind,
               s.title, s.location, pl.name AS plein
        FROM spreekuur s
        JOIN plein pl ON pl.id = s.plein_id AND pl.active
        LEFT JOIN professional pr ON pr.id = s.professional_id AND pr.active
        WHERE spreekuur_valid_on(s, @today)
        """;

    const string SpreekurenOrder = " ORDER BY s.weekday, s.starts_at, pl.name, s.title";

    public async Task<ProfessionalPage?> ProfessionalAsync(int id, DateOnly today, CancellationToken ct = default)
    {
        const string sql = """
            SELECT p.id, p.name, p.function, o.id AS organisation_id, o.name AS organisation, o.domein,
                   p.email, p.phone, p.about, p.capacity, p.capacity_weeks::int AS capacity_weeks, p.capacity_set_at, p.verified_at,
                   coalesce((SELECT string_agg(l.name, ', ' ORDER BY l.sort_order, l.name)
                             FROM professional_leefgebied pl JOIN leefgebied l ON l.id = pl.leefgebied_id
                             WHERE pl.professional_id = p.id AND l.active), '') AS leefgebieden,
                   coalesce((SELECT string_agg(g.name, ', ' ORDER BY g.name)
                             FROM professional_language pg JOIN language g ON g.code = pg.language_code
                             WHERE pg.professional_id = p.id), '') AS languages,
                   coalesce((SELECT string_agg(w.name, ', ' ORDER BY w.name)
                             FROM professional_wijk pw JOIN wijk w ON w.id = pw.wijk_id
                             WHERE pw.professional_id = p.id), '') AS wijken,
                   coalesce((SELECT string_agg(n.name, ', ' ORDER BY n.name)
                             FROM professional_plein pp JOIN plein n ON n.id = pp.plein_id
                             WHERE pp.professional_id = p.id AND n.active), '') AS pleinen
            FROM professional p
            JOIN organisation o ON o.id = p.organisation_id
            WHERE p.id = @id AND p.active AND o.active;
            """ + SpreekurenValidToday + " AND s.professional_id = @id" + SpreekurenOrder;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql, new { id, today }, cancellationToken: ct));
        var professional = await results.ReadSingleOrDefaultAsync<ProfessionalProfile>();
        var spreekuren = (await results.ReadAsync<ProfileSpreekuur>()).ToList();
        return professional is null ? null : new ProfessionalPage(professional, spreekuren);
    }

    public async Task<OrganisationPage?> OrganisationAsync(int id, DateOnly today, CancellationToken ct = default)
    {
        const string sql = """
            SELECT o.id, o.name, o.domein, o.kind, o.description, o.email, o.phone, o.website, o.street, o.postcode, o.city,
                   o.capacity, o.capacity_weeks::int AS capacity_weeks, o.capacity_set_at, o.verified_at,
                   coalesce((SELECT string_agg(l.name, ', ' ORDER BY l.sort_order, l.name)
                             FROM organisation_leefgebied ol JOIN leefgebied l ON l.id = ol.leefgebied_id
                             WHERE ol.organisation_id = o.id AND l.active), '') AS leefgebieden,
                   coalesce((SELECT string_agg(n.name, ', ' ORDER BY n.name)
                             FROM organisation_plein op JOIN plein n ON n.id = op.plein_id
                             WHERE op.organisation_id = o.id AND n.active), '') AS pleinen
            FROM organisation o
            WHERE o.id = @id AND o.active;

            SELECT p.id, p.name, p.function
            FROM professional p
            WHERE p.organisation_id = @id AND p.active
            ORDER BY p.name, p.id;
            """ + SpreekurenValidToday + " AND s.organisation_id = @id" + SpreekurenOrder;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql, new { id, today }, cancellationToken: ct));
        var organisation = await results.ReadSingleOrDefaultAsync<OrganisationProfile>();
        var professionals = (await results.ReadAsync<OrganisationMember>()).ToList();
        var spreekuren = (await results.ReadAsync<ProfileSpreekuur>()).ToList();
        return organisation is null ? null : new OrganisationPage(organisation, professionals, spreekuren);
    }

    /// <summary>
    /// The handout for the given professionals, in the order asked; unknown and inactive ids are left out, and
    /// only the first <see cref="MaxHandoutEntries"/> distinct ids count.
    /// </summary>
    public async Task<Handout> HandoutAsync(IEnumerable<int> ids, DateOnly today, CancellationToken ct = default)
    {
        var wanted = ids.Distinct().Take(MaxHandoutEntries).ToArray();
        if (wanted.Length == 0) return new Handout([], []);
        // The handout leaves the platform with the resident, so it gives the organisation's public number; a
        // professional's direct line (for colleagues, design.md §4) only when the organisation has none.
        const string sql = """
            SELECT p.id, p.name, p.function, o.name AS organisation, coalesce(nullif(o.phone, ''), p.phone) AS phone,
                   o.street, o.postcode, o.city,
                   coalesce((SELECT string_agg(pl.name, ', ' ORDER BY pl.name) FROM plein pl
                             WHERE pl.id = ANY (p.plein_ids) AND pl.active), '') AS pleinen
            FROM professional p
            JOIN organisation o ON o.id = p.organisation_id
            WHERE p.id = ANY (@ids) AND p.active AND o.active
            ORDER BY array_position(@ids, p.id);
            """ + SpreekurenValidToday + " AND pr.id = ANY (@ids)" + SpreekurenOrder;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql, new { ids = wanted, today }, cancellationToken: ct));
        var entries = (await results.ReadAsync<HandoutEntry>()).ToList();
        var spreekuren = (await results.ReadAsync<ProfileSpreekuur>()).ToList();
        return new Handout(entries, spreekuren);
    }
}
