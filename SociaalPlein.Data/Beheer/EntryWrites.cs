using System.Globalization;
using Dapper;
using Npgsql;
using SociaalPlein.Data.Gids;

namespace SociaalPlein.Data.Beheer;

/// <summary>
/// What the three kinds of directory entry write alike: new ids, link tables (organisation_plein,
/// professional_leefgebied, …) as a whole set, and the active flag. Table and column names come from the callers'
/// constants, never from input; the values are parameters.
/// </summary>
static class EntryRows
{
    // The only tables these helpers write; anything else is a programming error, never a user's value.
    static readonly HashSet<string> Tables = ["organisation", "professional", "leefgebied"];

    static readonly HashSet<(string Table, string Owner, string Value)> Links =
    [
        ("organisation_plein", "organisation_id", "plein_id"), ("organisation_leefgebied", "organisation_id", "leefgebied_id"),
        ("professional_plein", "professional_id", "plein_id"), ("professional_leefgebied", "professional_id", "leefgebied_id"),
        ("professional_language", "professional_id", "language_code"), ("professional_wijk", "professional_id", "wijk_id"),
    ];

    static string Checked(string table) =>
        Tables.Contains(table) ? table : throw new ArgumentException($"Not a directory table: {table}", nameof(table));

    static void CheckLink(string table, string ownerColumn, string valueColumn)
    {
        if (!Links.Contains((table, ownerColumn, valueColumn)))
            throw new ArgumentException($"Not a directory link: {table}({ownerColumn}, {valueColumn})", nameof(table));
    }

    /// <summary>
    /// Sets the entry's active flag and records it, locking the row first. Null when there is no such row, false when
    /// it already was so (nothing written), true when it switched.
    /// </summary>
    public static async Task<bool?> SwitchActiveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string table, string entityType,
        int id, bool active, int userId, CancellationToken ct)
    {
        var before = await conn.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(
            $"SELECT active FROM {Checked(table)} WHERE id = @id FOR UPDATE", new { id }, tx, cancellationToken: ct));
        if (before is null) return null;
        if (before == active) return false;
        // leefgebied has no updated_at; its history is its only change log.
        await conn.ExecuteAsync(new CommandDefinition(
            $"UPDATE {Checked(table)} SET active = @active{(table == "leefgebied" ? "" : ", updated_at = now()")} WHERE id = @id",
            new { id, active }, tx, cancellationToken: ct));
        await DirectoryHistory.RecordAsync(conn, tx, entityType, id, userId, [EntryChanges.Active(!active, active)], ct);
        return true;
    }

    /// <summary>Fresh ids for entries inserted in bulk, so their links can be written set-wise in the same transaction.</summary>
    public static async Task<int[]> NewIdsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string table, int count,
        CancellationToken ct) =>
        (await conn.QueryAsync<int>(new CommandDefinition($"""
            SELECT nextval(pg_get_serial_sequence('{Checked(table)}', 'id'))::int FROM generate_series(1, @count)
            """, new { count }, tx, cancellationToken: ct))).ToArray();

    /// <summary>Links many new entries at once: one statement for all (owner, value) pairs.</summary>
    public static Task InsertAsync<T>(NpgsqlConnection conn, NpgsqlTransaction tx, string table, string ownerColumn,
        string valueColumn, IReadOnlyList<(int Owner, T Value)> pairs, CancellationToken ct)
    {
        CheckLink(table, ownerColumn, valueColumn);
        return pairs.Count == 0 ? Task.CompletedTask : conn.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO {table} ({ownerColumn}, {valueColumn})
            SELECT * FROM unnest(@owners, @values)
            """, new { owners = pairs.Select(p => p.Owner).ToArray(), values = pairs.Select(p => p.Value).ToArray() }, tx,
            cancellationToken: ct));
    }

    /// <summary>Makes one entry's links exactly the given set: removes the others, adds the missing.</summary>
    public static async Task ReplaceAsync<T>(NpgsqlConnection conn, NpgsqlTransaction tx, string table, string ownerColumn,
        string valueColumn, int owner, T[] values, CancellationToken ct)
    {
        CheckLink(table, ownerColumn, valueColumn);
        await conn.ExecuteAsync(new CommandDefinition($"""
            DELETE FROM {table} WHERE {ownerColumn} = @owner AND {valueColumn} <> ALL (@values);
            INSERT INTO {table} ({ownerColumn}, {valueColumn}) SELECT @owner, unnest(@values) ON CONFLICT DO NOTHING;
            """, new { owner, values }, tx, cancellationToken: ct));
    }
}

/// <summary>How a directory entry's fields are written into its history (directory_change).</summary>
public static class EntryChanges
{
    /// <summary>A link set as one history value: sorted, comma-joined codes or ids.</summary>
    public static string Set(IEnumerable<int> ids) => string.Join(",", ids.Order().Select(i => i.ToString(CultureInfo.InvariantCulture)));

    public static string Set(IEnumerable<string> codes) => string.Join(",", codes.Order(StringComparer.Ordinal));

    public static string? Number(int? n) => n?.ToString(CultureInfo.InvariantCulture);

    /// <summary>The fields that differ between the stored and the new values, by column name.</summary>
    public static IEnumerable<FieldChange> Between(IReadOnlyList<(string Field, string? Value)> before,
        IReadOnlyList<(string Field, string? Value)> after) =>
        before.Zip(after, (b, a) => new FieldChange(a.Field, b.Value, a.Value)).Where(c => c.OldValue != c.NewValue);

    /// <summary>A new entry: a "created" row naming how it came (form or import), then every field that has a value.</summary>
    public static IEnumerable<FieldChange> Created(string source, IReadOnlyList<(string Field, string? Value)> fields) =>
        fields.Where(f => !string.IsNullOrEmpty(f.Value)).Select(f => new FieldChange(f.Field, null, f.Value))
            .Prepend(new FieldChange("created", null, source));

    public static FieldChange Active(bool before, bool after) => new("active", Bool(before), Bool(after));

    static string Bool(bool b) => b ? "true" : "false";

    /// <summary>The value of the "created" row: how the entry came in.</summary>
    public const string FromForm = "formulier";

    public static string FromImport(string fileName) => "import " + (fileName.Length <= 200 ? fileName : fileName[..200]);
}

/// <summary>Small conversions between the beheer queries and C#.</summary>
static class EntrySql
{
    /// <summary>A search word for LIKE '%…%': its own % and _ are matched literally (backslash is LIKE's escape).</summary>
    public static string LikeEscape(string? search) =>
        EntryChecks.Clean(search).Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");

    /// <summary>A string_agg of ids or codes back into a sorted array (arrays do not map into positional records).</summary>
    public static int[] Ids(string joined) =>
        joined.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).Order().ToArray();

    public static string[] Codes(string joined) =>
        joined.Split(',', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToArray();
}
