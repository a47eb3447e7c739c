using Dapper;
using Npgsql;
using SociaalPlein.Data.Verwijzingen;

namespace SociaalPlein.Data.Bezoekers;

/// <summary>One opening of a visitor's whole history: who, when, whose (by code), at which plein, and the reason they gave.</summary>
public sealed record HistoryOpening(long Id, DateTime OpenedAt, int UserId, string Account, string Email, string Plein, string VisitorCode, string Reason);

/// <summary>Per account: how many histories it opened in the period, how many different visitors, and the last time.</summary>
public sealed record HistoryOpenerSummary(int UserId, string Account, string Email, int Openings, int Visitors, DateTime LastOpenedAt);

public sealed record HistoryOpeningsPage(DateOnly Since, IReadOnlyList<HistoryOpenerSummary> Openers, IReadOnlyList<HistoryOpening> Openings);

/// <summary>
/// <c>/toezicht</c>: the openings of visitors' whole history ("break the glass", VisitorCard.OpenHistoryAsync) at the
/// pleinen the account oversees (NeedToKnow.OverseesPlein: the projectleider their own, the beheerder all), for the
/// projectleider to review per professional whether each had a need to know.
/// </summary>
public sealed class HistoryOpenings(NpgsqlDataSource db)
{
    /// <summary>Audit action: the list read by a projectleider or beheerder (it names visitors by code).</summary>
    public const string ReviewAction = "visitor.history_openings_reviewed";

    /// <summary>How far back the review looks; older openings stay stored (and in the visitor's access report).</summary>
    public const int Days = 90;

    /// <summary>At most this many openings are listed, newest first; the summary per account counts them all.</summary>
    public const int Limit = 500;

    public async Task<HistoryOpeningsPage> LoadAsync(int userId, DateOnly today, CancellationToken ct = default)
    {
        const string scope = $"""
            WITH {NeedToKnow.Me},
            o AS (
                SELECT o.* FROM visitor_history_opening o JOIN plein n ON n.id = o.plein_id CROSS JOIN me
                WHERE {NeedToKnow.OverseesPlein} AND o.opened_at >= (@since::timestamp AT TIME ZONE 'Europe/Amsterdam'))
            """;
        const string sql = $"""
            {scope}
            SELECT u.id AS user_id, u.display_name AS account, u.email, count(*)::int AS openings,
                   count(DISTINCT o.visitor_id)::int AS visitors, max(o.opened_at) AS last_opened_at
            FROM o JOIN app_user u ON u.id = o.user_id
            GROUP BY u.id, u.display_name, u.email
            ORDER BY count(*) DESC, u.display_name;
            {scope}
            SELECT o.id, o.opened_at, u.id AS user_id, u.display_name AS account, u.email, n.name AS plein, v.code AS visitor_code, o.reason
            FROM o JOIN app_user u ON u.id = o.user_id JOIN plein n ON n.id = o.plein_id JOIN visitor v ON v.id = o.visitor_id
            ORDER BY u.display_name, o.opened_at DESC, o.id DESC
            LIMIT @Limit;
            """;
        var since = today.AddDays(-Days);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var read = await conn.QueryMultipleAsync(new CommandDefinition(sql, new { userId, since = since.ToDateTime(TimeOnly.MinValue), Limit },
            cancellationToken: ct));
        var openers = (await read.ReadAsync<HistoryOpenerSummary>()).ToList();
        var openings = (await read.ReadAsync<HistoryOpening>()).ToList();
        return new HistoryOpeningsPage(since, openers, openings);
    }
}
