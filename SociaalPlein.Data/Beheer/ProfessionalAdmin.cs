using Dapper;
using Npgsql;
using SociaalPlein.Data.Accounts;
using SociaalPlein.Data.Gids;

namespace SociaalPlein.Data.Beheer;

/// <summary>A professional as typed in the beheer form or read from an import row, checked by <see cref="Check"/>.</summary>
public sealed class ProfessionalInput
{
    public int? OrganisationId { get; set; }
    public string? Name { get; set; }
    public string? Function { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? About { get; set; }
    public string? Capacity { get; set; } = "ruimte";
    public string? CapacityWeeks { get; set; }
    public List<int> PleinIds { get; set; } = [];
    public List<string> Leefgebieden { get; set; } = [];
    public List<string> Languages { get; set; } = [];
    public List<int> WijkIds { get; set; } = [];

    /// <param name="organisations">The organisations one may choose: the active ones and the professional's current one.</param>
    public (Professional Values, IReadOnlyList<FieldError> Errors) Check(DirectoryChoices choices,
        IReadOnlySet<int> organisations, Professional? current = null)
    {
        var c = new EntryChecks();
        if (OrganisationId is not int organisation) c.Add(nameof(OrganisationId), "Kies de organisatie.");
        else if (!organisations.Contains(organisation)) c.Add(nameof(OrganisationId), "Deze organisatie bestaat niet of is niet meer actief.");
        var capacity = c.Capacity(nameof(Capacity), Capacity, nameof(CapacityWeeks), CapacityWeeks);
        var values = new Professional(
            OrganisationId ?? 0,
            c.Required(nameof(Name), Name, "de naam", 2, 120),
            c.Required(nameof(Function), Function, "de functie", 2, 120),
            c.Email(nameof(Email), Email),
            c.Phone(nameof(Phone), Phone),
            c.Optional(nameof(About), About, "de tekst 'waarmee kun je bij mij terecht'", 2000),
            capacity.Capacity, capacity.Weeks,
            c.Among(nameof(PleinIds), PleinIds, choices.PleinIdsFor(current?.PleinIds ?? []), EntryChecks.UnknownPlein),
            c.Among(nameof(Leefgebieden), Leefgebieden, choices.LeefgebiedCodesFor(current?.Leefgebieden ?? []),
                EntryChecks.UnknownLeefgebied),
            c.Among(nameof(Languages), Languages, choices.LanguageCodes, EntryChecks.UnknownLanguage),
            // A professional works in wijken of the pleinen they belong to.
            c.Among(nameof(WijkIds), WijkIds, choices.Wijken.Where(w => PleinIds.Contains(w.PleinId)).Select(w => w.Id).ToHashSet(),
                id => choices.Wijken.FirstOrDefault(w => w.Id == id) is { } wijk
                    ? $"De wijk {wijk.Name} hoort bij een plein dat niet is gekozen."
                    : $"Wijk {id} bestaat niet."));
        return (values, c.Errors);
    }

    public static ProfessionalInput From(Professional p) => new()
    {
        OrganisationId = p.OrganisationId, Name = p.Name, Function = p.Function, Email = p.Email, Phone = p.Phone,
        About = p.About, Capacity = p.Capacity, CapacityWeeks = EntryChanges.Number(p.CapacityWeeks),
        PleinIds = [.. p.PleinIds], Leefgebieden = [.. p.Leefgebieden], Languages = [.. p.Languages], WijkIds = [.. p.WijkIds],
    };
}

/// <summary>A professional's checked values: what is stored, and what its history compares.</summary>
public sealed record Professional(
    int OrganisationId, string Name, string Function, string Email, string Phone, string About, string Capacity,
    int? CapacityWeeks, int[] PleinIds, string[] Leefgebieden, string[] Languages, int[] WijkIds) : IEntryValues
{
    public IReadOnlyList<(string Field, string? Value)> Fields() =>
    [
        ("organisation_id", EntryChanges.Number(OrganisationId)), ("name", Name), ("function", Function), ("email", Email),
        ("phone", Phone), ("about", About), ("capacity", Capacity), ("capacity_weeks", EntryChanges.Number(CapacityWeeks)),
        ("pleinen", EntryChanges.Set(PleinIds)), ("leefgebieden", EntryChanges.Set(Leefgebieden)),
        ("languages", EntryChanges.Set(Languages)), ("wijken", EntryChanges.Set(WijkIds)),
    ];
}

public sealed record ProfessionalEntry(int Id, Professional Values, bool Active, string Organisation, DateTime VerifiedAt)
    : IEntry<Professional>;

public sealed record ProfessionalListRow(int Id, string Name, string Function, string Organisation, bool Active,
    string Pleinen, int Total);

/// <summary>The beheerder's side of professionals: list, create, edit, (de)activate; every change with its history.</summary>
public sealed class ProfessionalAdmin(NpgsqlDataSource db) : EntryAdmin<Professional, ProfessionalEntry>(db)
{
    public const int ListLimit = 200;

