using Dapper;
using Npgsql;
using SociaalPlein.Data.Verwijzingen;

namespace SociaalPlein.Data.Bezoekers;

/// <summary>A plein the account may list the frequent visitors of, with that plein's veelbezoeker rule.</summary>
public sealed record FrequentVisitorPlein(int Id, string Name, int Threshold, int WindowDays);

/// <summary>How often a leefgebied came up for one visitor within the window (their visits and referrals together).</summary>
public sealed record LeefgebiedCount(string Name, int Count);

/// <summary>One veelbezoeker: visits and referrals within the window, the last visit, the leefgebieden most first.</summary>
public sealed record FrequentVisitor(string Code, int Visits, int Referrals, DateOnly LastVisitOn, IReadOnlyList<LeefgebiedCount> Leefgebieden);

public sealed record FrequentVisitorPage(
    IReadOnlyList<FrequentVisitorPlein> Pleinen, FrequentVisitorPlein Plein, DateOnly WindowStart, IReadOnlyList<FrequentVisitor> Visitors);

/// <summary>
/// <c>/veelbezoekers</c>: the frequent visitors of one plein, by the plein's own threshold and window (the same rule
/// as the badge, FrequentVisitors), to see where a multi-problem approach is needed. For the projectleider (their own
/// pleinen) and the beheerder (every plein); counted in PostgreSQL, read in one round trip.
/// </summary>
public sealed class FrequentVisitorList(NpgsqlDataSource db)
{
    /// <summary>Audit action: the list shown, with the plein and the number of visitors on it.</summary>
    public const string ListAction = "visitor.list_frequent";

    // The pleinen the account may list: every plein for the beheerder, their own for a projectleider, none otherwise.
    const string Pleinen = $"""
        {NeedToKnow.Me},
        listable AS (
            SELECT n.* FROM plein n CROSS JOIN me WHERE {NeedToKnow.OverseesPlein}),
        n AS (
            SELECT * FROM listable WHERE @pleinId::int IS NULL OR id = @pleinId ORDER BY name LIMIT 1)
        """;

    const string PleinColumns = """
        id, name, frequent_visitor_threshold::int AS threshold, frequent_visitor_window_days::int AS window_days
        """;

    const string VisitorsSql = $"""
        WITH {Pleinen},
        frequent AS (
            SELECT x.visitor_id, count(*)::int AS visits, max(x.visited_on) AS last_visit_on
            FROM n JOIN visit x ON x.plein_id = n.id
            WHERE {FrequentVisitors.VisitInWindow}
            GROUP BY x.visitor_id, n.frequent_visitor_threshold
            HAVING count(*) >= n.frequent_visitor_threshold)
        SELECT v.code, f.visits, f.last_visit_on,
               (SELECT count(*)::int FROM referral r WHERE r.visitor_id = v.id AND {FrequentVisitors.ReferralInWindow}) AS referrals,
               lg.names AS leefgebied_names, lg.counts AS leefgebied_counts
        FROM frequent f
        JOIN visitor v ON v.id = f.visitor_id
        CROSS JOIN n
        CROSS JOIN LATERAL (
            SELECT coalesce(array_agg(g.name ORDER BY g.hits DESC, g.sort_order, g.name), ARRAY[]::text[]) AS names,
                   coalesce(array_agg(g.hits ORDER BY g.hits DESC, g.sort_order, g.name), ARRAY[]::int[]) AS counts
            FROM (SELECT l.name, l.sort_order, count(*)::int AS hits
                  FROM (SELECT vl.leefgebied_id FROM visit x JOIN visit_leefgebied vl ON vl.visit_id = x.id
                        WHERE x.visitor_id = v.id AND {FrequentVisitors.VisitInWindow}
                        UNION ALL
                        SELECT r.leefgebied_id FROM referral r
                        WHERE r.visitor_id = v.id AND {FrequentVisitors.ReferralInWindow}) h
                  JOIN leefgebied l ON l.id = h.leefgebied_id
                  GROUP BY l.id) g) lg
        ORDER BY f.visits DESC, f.last_visit_on DESC, v.code;
        """;

    // A class, not a positional record: Npgsql reports array columns as System.Array, which Dapper cannot match to a
    // constructor's string[] parameter, but sets as a property.
    sealed class Row
    {
        public string Code { get; init; } = "";
        public int Visits { get; init; }
        public DateOnly LastVisitOn { get; init; }
        public int Referrals { get; init; }
        public string[] LeefgebiedNames { get; init; } = [];
        public int[] LeefgebiedCounts { get; init; } = [];
    }

    /// <summary>
    /// The list for plein <paramref name="pleinId"/> (null: the first plein the account may list, by name); null when
    /// the account may not list that plein, or none at all.
    /// </summary>
    public async Task<FrequentVisitorPage?> LoadAsync(int userId, int? pleinId, DateOnly today, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var read = await conn.QueryMultipleAsync(new CommandDefinition($"""
            WITH {Pleinen} SELECT {PleinColumns} FROM listable ORDER BY name;
            WITH {Pleinen} SELECT {PleinColumns} FROM n;
            {VisitorsSql}
            """, new { userId, pleinId, today }, cancellationToken: ct));
        var pleinen = (await read.ReadAsync<FrequentVisitorPlein>()).ToList();
        var plein = await read.ReadSingleOrDefaultAsync<FrequentVisitorPlein>();
        var rows = await read.ReadAsync<Row>();
        if (plein is null) return null;
        var visitors = rows.Select(r => new FrequentVisitor(r.Code, r.Visits, r.Referrals, r.LastVisitOn,
            r.LeefgebiedNames.Zip(r.LeefgebiedCounts, (name, count) => new LeefgebiedCount(name, count)).ToList())).ToList();
        return new FrequentVisitorPage(pleinen, plein, FrequentVisitors.WindowStart(today, plein.WindowDays), visitors);
    }
}
