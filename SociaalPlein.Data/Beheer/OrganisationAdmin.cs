using Dapper;
using Npgsql;
using SociaalPlein.Data.Accounts;
using SociaalPlein.Data.Gids;

namespace SociaalPlein.Data.Beheer;

/// <summary>An organisation as typed in the beheer form or read from an import row: raw text, checked by <see cref="Check"/>.</summary>
public sealed class OrganisationInput
{
    public string? Name { get; set; }
    public string? Domein { get; set; }
    public string? Kind { get; set; }
    public string? Description { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Website { get; set; }
    public string? Street { get; set; }
    public string? Postcode { get; set; }
    public string? City { get; set; }
    public string? Capacity { get; set; } = "ruimte";
    public string? CapacityWeeks { get; set; }
    public List<int> PleinIds { get; set; } = [];
    public List<string> Leefgebieden { get; set; } = [];

    /// <summary>The checked, cleaned values, or the reasons they cannot be stored.</summary>
    public (Organisation Values, IReadOnlyList<FieldError> Errors) Check(DirectoryChoices choices, Organisation? current = null)
    {
        var c = new EntryChecks();
        var capacity = c.Capacity(nameof(Capacity), Capacity, nameof(CapacityWeeks), CapacityWeeks);
        var values = new Organisation(
            c.Required(nameof(Name), Name, "de naam", 2, 160),
            c.Domein(nameof(Domein), Domein),
            c.Optional(nameof(Kind), Kind, "de soort", 80),
            c.Optional(nameof(Description), Description, "de omschrijving", 2000),
            c.Phone(nameof(Phone), Phone),
            c.Email(nameof(Email), Email),
            c.Website(nameof(Website), Website),
            c.Optional(nameof(Street), Street, "de straat", 120),
            c.Postcode(nameof(Postcode), Postcode),
            c.Optional(nameof(City), City, "de plaats", 80),
            capacity.Capacity, capacity.Weeks,
            c.Among(nameof(PleinIds), PleinIds, choices.PleinIdsFor(current?.PleinIds ?? []), EntryChecks.UnknownPlein),
            c.Among(nameof(Leefgebieden), Leefgebieden, choices.LeefgebiedCodesFor(current?.Leefgebieden ?? []),
                EntryChecks.UnknownLeefgebied));
        return (values, c.Errors);
    }

    public static OrganisationInput From(Organisation o) => new()
    {
        Name = o.Name, Domein = o.Domein, Kind = o.Kind, Description = o.Description, Phone = o.Phone, Email = o.Email,
        Website = o.Website, Street = o.Street, Postcode = o.Postcode, City = o.City, Capacity = o.Capacity,
        CapacityWeeks = EntryChanges.Number(o.CapacityWeeks), PleinIds = [.. o.PleinIds], Leefgebieden = [.. o.Leefgebieden],
    };
}

/// <summary>An organisation's checked values: what is stored, and what its history compares.</summary>
public sealed record Organisation(
    string Name, string Domein, string Kind, string Description, string Phone, string Email, string Website,
    string Street, string Postcode, string City, string Capacity, int? CapacityWeeks, int[] PleinIds, string[] Leefgebieden)
    : IEntryValues
{
    /// <summary>Each field under its column name (link sets under their own name), as its history records it.</summary>
    public IReadOnlyList<(string Field, string? Value)> Fields() =>
    [
        ("name", Name), ("domein", Domein), ("kind", Kind), ("description", Description), ("phone", Phone),
        ("email", Email), ("website", Website), ("street", Street), ("postcode", Postcode), ("city", City),
        ("capacity", Capacity), ("capacity_weeks", EntryChanges.Number(CapacityWeeks)),
        ("pleinen", EntryChanges.Set(PleinIds)), ("leefgebieden", EntryChanges.Set(Leefgebieden)),
    ];
}

public sealed record OrganisationEntry(int Id, Organisation Values, bool Active, int ActiveProfessionals, DateTime VerifiedAt)
    : IEntry<Organisation>;

public sealed record OrganisationListRow(int Id, string Name, string Domein, string Kind, string City, bool Active,
    int Professionals, string Pleinen, int Total);

/// <summary>The beheerder's side of organisations: list, create, edit, (de)activate; every change with its history.</summary>
public sealed class OrganisationAdmin(NpgsqlDataSource db) : EntryAdmin<Organisation, OrganisationEntry>(db)
{
    public const int ListLimit = 200;