    public Task<IReadOnlyList<OrganisationChoice>> OrganisationsAsync(int? current, CancellationToken ct = default) =>
        DirectoryChoices.OrganisationsAsync(Db, current, ct);

    public Task<IReadOnlyDictionary<int, string>> OrganisationNamesAsync(int[] ids, CancellationToken ct = default) =>
        DirectoryChoices.OrganisationNamesAsync(Db, ids, ct);

    /// <summary>By name or organisation name, accent- and case-insensitive; at most <see cref="ListLimit"/> rows and the total.</summary>
    public async Task<(IReadOnlyList<ProfessionalListRow> Rows, int Total)> ListAsync(string? search, bool includeInactive,
        CancellationToken ct = default)
    {
        var pattern = EntrySql.LikeEscape(search);
        // A name or an organisation name containing the words: two lists, each from its own trigram index
        // (professional_name_trgm, organisation_name_trgm of db/0044), instead of one OR across the join, which no index
        // can serve and which folded the names of every professional and organisation. Shorter than a trigram, the
        // indexes cannot narrow anything, so such a search (and none) reads the list in its order.
        var condition = pattern.Length >= 3
            ? """
              AND p.id IN (
                  SELECT x.id FROM professional x WHERE lower(immutable_unaccent(x.name)) LIKE '%' || lower(immutable_unaccent(@pattern)) || '%'
                  UNION ALL
                  SELECT x.id FROM professional x JOIN organisation y ON y.id = x.organisation_id
                  WHERE lower(immutable_unaccent(y.name)) LIKE '%' || lower(immutable_unaccent(@pattern)) || '%')
              """
            : """
              AND (@pattern = '' OR lower(immutable_unaccent(p.name)) LIKE '%' || lower(immutable_unaccent(@pattern)) || '%'
                   OR lower(immutable_unaccent(o.name)) LIKE '%' || lower(immutable_unaccent(@pattern)) || '%')
              """;
        await using var conn = await Db.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<ProfessionalListRow>(new CommandDefinition($"""
            SELECT p.id, p.name, p.function, o.name AS organisation, p.active,
                   coalesce((SELECT string_agg(pl.name, ', ' ORDER BY pl.name) FROM professional_plein pp
                             JOIN plein pl ON pl.id = pp.plein_id WHERE pp.professional_id = p.id), '') AS pleinen,
                   count(*) OVER ()::int AS total
            FROM professional p JOIN organisation o ON o.id = p.organisation_id
            WHERE (@includeInactive OR p.active)
            {condition}
            ORDER BY p.name, p.id
            LIMIT @limit
            """, new { pattern, includeInactive, limit = ListLimit }, cancellationToken: ct))).ToList();
        return (rows, rows.FirstOrDefault()?.Total ?? 0);
    }

    private protected override EntryKind<Professional> Kind => Entries;

    /// <summary>
    /// How a professional is inserted (set-wise, by the form and the import) and updated, with its link sets; the
    /// search document follows by the statement triggers of db/0009.
    /// </summary>
    internal static readonly EntryKind<Professional> Entries = new()
    {
        Table = "professional",
        History = DirectoryHistory.Professional,
        InsertSql = """
            INSERT INTO professional (id, organisation_id, name, function, email, phone, about, capacity, capacity_weeks)
            OVERRIDING SYSTEM VALUE
            SELECT * FROM unnest(@ids, @organisations, @names, @functions, @emails, @phones, @abouts, @capacities, @weeks)
            """,
        InsertParameters = (ids, rows) => new
        {
            ids, organisations = rows.Select(r => r.OrganisationId).ToArray(), names = rows.Select(r => r.Name).ToArray(),
            functions = rows.Select(r => r.Function).ToArray(), emails = rows.Select(r => r.Email).ToArray(),
            phones = rows.Select(r => r.Phone).ToArray(), abouts = rows.Select(r => r.About).ToArray(),
            capacities = rows.Select(r => r.Capacity).ToArray(), weeks = rows.Select(r => r.CapacityWeeks).ToArray(),
        },
        UpdateSql = """
            UPDATE professional SET
                organisation_id = @OrganisationId, name = @Name, function = @Function, email = @Email, phone = @Phone,
                about = @About,
                capacity_set_at = CASE WHEN capacity IS DISTINCT FROM @Capacity OR capacity_weeks IS DISTINCT FROM @CapacityWeeks
                                       THEN now() ELSE capacity_set_at END,
                capacity = @Capacity, capacity_weeks = @CapacityWeeks, updated_at = now()
            WHERE id = @id
            """,
        UpdateParameters = (id, values) => new
        {
            id, values.OrganisationId, values.Name, values.Function, values.Email, values.Phone, values.About,
            values.Capacity, values.CapacityWeeks,
        },
        Links =
        [
            EntryLink<Professional>.Of("professional_plein", "professional_id", "plein_id", (p, _) => p.PleinIds),
            EntryLink<Professional>.Of("professional_leefgebied", "professional_id", "leefgebied_id",
                (p, choices) => choices.LeefgebiedIds(p.Leefgebieden)),
            EntryLink<Professional>.Of("professional_language", "professional_id", "language_code", (p, _) => p.Languages),
            EntryLink<Professional>.Of("professional_wijk", "professional_id", "wijk_id", (p, _) => p.WijkIds),
        ],
    };

