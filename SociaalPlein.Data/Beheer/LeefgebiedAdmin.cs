using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using SociaalPlein.Data.Gids;

namespace SociaalPlein.Data.Beheer;

/// <summary>A leefgebied as typed in the beheer form; synonyms are one comma-separated text.</summary>
public sealed partial class LeefgebiedInput
{
    public const int MaxSynonyms = 50;
    public const int MaxSynonymLength = 60;

    public string? Code { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Synonyms { get; set; }
    public string? SortOrder { get; set; }

    /// <summary>The checked values; the code only when <paramref name="withCode"/>, as it never changes after creation.</summary>
    public (Leefgebied Values, IReadOnlyList<FieldError> Errors) Check(bool withCode)
    {
        var c = new EntryChecks();
        var code = EntryChecks.Clean(Code).ToLowerInvariant();
        if (withCode && code.Length == 0) c.Add(nameof(Code), "Vul de code in.");
        else if (withCode && !CodePattern().IsMatch(code))
            c.Add(nameof(Code), "Een code is 2 tot 40 tekens: kleine letters, cijfers of _, en begint met een letter (bijvoorbeeld schuldhulp).");
        var values = new Leefgebied(
            code,
            c.Required(nameof(Name), Name, "de naam", 2, 80),
            c.Optional(nameof(Description), Description, "de omschrijving", 500),
            NormaliseSynonyms(Synonyms, c),
            EntryChecks.Clean(SortOrder).Length == 0 ? null : c.Number(nameof(SortOrder), SortOrder, "de volgorde", 0, 999, 0));
        return (values, c.Errors);
    }

    /// <summary>Trimmed, lower-cased, without empties and doubles, in the order typed.</summary>
    public static string[] NormaliseSynonyms(string? text, EntryChecks? checks = null)
    {
        var synonyms = (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => WhiteSpace().Replace(s, " ").ToLowerInvariant()).Distinct().ToArray();
        if (synonyms.Length > MaxSynonyms)
            checks?.Add(nameof(Synonyms), $"Een leefgebied heeft hoogstens {MaxSynonyms} synoniemen; dit zijn er {synonyms.Length}.");
        foreach (var tooLong in synonyms.Where(s => s.Length > MaxSynonymLength))
            checks?.Add(nameof(Synonyms), $"Het synoniem '{tooLong[..20]}…' is te lang (hoogstens {MaxSynonymLength} tekens).");
        return synonyms;
    }

    public static LeefgebiedInput From(Leefgebied l) => new()
    {
        Code = l.Code, Name = l.Name, Description = l.Description, Synonyms = string.Join(", ", l.Synonyms),
        SortOrder = EntryChanges.Number(l.SortOrder),
    };

    [GeneratedRegex("^[a-z][a-z0-9_]{1,39}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}

/// <summary>A leefgebied's checked values; no sort order means "at the end" for a new one, "unchanged" for an edit.</summary>
public sealed record Leefgebied(string Code, string Name, string Description, string[] Synonyms, int? SortOrder)
{
    public IReadOnlyList<(string Field, string? Value)> Fields() =>
    [
        ("name", Name), ("description", Description), ("synonyms", string.Join(",", Synonyms)),
        ("sort_order", EntryChanges.Number(SortOrder)),
    ];
}

public sealed record LeefgebiedEntry(int Id, Leefgebied Values, bool Active);

/// <param name="HasReferrals">
/// Whether any referral (not withdrawn) is about it: what the beheerder asks before retiring one. Not a count: at region
/// scale counting read millions of index entries, an EXISTS reads one.
/// </param>
public sealed record LeefgebiedListRow(int Id, string Code, string Name, int SortOrder, bool Active, int Synonyms,
    int Professionals, int Organisations, bool HasReferrals);

/// <summary>The beheerder's side of the leefgebieden: list, create, edit, retire. Never deleted: referrals point to them.</summary>
public sealed class LeefgebiedAdmin(NpgsqlDataSource db) : EntryAdmin<LeefgebiedEntry>(db)
{
    public const string CodeTaken = "Deze code bestaat al; kies een andere.";
    public const string NameTaken = "Er is al een leefgebied met deze naam.";

    public async Task<IReadOnlyList<LeefgebiedListRow>> ListAsync(bool includeInactive, CancellationToken ct = default)
    {
        await using var conn = await Db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<LeefgebiedListRow>(new CommandDefinition("""
            SELECT l.id, l.code, l.name, l.sort_order::int AS sort_order, l.active, cardinality(l.synonyms) AS synonyms,
                   (SELECT count(*)::int FROM professional_leefgebied x WHERE x.leefgebied_id = l.id) AS professionals,
                   (SELECT count(*)::int FROM organisation_leefgebied x WHERE x.leefgebied_id = l.id) AS organisations,
                   EXISTS (SELECT 1 FROM referral x WHERE x.leefgebied_id = l.id AND x.withdrawn_at IS NULL) AS has_referrals
            FROM leefgebied l
            WHERE @includeInactive OR l.active
            ORDER BY l.sort_order, l.name
            """, new { includeInactive }, cancellationToken: ct))).ToList();
    }

    protected override string HistoryType => DirectoryHistory.Leefgebied;

    public async Task<SaveResult> CreateAsync(Leefgebied values, int userId, CancellationToken ct = default)
    {
        await using var conn = await Db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var taken = await TakenAsync(conn, tx, values, null, ct);
        if (taken.Count > 0) return SaveResult.Refused(taken);
        return await UniqueAsync(async () =>
        {
            var stored = await conn.QuerySingleAsync<LeefgebiedRow>(new CommandDefinition("""
                INSERT INTO leefgebied (code, name, description, synonyms, sort_order)
                VALUES (@Code, @Name, @Description, @Synonyms,
                        coalesce(@SortOrder, (SELECT coalesce(max(sort_order), 0) + 1 FROM leefgebied)))
                RETURNING id, code, name, description, array_to_string(synonyms, ',') AS synonyms, sort_order::int AS sort_order, active
                """, values, tx, cancellationToken: ct));
            await DirectoryHistory.RecordAsync(conn, tx, DirectoryHistory.Leefgebied, stored.Id, userId,
                EntryChanges.Created(EntryChanges.FromForm, [("code", stored.Code), .. stored.Entry().Values.Fields()]), ct);
            await tx.CommitAsync(ct);
            return stored.Id;
        });
    }

    /// <summary>Stores name, description, synonyms and order (never the code); null when the leefgebied does not exist.</summary>
    public async Task<SaveResult?> UpdateAsync(int id, Leefgebied values, int userId, CancellationToken ct = default)
    {
        await using var conn = await Db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var before = await ReadAsync(conn, tx, id, ct);
        if (before is null) return null;
        var after = values with { Code = before.Values.Code, SortOrder = values.SortOrder ?? before.Values.SortOrder };
        var taken = await TakenAsync(conn, tx, after, id, ct);
        if (taken.Count > 0) return SaveResult.Refused(taken);
        var changes = EntryChanges.Between(before.Values.Fields(), after.Fields()).ToList();
        if (changes.Count == 0) return SaveResult.Ok(id);
        return await UniqueAsync(async () =>
        {
            await conn.ExecuteAsync(new CommandDefinition("""
                UPDATE leefgebied SET name = @Name, description = @Description, synonyms = @Synonyms, sort_order = @SortOrder
                WHERE id = @id
                """, new { id, after.Name, after.Description, after.Synonyms, after.SortOrder }, tx, cancellationToken: ct));
            await DirectoryHistory.RecordAsync(conn, tx, DirectoryHistory.Leefgebied, id, userId, changes, ct);
            await tx.CommitAsync(ct);
            return id;
        });
    }

    /// <summary>Retires or brings back a leefgebied: retired, it is no longer offered or searched, but what points to it stays.</summary>
    public async Task<bool> SetActiveAsync(int id, bool active, int userId, CancellationToken ct = default)
    {
        await using var conn = await Db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var switched = await EntryRows.SwitchActiveAsync(conn, tx, "leefgebied", DirectoryHistory.Leefgebied, id, active, userId, ct);
        await tx.CommitAsync(ct);
        return switched is not null;
    }

    // Checked first for a message next to the field; the unique constraints stay the last word (see UniqueAsync).
    static async Task<IReadOnlyList<FieldError>> TakenAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Leefgebied values,
        int? id, CancellationToken ct)
    {
        var taken = await conn.QuerySingleAsync<(bool Code, bool Name)>(new CommandDefinition("""
            SELECT EXISTS (SELECT FROM leefgebied WHERE code = @Code AND id IS DISTINCT FROM @id),
                   EXISTS (SELECT FROM leefgebied WHERE lower(name) = lower(@Name) AND id IS DISTINCT FROM @id)
            """, new { values.Code, values.Name, id }, tx, cancellationToken: ct));
        return [.. taken.Code ? [new FieldError(nameof(LeefgebiedInput.Code), CodeTaken)] : Array.Empty<FieldError>(),
                .. taken.Name ? [new FieldError(nameof(LeefgebiedInput.Name), NameTaken)] : Array.Empty<FieldError>()];
    }

    /// <summary>Two beheerders saving the same code at once: the loser gets the same Dutch message, not an error page.</summary>
    static async Task<SaveResult> UniqueAsync(Func<Task<int>> save)
    {
        try
        {
            return SaveResult.Ok(await save());
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return e.ConstraintName switch
            {
                "leefgebied_code_unique" => SaveResult.Refused([new(nameof(LeefgebiedInput.Code), CodeTaken)]),
                "leefgebied_name_unique" => SaveResult.Refused([new(nameof(LeefgebiedInput.Name), NameTaken)]),
                _ => throw new InvalidOperationException($"Unexpected unique violation on {e.ConstraintName}.", e),
            };
        }
    }

    sealed record LeefgebiedRow(int Id, string Code, string Name, string Description, string Synonyms, int SortOrder, bool Active)
    {
        public LeefgebiedEntry Entry() => new(Id, new Leefgebied(Code, Name, Description,
            Synonyms.Split(',', StringSplitOptions.RemoveEmptyEntries), SortOrder), Active);
    }

    protected override async Task<LeefgebiedEntry?> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, int id,
        CancellationToken ct) =>
        (await conn.QuerySingleOrDefaultAsync<LeefgebiedRow>(new CommandDefinition($"""
            SELECT id, code, name, description, array_to_string(synonyms, ',') AS synonyms, sort_order::int AS sort_order, active
            FROM leefgebied WHERE id = @id {(tx is null ? "" : "FOR UPDATE")}
            """, new { id }, tx, cancellationToken: ct)))?.Entry();
}
