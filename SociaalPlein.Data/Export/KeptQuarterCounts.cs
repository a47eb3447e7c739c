using Dapper;
using Npgsql;
using SociaalPlein.Data.Nieuwsbrief;

namespace SociaalPlein.Data.Export;

/// <summary>
/// The export form's counts of a whole calendar quarter without leefgebied or domein (what it shows before anything is
/// chosen) from the kept totals of db/0114: per plein, quarter and stripe the visits, the referrals with a visitor and
/// the visitors with either, kept with the per-visitor rows of db/0095 by the same trigger in the same transaction, so
/// a quarter of every plein sums at most 64 rows per plein instead of one row per visitor; plus the referrals without a
/// visitor, which neither keeps. Withdrawn visits and referrals count nowhere; a late registration, a moved date or
/// plein, a lost visitor or a TRUNCATE change the totals as they change the rows (db/0114 says how). Each table's own
/// count (<see cref="ExportTable.CountSql"/>) gives the same numbers (the tests hold them side by side, also after
/// concurrent writes); for the region's quarter of every plein this reads 3,200 rows instead of 438,432.
/// </summary>
public sealed record KeptQuarterCounts(long Verwijzingen, long Bezoeken, long Bezoekers)
{
    public const string Sql = """
        SELECT (SELECT count(*) FROM referral r
                WHERE r.plein_id = ANY (@pleinen) AND r.referred_on BETWEEN @van AND @tot
                  AND r.withdrawn_at IS NULL AND r.visitor_id IS NULL)
               + coalesce(sum(t.referrals), 0) AS verwijzingen,
               coalesce(sum(t.visits), 0) AS bezoeken,
               coalesce(sum(t.visitors), 0) AS bezoekers
        FROM export_quarter_total t
        WHERE t.plein_id = ANY (@pleinen) AND t.quarter = @van
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
