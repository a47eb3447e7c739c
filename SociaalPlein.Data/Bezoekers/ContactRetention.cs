using Dapper;
using Npgsql;

namespace SociaalPlein.Data.Bezoekers;

/// <summary>
/// Erases the name and phone a referral carried for a warm handover once the plein's retention period has passed since
/// that row's own clock (design.md §4: default 12 months after the referral): each referral's details on their own, so
/// a newer referral neither keeps an older one's details longer nor erases its own sooner. Only the separate contact
/// table is touched: the pseudonymous visitor, their visits and referrals stay in the dataset.
/// </summary>
public sealed class ContactRetention(NpgsqlDataSource db)
{
    /// <summary>Audit action of a nightly run, with the number erased only, never whose.</summary>
    public const string EraseAction = "visitor_contact.erase";

    /// <summary>
    /// Deletes every referral's contact row whose clock (<c>last_contact_on</c>) lies more than its plein's <c>contact_retention_months</c> before
    /// <paramref name="today"/> (with 12 months on 23 November 2026: 22 November 2025 and earlier); returns how many.
    /// </summary>
    public async Task<int> EraseExpiredAsync(DateOnly today, CancellationToken ct = default)
    {
        const string sql = """
            DELETE FROM referral_contact c
            USING referral r JOIN plein n ON n.id = r.plein_id
            WHERE c.referral_id = r.id
              AND c.last_contact_on < (@today - make_interval(months => n.contact_retention_months::int))::date
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(sql, new { today }, cancellationToken: ct));
    }
}