    public async Task<(IReadOnlyList<OrganisationListRow> Rows, int Total)> ListAsync(string? search, bool includeInactive,
        CancellationToken ct = default)
    {
        await using var conn = await Db.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<OrganisationListRow>(new CommandDefinition("""
            SELECT o.id, o.name, o.domein, o.kind, o.city, o.active,
                   (SELECT count(*)::int FROM professional p WHERE p.organisation_id = o.id AND p.active) AS professionals,
                   coalesce((SELECT string_agg(pl.name, ', ' ORDER BY pl.name) FROM organisation_plein op
                             JOIN plein pl ON pl.id = op.plein_id WHERE op.organisation_id = o.id), '') AS pleinen,
                   count(*) OVER ()::int AS total
            FROM organisation o
            WHERE (@includeInactive OR o.active)
              AND (@pattern = '' OR lower(immutable_unaccent(o.name)) LIKE '%' || lower(immutable_unaccent(@pattern)) || '%')
            ORDER BY o.name, o.id
            LIMIT @limit
            """, new { pattern = EntrySql.LikeEscape(search), includeInactive, limit = ListLimit }, cancellationToken: ct))).ToList();
        return (rows, rows.FirstOrDefault()?.Total ?? 0);
    }

    private protected override EntryKind<Organisation> Kind => Entries;

    /// <summary>How an organisation is inserted (set-wise, by the form and the import) and updated, with its link sets.</summary>
    internal static readonly EntryKind<Organisation> Entries = new()
    {
        Table = "organisation",
        History = DirectoryHistory.Organisation,
        InsertSql = """
            INSERT INTO organisation (id, name, domein, kind, description, phone, email, website, street, postcode, city,
                                      capacity, capacity_weeks)
            OVERRIDING SYSTEM VALUE
            SELECT * FROM unnest(@ids, @names, @domeinen, @kinds, @descriptions, @phones, @emails, @websites, @streets,
                                 @postcodes, @cities, @capacities, @weeks)
            """,
        InsertParameters = (ids, rows) => new
        {
            ids, names = rows.Select(r => r.Name).ToArray(), domeinen = rows.Select(r => r.Domein).ToArray(),
            kinds = rows.Select(r => r.Kind).ToArray(), descriptions = rows.Select(r => r.Description).ToArray(),
            phones = rows.Select(r => r.Phone).ToArray(), emails = rows.Select(r => r.Email).ToArray(),
            websites = rows.Select(r => r.Website).ToArray(), streets = rows.Select(r => r.Street).ToArray(),
            postcodes = rows.Select(r => r.Postcode).ToArray(), cities = rows.Select(r => r.City).ToArray(),
            capacities = rows.Select(r => r.Capacity).ToArray(), weeks = rows.Select(r => r.CapacityWeeks).ToArray(),
        },
        UpdateSql = """
            UPDATE organisation SET
                name = @Name, domein = @Domein, kind = @Kind, description = @Description, phone = @Phone, email = @Email,
                website = @Website, street = @Street, postcode = @Postcode, city = @City,
                capacity_set_at = CASE WHEN capacity IS DISTINCT FROM @Capacity OR capacity_weeks IS DISTINCT FROM @CapacityWeeks
                                       THEN now() ELSE capacity_set_at END,
                capacity = @Capacity, capacity_weeks = @CapacityWeeks, updated_at = now()
            WHERE id = @id
            """,
        UpdateParameters = (id, values) => new
        {
            id, values.Name, values.Domein, values.Kind, values.Description, values.Phone, values.Email, values.Website,
            values.Street, values.Postcode, values.City, values.Capacity, values.CapacityWeeks,
        },
        Links =
        [
            EntryLink<Organisation>.Of("organisation_plein", "organisation_id", "plein_id", (o, _) => o.PleinIds),
            EntryLink<Organisation>.Of("organisation_leefgebied", "organisation_id", "leefgebied_id",
                (o, choices) => choices.LeefgebiedIds(o.Leefgebieden)),
        ],
    };

