using Dapper;
using Npgsql;
using SociaalPlein.Data.Nieuwsbrief;

namespace SociaalPlein.Data.Export;

/// <summary>
/// The export form's counts of a whole calendar quarter without leefgebied or domein (what it shows before anything is
/// chosen) from the kept figures of db/0095: one row per plein, quarter and visitor with a visit or referral in it, so
/// the bezoekers are its rows and the visits and referrals its sums, in one pass over its primary key; plus the few
/// referrals without a visitor. A row that two transactions at once emptied can stay behind with nothing in it (each
/// saw the other's part still there), so the bezoekers are the rows with a visit or a referral. Each table's own count (<see cref="ExportTable.CountSql"/>) gives the same numbers
/// (the tests hold them side by side); a distinct count of a busy region's quarter takes half a second, this a tenth.
/// </summary>
public sealed record KeptQuarterCounts(long Verwijzingen, long Bezoeken, long Bezoekers)
{
    public const string Sql = """
        SELECT (SELECT count(*) FROM referral r
                WHERE r.plein_id = ANY (@pleinen) AND r.referred_on BETWEEN @van AND @tot
                  AND r.withdrawn_at IS NULL AND r.visitor_id IS NULL)
               + coalesce(sum(k.referrals), 0) AS verwijzingen,
               coalesce(sum(k.visits), 0) AS bezoeken,
               count(*) FILTER (WHERE k.visits > 0 OR k.referrals > 0) AS bezoekers
        FROM export_visitor_quarter k
        WHERE k.plein_id = ANY (@pleinen) AND k.quarter = @van
        """;

    public static bool Serves(ExportFilter f) =>
        f.LeefgebiedId is null && f.Domein is null && Quarter.Of(f.Van) is var q && q.Start == f.Van && q.LastDay == f.Tot;

    public static async Task<KeptQuarterCounts> ReadAsync(NpgsqlConnection conn, ExportFilter f, CancellationToken ct) =>
        await conn.QuerySingleAsync<KeptQuarterCounts>(new CommandDefinition(Sql, new { pleinen = f.Pleinen.ToArray(), van = f.Van, tot = f.Tot },
            cancellationToken: ct));

    /// <summary>The kept count of <paramref name="table"/>; null for a table it does not keep (metingen).</summary>
    public long? Of(ExportTable table) =>
        table == ExportTable.Verwijzingen ? Verwijzingen : table == ExportTable.Bezoeken ? Bezoeken : table == ExportTable.Bezoekers ? Bezoekers : null;
}
