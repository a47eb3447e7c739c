using Dapper;
using Npgsql;
using SociaalPlein.Data.Verwijzingen;

namespace SociaalPlein.Data.Metingen;

/// <summary>A plein the account may list, with the months after which a meting is due again.</summary>
public sealed record FollowUpPlein(int Id, string Name, int FollowupMonths);

/// <summary>One visitor due a new meting: their last meting (and its leefgebieden) and their last visit since.</summary>
public sealed record FollowUpVisitor(string Code, DateOnly LastMetingOn, string Leefgebieden, DateOnly LastVisitOn);

public sealed record FollowUpPage(IReadOnlyList<FollowUpPlein> Pleinen, FollowUpPlein Plein, DateOnly DueBefore, IReadOnlyList<FollowUpVisitor> Visitors);

/// <summary>
/// <c>/opvolging</c>: the visitors of one plein whose last meting is older than the plein's follow-up months (default 3)
/// while they still visit (a visit within those months), so that a follow-up meting is not forgotten. Only visitors
/// whose agreement is in force: after a withdrawal nobody is asked again. Withdrawn visits count nowhere. For the
/// projectleider (own pleinen) and the beheerder (every plein), like the veelbezoekers.
/// </summary>
public sealed class FollowUpList(NpgsqlDataSource db)
{
    /// <summary>Audit action: the list shown, with the plein and the number of visitors on it.</summary>
    public const string ListAction = "visitor.list_followup";

    const string Pleinen = $"""
        {NeedToKnow.Me},
        listable AS (
            SELECT n.id, n.name, coalesce(s.followup_months, {MetingScale.DefaultFollowupMonthsSql})::int AS followup_months
            FROM plein n CROSS JOIN me LEFT JOIN plein_meting s ON s.plein_id = n.id
            WHERE {NeedToKnow.OverseesPlein}),
        n AS (
            SELECT * FROM listable WHERE @pleinId::int IS NULL OR id = @pleinId ORDER BY name LIMIT 1)
        """;

    const string VisitorsSql = $"""
        WITH {Pleinen},
        due AS (SELECT n.*, (@today::date - make_interval(months => n.followup_months))::date AS due_before FROM n),
        last_meting AS (
            SELECT DISTINCT ON (m.visitor_id) m.visitor_id, m.measured_on, m.visit_id
            FROM due JOIN meting m ON m.plein_id = due.id
            -- A meting always has its visit (meting_of_visit): looking among the few withdrawn ones (visit_withdrawn)
            -- instead of joining the visit of every meting of the plein keeps this to the meting_figures index.
            WHERE NOT EXISTS (SELECT 1 FROM visit x WHERE x.id = m.visit_id AND x.withdrawn_at IS NOT NULL)
            ORDER BY m.visitor_id, m.measured_on DESC, m.id DESC),
        -- The plein's visitors who still visit, from one range of visit_figures (a visitor's visits are all at their own
        -- plein: visit_visitor_same_plein). Joining them to the last metingen by hash
        -- instead of asking each stale visitor for a recent visit by index, and only then looking up the survivors'
        -- agreement and code (MATERIALIZED: the planner otherwise checked every stale visitor's agreement first), took
        -- this statement from about 66 to about 30 ms at the region's busiest plein (docs/benchmarks.md).
        recent AS (
            SELECT x.visitor_id, max(x.visited_on) AS last_visit_on
            FROM due JOIN visit x ON x.plein_id = due.id AND x.withdrawn_at IS NULL
                AND x.visited_on >= due.due_before AND x.visited_on <= @today
            GROUP BY x.visitor_id),
        due_visitor AS MATERIALIZED (
            SELECT lm.visitor_id, lm.measured_on, lm.visit_id, rv.last_visit_on
            FROM due
            JOIN last_meting lm ON lm.measured_on < due.due_before
            JOIN recent rv ON rv.visitor_id = lm.visitor_id)
        SELECT v.code, d.measured_on AS last_meting_on,
               (SELECT string_agg(l.name, ', ' ORDER BY l.sort_order, l.name) FROM meting m JOIN leefgebied l ON l.id = m.leefgebied_id
                WHERE m.visit_id = d.visit_id) AS leefgebieden,
               d.last_visit_on
        FROM due_visitor d
        JOIN visitor v ON v.id = d.visitor_id
        WHERE EXISTS (SELECT 1 FROM meting_agreement a WHERE a.visitor_id = d.visitor_id AND a.withdrawn_at IS NULL)
        ORDER BY d.measured_on, v.code;
        """;

    /// <summary>
    /// The list for plein <paramref name="pleinId"/> (null: the first the account may list, by name); null when the
    /// account may not list that plein, or none at all.
    /// </summary>
    public async Task<FollowUpPage?> LoadAsync(int userId, int? pleinId, DateOnly today, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var read = await conn.QueryMultipleAsync(new CommandDefinition($"""
            WITH {Pleinen} SELECT id, name, followup_months FROM listable ORDER BY name;
            WITH {Pleinen} SELECT id, name, followup_months FROM n;
            {VisitorsSql}
            """, new { userId, pleinId, today }, cancellationToken: ct));
        var pleinen = (await read.ReadAsync<FollowUpPlein>()).ToList();
        var plein = await read.ReadSingleOrDefaultAsync<FollowUpPlein>();
        var visitors = (await read.ReadAsync<FollowUpVisitor>()).ToList();
        if (plein is null) return null;
        return new FollowUpPage(pleinen, plein, today.AddMonths(-plein.FollowupMonths), visitors);
    }
}
