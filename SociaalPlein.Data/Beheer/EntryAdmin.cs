using Dapper;
using Npgsql;
using SociaalPlein.Data.Gids;

namespace SociaalPlein.Data.Beheer;

/// <summary>A directory entry's checked values, each field under the name its history records.</summary>
public interface IEntryValues
{
    IReadOnlyList<(string Field, string? Value)> Fields();
}

/// <summary>A stored directory entry as the beheer reads it: its id and its values (and what else its page shows).</summary>
public interface IEntry<out TValues>
{
    int Id { get; }
    TValues Values { get; }
}

/// <summary>
/// What the beheer reads alike for every kind of directory entry (organisations, professionals, leefgebieden): one
/// entry, and its history. Each kind reads its row with its own SQL.
/// </summary>
public abstract class EntryAdmin<TEntry>(NpgsqlDataSource db) where TEntry : class
{
    protected NpgsqlDataSource Db { get; } = db;

    /// <summary>The entity type of the kind's directory_change rows (<see cref="DirectoryHistory"/>).</summary>
    protected abstract string HistoryType { get; }

    /// <summary>
    /// One entry as its page shows it; inside a transaction it locks the row (FOR UPDATE), so the values an update
    /// compares for its history are the ones it replaces.
    /// </summary>
    protected abstract Task<TEntry?> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, int id, CancellationToken ct);

    /// <summary>Every recorded change of the entry, newest first, with who made it.</summary>
    public Task<IReadOnlyList<DirectoryChangeRow>> HistoryAsync(int id, CancellationToken ct = default) =>
        DirectoryHistory.ForAsync(Db, HistoryType, id, ct);

    public async Task<TEntry?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var conn = await Db.OpenConnectionAsync(ct);
        return await ReadAsync(conn, null, id, ct);
    }
}

/// <summary>
/// What the beheer writes alike for organisations and professionals: create one, insert many set-wise (an import),
/// update one with a history row per changed field. Each kind's own SQL (its list, its row, its INSERT and UPDATE)
/// stays in its own class (<see cref="OrganisationAdmin"/>, <see cref="ProfessionalAdmin"/>) as an
/// <see cref="EntryKind{TValues}"/>; this class holds the order of the steps.
/// </summary>
public abstract class EntryAdmin<TValues, TEntry>(NpgsqlDataSource db) : EntryAdmin<TEntry>(db)
    where TValues : IEntryValues
    where TEntry : class, IEntry<TValues>
{
    private protected abstract EntryKind<TValues> Kind { get; }

    protected sealed override string HistoryType => Kind.History;

    /// <summary>Why the acting account may not deactivate this entry (its own, or its own organisation), asked before the confirmation step.</summary>
    public abstract Task<string?> DeactivationRefusalAsync(int id, int userId, CancellationToken ct = default);

    /// <summary>
    /// Deactivates or reactivates, with the kind's own rules; Found is false when the entry does not exist, Refusal says
    /// why it was not done, DeactivatedAccounts are the accounts it deactivated along (for the audit log).
    /// </summary>
    public abstract Task<(bool Found, string? Refusal, int[] DeactivatedAccounts)> SetActiveAsync(int id, bool active, int userId,
        CancellationToken ct = default);

    public Task<DirectoryChoices> ChoicesAsync(CancellationToken ct = default) => DirectoryChoices.LoadAsync(Db, ct);

    public async Task<SaveResult> CreateAsync(TValues values, int userId, CancellationToken ct = default)
    {
        var choices = await DirectoryChoices.LoadAsync(Db, ct);
        await using var conn = await Db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var ids = await Kind.InsertAsync(conn, tx, [values], choices, userId, EntryChanges.FromForm, ct);
        await tx.CommitAsync(ct);
        return SaveResult.Ok(ids[0]);
    }

    /// <summary>Stores the new values and records each field that changed; null when the entry does not exist.</summary>
    public async Task<SaveResult?> UpdateAsync(int id, TValues values, int userId, CancellationToken ct = default)
    {
        var choices = await DirectoryChoices.LoadAsync(Db, ct);
        await using var conn = await Db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var before = await ReadAsync(conn, tx, id, ct);
        if (before is null) return null;
        var changes = EntryChanges.Between(before.Values.Fields(), values.Fields()).ToList();
        if (changes.Count == 0) return SaveResult.Ok(id);
        await Kind.UpdateAsync(conn, tx, id, values, choices, ct);
        await DirectoryHistory.RecordAsync(conn, tx, Kind.History, id, userId, changes, ct);
        await tx.CommitAsync(ct);
        return SaveResult.Ok(id);
    }
}