    /// <summary>Why the acting account may not deactivate this organisation (its own), asked before the confirmation step.</summary>
    public override async Task<string?> DeactivationRefusalAsync(int id, int userId, CancellationToken ct = default)
    {
        await using var conn = await Db.OpenConnectionAsync(ct);
        return await LinkedAccounts.OwnAccountRefusalAsync(conn, null, userId, null, id, ct);
    }

    /// <summary>
    /// Deactivates or reactivates. Deactivating also deactivates the organisation's active professionals (each with its
    /// own history), since a colleague cannot be referred to at an organisation that is gone; reactivating leaves them be.
    /// Returns false when the organisation does not exist. The accounts of the professionals it deactivated are
    /// deactivated with them (their ids returned for the audit log). One's own organisation is refused with a message, as
    /// it would end one's own account.
    /// </summary>
    public override async Task<(bool Found, string? Refusal, int[] DeactivatedAccounts)> SetActiveAsync(int id, bool active, int userId,
        CancellationToken ct = default)
    {
        await using var conn = await Db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!active && await LinkedAccounts.OwnAccountRefusalAsync(conn, tx, userId, null, id, ct) is { } own) return (true, own, []);
        var switched = await EntryRows.SwitchActiveAsync(conn, tx, "organisation", DirectoryHistory.Organisation, id, active, userId, ct);
        if (switched is null) return (false, null, []);
        int[] accounts = [];
        if (switched == true && !active)
        {
            var professionals = (await conn.QueryAsync<int>(new CommandDefinition("""
                UPDATE professional SET active = false, updated_at = now() WHERE organisation_id = @id AND active RETURNING id
                """, new { id }, tx, cancellationToken: ct))).ToArray();
            await DirectoryHistory.RecordManyAsync(conn, tx, DirectoryHistory.Professional, userId,
                professionals.Select(p => (p, (IEnumerable<FieldChange>)[EntryChanges.Active(true, false)])), ct);
            accounts = await LinkedAccounts.DeactivateForProfessionalsAsync(conn, tx, professionals, ct);
        }
        await tx.CommitAsync(ct);
        return (true, null, accounts);
    }

    sealed record Row(int Id, string Name, string Domein, string Kind, string Description, string Phone, string Email,
        string Website, string Street, string Postcode, string City, string Capacity, int? CapacityWeeks, string PleinIds,
        string Leefgebieden, bool Active, int ActiveProfessionals, DateTime VerifiedAt);

    protected override async Task<OrganisationEntry?> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, int id,
        CancellationToken ct)
    {
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"""
            SELECT o.id, o.name, o.domein, o.kind, o.description, o.phone, o.email, o.website, o.street, o.postcode, o.city,
                   o.capacity, o.capacity_weeks::int AS capacity_weeks,
                   coalesce((SELECT string_agg(op.plein_id::text, ',') FROM organisation_plein op WHERE op.organisation_id = o.id), '') AS plein_ids,
                   coalesce((SELECT string_agg(l.code, ',') FROM organisation_leefgebied ol JOIN leefgebied l ON l.id = ol.leefgebied_id
                             WHERE ol.organisation_id = o.id), '') AS leefgebieden,
                   o.active,
                   (SELECT count(*)::int FROM professional p WHERE p.organisation_id = o.id AND p.active) AS active_professionals,
                   o.verified_at
            FROM organisation o WHERE o.id = @id {(tx is null ? "" : "FOR UPDATE OF o")}
            """, new { id }, tx, cancellationToken: ct));
        return row is null ? null : new OrganisationEntry(row.Id, new Organisation(row.Name, row.Domein, row.Kind,
            row.Description, row.Phone, row.Email, row.Website, row.Street, row.Postcode, row.City, row.Capacity,
            row.CapacityWeeks, EntrySql.Ids(row.PleinIds), EntrySql.Codes(row.Leefgebieden)), row.Active, row.ActiveProfessionals,
            row.VerifiedAt);
    }
}
