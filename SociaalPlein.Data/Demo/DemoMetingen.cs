using Dapper;
using Npgsql;

namespace SociaalPlein.Data.Demo;

/// <summary>
/// The demo's metingen, so that the card, the follow-up list, the dashboard's and the newsletter's "Helpt het?" and the
/// export show something: about a third of the visitors with two or more visits agreed at their first visit; they were
/// measured then and at their first visit of each later quarter (up to three follow-ups), on the leefgebieden of those
/// visits (the health leefgebieden stay off, as on a new plein). Each (visitor, leefgebied) starts at step 1 to 3 and then
/// mostly goes up a step per follow-up, sometimes stays, now and then goes down: roughly what a plein would hope to see.
/// Drawn from hashes of the visitor code, so the same register gives the same metingen.
/// </summary>
internal static class DemoMetingen
{
    public static async Task WriteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int[] pleinIds, CancellationToken ct)
    {
        // The agreement is recorded at the first visit, by whoever registered it.
        await conn.ExecuteAsync(new CommandDefinition("""
            WITH chosen AS (
                SELECT v.id AS visitor_id,
                       (SELECT x.id FROM visit x WHERE x.visitor_id = v.id AND x.withdrawn_at IS NULL ORDER BY x.visited_on, x.id LIMIT 1) AS first_visit
                FROM visitor v
                WHERE v.plein_id = ANY (@pleinIds) AND abs(hashtext(v.code)) % 3 = 0
                  AND (SELECT count(*) FROM visit x WHERE x.visitor_id = v.id AND x.withdrawn_at IS NULL) >= 2)
            INSERT INTO meting_agreement (visitor_id, given_at, given_by)
            SELECT c.visitor_id, x.created_at, x.registered_by
            FROM chosen c JOIN visit x ON x.id = c.first_visit;

            WITH measured_visits AS (
                SELECT x.*, a.id AS agreement_id
                FROM meting_agreement a
                JOIN visitor v ON v.id = a.visitor_id AND v.plein_id = ANY (@pleinIds)
                CROSS JOIN LATERAL (
                    SELECT f.* FROM (
                        SELECT x.*, row_number() OVER (PARTITION BY date_trunc('quarter', x.visited_on::timestamp)
                                                       ORDER BY x.visited_on, x.id) AS in_quarter
                        FROM visit x WHERE x.visitor_id = a.visitor_id AND x.withdrawn_at IS NULL) f
                    WHERE f.in_quarter = 1
                    ORDER BY f.visited_on
                    LIMIT 4) x),
            pairs AS (
                SELECT mv.plein_id, mv.visitor_id, mv.id AS visit_id, mv.visited_on, vl.leefgebied_id, mv.agreement_id, mv.registered_by,
                       mv.created_at,
                       row_number() OVER (PARTITION BY mv.visitor_id, vl.leefgebied_id ORDER BY mv.visited_on) - 1 AS follow_up,
                       1 + abs(hashtext(v.code || '/' || l.code)) % 3 AS start_step,
                       abs(hashtext(l.code || '/' || v.code)) % 20 AS course
                FROM measured_visits mv
                JOIN visit_leefgebied vl ON vl.visit_id = mv.id
                JOIN leefgebied l ON l.id = vl.leefgebied_id AND NOT l.health
                JOIN visitor v ON v.id = mv.visitor_id)
            INSERT INTO meting (plein_id, visitor_id, visit_id, measured_on, leefgebied_id, step, agreement_id, registered_by, created_at)
            SELECT plein_id, visitor_id, visit_id, visited_on, leefgebied_id,
                   least(5, greatest(1, start_step + follow_up * CASE WHEN course < 12 THEN 1 WHEN course < 17 THEN 0 ELSE -1 END)),
                   agreement_id, registered_by, created_at
            FROM pairs
            ORDER BY visited_on, visit_id, leefgebied_id;
            """, new { pleinIds }, tx, cancellationToken: ct));
    }
}
