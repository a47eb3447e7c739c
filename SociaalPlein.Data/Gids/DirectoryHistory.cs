using Dapper;
using Npgsql;

namespace SociaalPlein.Data.Gids;

/// <summary>One field of a directory entry that changed: its name (snake_case, as the column) and both values.</summary>
public sealed record FieldChange(string Field, string? OldValue, string? NewValue);

public sealed record DirectoryChangeRow(DateTime ChangedAt, string? ChangedBy, string Field, string? OldValue, string? NewValue);

/// <summary>
/// The history of a directory entry (organisation, professional, leefgebied): every change with who and when,
/// written in the same transaction as the change itself, so there is never a change without its history.
/// </summary>
public static class DirectoryHistory
{
    public const string Organisation = "organisation";
    public const string Professional = "professional";
    public const string Leefgebied = "leefgebied";

    /// <summary>Compares old and new values and records the fields that differ; returns how many did.</summary>
    public static Task<int> RecordAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string entityType, int entityId,
        int? userId, IEnumerable<FieldChange> changes, CancellationToken ct = default) =>
        RecordManyAsync(conn, tx, entityType, userId, [(entityId, changes)], ct);

    /// <summary>
    /// The same for many entries changed in one go (a bulk import): one statement for all of them, where a call of
    /// <see cref="RecordAsync"/> per entry would cost a round trip each.
    /// </summary>
    public static async Task<int> RecordManyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string entityType, int? userId,
        IEnumerable<(int EntityId, IEnumerable<FieldChange> Changes)> entries, CancellationToken ct = default)
    {
        var changed = entries.SelectMany(e => e.Changes.Where(c => c.OldValue != c.NewValue).Select(c => (e.EntityId, Change: c))).ToList();
        if (changed.Count == 0) return 0;
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO directory_change (entity_type, entity_id, field, old_value, new_value, changed_by)
            SELECT @entityType, c.entity_id, c.field, c.old_value, c.new_value, @userId
            FROM unnest(@ids, @fields, @olds, @news) AS c(entity_id, field, old_value, new_value)
            """, new
            {
                entityType, userId,
                ids = changed.Select(c => c.EntityId).ToArray(),
                fields = changed.Select(c => c.Change.Field).ToArray(),
                olds = changed.Select(c => c.Change.OldValue).ToArray(),
                news = changed.Select(c => c.Change.NewValue).ToArray(),
            }, tx, cancellationToken: ct));
        return changed.Count;
    }

    /// <summary>The entry's history, newest first, with the name of who changed it.</summary>
    public static async Task<IReadOnlyList<DirectoryChangeRow>> ForAsync(NpgsqlDataSource db, string entityType, int entityId,
        CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<DirectoryChangeRow>(new CommandDefinition("""
            SELECT c.changed_at, u.display_name AS changed_by, c.field, c.old_value, c.new_value
            FROM directory_change c LEFT JOIN app_user u ON u.id = c.changed_by
            WHERE c.entity_type = @entityType AND c.entity_id = @entityId
            ORDER BY c.changed_at DESC, c.id DESC
            """, new { entityType, entityId }, cancellationToken: ct))).ToList();
    }
}
