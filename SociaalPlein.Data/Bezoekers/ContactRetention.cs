using Dapper;
using Npgsql;

namespace SociaalPlein.Data.Bezoekers;

/// <summary>
/// Erases the name and phone stored for a warm handover once the plein's retention period has passed since the last
/// contact (design.md §4: default 12 months). Only the separate contact table is touched: the pseudonymous visitor,
/// their visits and referrals stay in the dataset.
/// </summary>
public sealed class ContactRetention(NpgsqlDataSource db)
{
    /// <summary>
    /// Deletes every contact row whose last contact lies more than its plein's <c>contact_retention_months</c> before
    /// <paramref name="today"/> (with 12 months on 23 November 2026: 22 November 2025 and earlier); returns how many.
    /// </summary>
    public async Task<int> EraseExpiredAsync(DateOnly today, CancellationToken ct = default)
    {
        const string sql = """
            DELETE FROM visitor_contact c
            USING visitor v JOIN plein n ON n.id = v.plein_id
            WHERE c.visitor_id = v.id
              AND c.last_contact_on < (@today - make_interval(months => n.contact_retention_months::int))::date
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(sql, new { today }, cancellationToken: ct));
    }
}