    /// <summary>Why the acting account may not deactivate this professional (its own entry), asked before the confirmation step.</summary>
    public override async Task<string?> DeactivationRefusalAsync(int id, int userId, CancellationToken ct = default)
    {
        await using var conn = await Db.OpenConnectionAsync(ct);
        return await LinkedAccounts.OwnAccountRefusalAsync(conn, null, userId, id, null, ct);
    }

    /// <summary>
    /// Deactivates or reactivates; false when the professional does not exist. Reactivating in an inactive
    /// organisation is refused with a message, since nobody could be referred to them there. Deactivating also
    /// deactivates the professional's account in the same transaction (its ids returned for the audit log); reactivating
    /// leaves the account inactive (see LinkedAccounts). One's own entry is refused, as it would end one's own account.
    /// </summary>
    public override async Task<(bool Found, string? Refusal, int[] DeactivatedAccounts)> SetActiveAsync(int id, bool active, int userId,
        CancellationToken ct = default)
    {
        await using var conn = await Db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var before = await conn.QuerySingleOrDefaultAsync<(bool Active, bool OrganisationActive)?>(new CommandDefinition("""
            SELECT p.active, o.active FROM professional p JOIN organisation o ON o.id = p.organisation_id
            WHERE p.id = @id FOR UPDATE OF p
            """, new { id }, tx, cancellationToken: ct));
        if (before is not { } b) return (false, null, []);
        if (b.Active == active) return (true, null, []);
        if (active && !b.OrganisationActive)
            return (true, "De organisatie van deze professional is niet actief. Activeer eerst de organisatie, of kies een andere.", []);
        if (!active && await LinkedAccounts.OwnAccountRefusalAsync(conn, tx, userId, id, null, ct) is { } own) return (true, own, []);
        await EntryRows.SwitchActiveAsync(conn, tx, "professional", DirectoryHistory.Professional, id, active, userId, ct);
        int[] accounts = active ? [] : await LinkedAccounts.DeactivateForProfessionalsAsync(conn, tx, [id], ct);
        await tx.CommitAsync(ct);
        return (true, null, accounts);
    }

    sealed record Row(int Id, int OrganisationId, string Name, string Function, string Email, string Phone, string About,
        string Capacity, int? CapacityWeeks, string PleinIds, string Leefgebieden, string Languages, string WijkIds,
        bool Active, string Organisation, DateTime VerifiedAt);

    protected override async Task<ProfessionalEntry?> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, int id,
        CancellationToken ct)
    {
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"""
            SELECT p.id, p.organisation_id, p.name, p.function, p.email, p.phone, p.about, p.capacity,
                   p.capacity_weeks::int AS capacity_weeks,
                   coalesce((SELECT string_agg(x.plein_id::text, ',') FROM professional_plein x WHERE x.professional_id = p.id), '') AS plein_ids,
                   coalesce((SELECT string_agg(l.code, ',') FROM professional_leefgebied x JOIN leefgebied l ON l.id = x.leefgebied_id
                             WHERE x.professional_id = p.id), '') AS leefgebieden,
                   coalesce((SELECT string_agg(x.language_code, ',') FROM professional_language x WHERE x.professional_id = p.id), '') AS languages,
                   coalesce((SELECT string_agg(x.wijk_id::text, ',') FROM professional_wijk x WHERE x.professional_id = p.id), '') AS wijk_ids,
                   p.active, o.name AS organisation, p.verified_at
            FROM professional p JOIN organisation o ON o.id = p.organisation_id
            WHERE p.id = @id {(tx is null ? "" : "FOR UPDATE OF p")}
            """, new { id }, tx, cancellationToken: ct));
        return row is null ? null : new ProfessionalEntry(row.Id, new Professional(row.OrganisationId, row.Name, row.Function,
            row.Email, row.Phone, row.About, row.Capacity, row.CapacityWeeks, EntrySql.Ids(row.PleinIds),
            EntrySql.Codes(row.Leefgebieden), EntrySql.Codes(row.Languages), EntrySql.Ids(row.WijkIds)),
            row.Active, row.Organisation, row.VerifiedAt);
    }
}