/// <summary>
/// One kind of directory entry as data: its table, its history type, its INSERT (set-wise, from arrays) and UPDATE with
/// their parameters, and its link sets. The SQL is the kind's own, written out where the kind is defined.
/// </summary>
sealed class EntryKind<TValues> where TValues : IEntryValues
{
    public required string Table { get; init; }
    /// <summary>The entity type of its directory_change rows (<see cref="DirectoryHistory"/>).</summary>
    public required string History { get; init; }
    /// <summary>INSERT … OVERRIDING SYSTEM VALUE SELECT * FROM unnest(@ids, …): all new rows in one statement.</summary>
    public required string InsertSql { get; init; }
    public required Func<int[], IReadOnlyList<TValues>, object> InsertParameters { get; init; }
    /// <summary>UPDATE … WHERE id = @id.</summary>
    public required string UpdateSql { get; init; }
    public required Func<int, TValues, object> UpdateParameters { get; init; }
    public required IReadOnlyList<EntryLink<TValues>> Links { get; init; }

    /// <summary>Inserts checked entries set-wise (one statement per table), each with its "created" history.</summary>
    public async Task<int[]> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<TValues> rows,
        DirectoryChoices choices, int userId, string source, CancellationToken ct)
    {
        var ids = await EntryRows.NewIdsAsync(conn, tx, Table, rows.Count, ct);
        await conn.ExecuteAsync(new CommandDefinition(InsertSql, InsertParameters(ids, rows), tx, cancellationToken: ct));
        var entries = rows.Select((r, i) => (Id: ids[i], Row: r)).ToList();
        foreach (var link in Links) await link.InsertAsync(conn, tx, entries, choices, ct);
        await DirectoryHistory.RecordManyAsync(conn, tx, History, userId,
            entries.Select(e => (e.Id, EntryChanges.Created(source, e.Row.Fields()))), ct);
        return ids;
    }

    /// <summary>Writes one entry's new values and makes each of its link sets exactly the new one.</summary>
    public async Task UpdateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int id, TValues values, DirectoryChoices choices,
        CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition(UpdateSql, UpdateParameters(id, values), tx, cancellationToken: ct));
        foreach (var link in Links) await link.ReplaceAsync(conn, tx, id, values, choices, ct);
    }
}

/// <summary>One link set of an entry kind (organisation_plein, professional_language, …) and where its values come from.</summary>
abstract class EntryLink<TValues>
{
    public static EntryLink<TValues> Of<T>(string table, string ownerColumn, string valueColumn,
        Func<TValues, DirectoryChoices, T[]> values) => new Typed<T>(table, ownerColumn, valueColumn, values);

    public abstract Task InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<(int Id, TValues Row)> entries,
        DirectoryChoices choices, CancellationToken ct);

    public abstract Task ReplaceAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int id, TValues values, DirectoryChoices choices,
        CancellationToken ct);

    sealed class Typed<T>(string table, string ownerColumn, string valueColumn, Func<TValues, DirectoryChoices, T[]> values)
        : EntryLink<TValues>
    {
        public override Task InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<(int Id, TValues Row)> entries,
            DirectoryChoices choices, CancellationToken ct) =>
            EntryRows.InsertAsync(conn, tx, table, ownerColumn, valueColumn,
                entries.SelectMany(e => values(e.Row, choices).Select(v => (e.Id, v))).ToList(), ct);

        public override Task ReplaceAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int id, TValues v, DirectoryChoices choices,
            CancellationToken ct) =>
            EntryRows.ReplaceAsync(conn, tx, table, ownerColumn, valueColumn, id, values(v, choices), ct);
    }
}
