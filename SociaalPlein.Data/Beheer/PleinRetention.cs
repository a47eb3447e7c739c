using Dapper;
using Npgsql;
using SociaalPlein.Data.Audit;

namespace SociaalPlein.Data.Beheer;

public sealed record PleinRetentionRow(int Id, string Name, bool Active, short ContactRetentionMonths);

/// <summary>
/// How long each plein keeps a visitor's name and phone after the last contact (<c>plein.contact_retention_months</c>,
/// read by the nightly contactgegevens-wissen job). The beheerder sets it; every change is in the audit log.
/// </summary>
public sealed class PleinRetention(NpgsqlDataSource db)
{
    public const string AuditAction = "plein.retention_change";
    // The column's CHECK (db/0002).
    public const int MinMonths = 1, MaxMonths = 60;

    public async Task<IReadOnlyList<PleinRetentionRow>> ListAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<PleinRetentionRow>(new CommandDefinition(
            "SELECT id, name, active, contact_retention_months FROM plein ORDER BY active DESC, name", cancellationToken: ct))).ToList();
    }

    /// <summary>
    /// Sets the plein's retention period and writes <paramref name="audit"/> (who, role, address) with the old and the new
    /// value in the same transaction; false when there is no such plein. An unchanged value is not logged.
    /// </summary>
    public async Task<bool> SetAsync(int pleinId, int months, AuditEntry audit, CancellationToken ct = default)
    {
        if (months is < MinMonths or > MaxMonths) throw new ArgumentOutOfRangeException(nameof(months));
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var old = await conn.QuerySingleOrDefaultAsync<short?>(new CommandDefinition("""
            SELECT contact_retention_months FROM plein WHERE id = @pleinId FOR UPDATE
            """, new { pleinId }, tx, cancellationToken: ct));
        if (old is null) return false;
        if (old != months)
        {
            await conn.ExecuteAsync(new CommandDefinition("UPDATE plein SET contact_retention_months = @months WHERE id = @pleinId",
                new { pleinId, months }, tx, cancellationToken: ct));
            await AuditLog.WriteAsync(conn, tx, audit with
            {
                Action = AuditAction, Allowed = true, ObjectType = "plein", ObjectId = pleinId.ToString(), PleinId = pleinId,
                Detail = new { from_months = old, to_months = months },
            }, ct);
        }
        await tx.CommitAsync(ct);
        return true;
    }
}
