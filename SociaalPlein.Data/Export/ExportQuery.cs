using System.Data;
using Dapper;
using Npgsql;
using SociaalPlein.Data.Bezoekers;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Data.Verwijzingen;

namespace SociaalPlein.Data.Export;

public sealed record ExportLeefgebied(int Id, string Code, string Name, bool Active);

/// <summary>
/// What an account may export: the pleinen whose figures it may see (as on /dataset: every plein for the beheerder,
/// their own pleinen for a projectleider, none otherwise);
/// plus every plein id (to tell an unknown plein from another's) and every leefgebied, retired ones included.
/// </summary>
public sealed record ExportChoices(IReadOnlyList<DatasetPlein> Pleinen, IReadOnlyList<int> AllPleinIds, IReadOnlyList<ExportLeefgebied> Leefgebieden);

/// <summary>
/// <c>/export</c>: what an account may export, how many rows each <see cref="ExportTable"/> has for a filter, and the
/// rows themselves, streamed from PostgreSQL into an <see cref="ExportWriter"/> row by row from an unbuffered reader,
/// so memory stays flat whatever the size. Cancelling the token (the client went away) cancels the query in PostgreSQL.
/// </summary>
public sealed class ExportQuery(NpgsqlDataSource db)
{
    /// <summary>The audit action of a download, written by the file's page whether it was allowed or refused.</summary>
    public const string ExportAction = "dataset.export";

    // An export of millions of rows runs for minutes; the client's disconnect, not a timer, ends a long one.
    const int CommandTimeoutSeconds = 30 * 60;

    public async Task<ExportChoices> ChoicesAsync(int userId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var read = await conn.QueryMultipleAsync(new CommandDefinition($"""
            WITH {NeedToKnow.Me}
            SELECT n.id, n.name, n.opened_on FROM plein n CROSS JOIN me
            WHERE {NeedToKnow.OverseesPlein}
            ORDER BY n.name, n.id;
            SELECT id FROM plein ORDER BY id;
            SELECT id, code, name, active FROM leefgebied ORDER BY sort_order, name;
            """, new { userId }, cancellationToken: ct));
        return new ExportChoices(
            (await read.ReadAsync<DatasetPlein>()).ToList(), (await read.ReadAsync<int>()).ToList(), (await read.ReadAsync<ExportLeefgebied>()).ToList());
    }

    /// <summary>
    /// The rows of every table for <paramref name="filter"/>, in the order of <see cref="ExportTable.All"/>: a whole
    /// quarter without leefgebied or domein from the kept figures (<see cref="KeptQuarterCounts"/>), anything else by
    /// each table's own count.
    /// </summary>
    public async Task<IReadOnlyList<(ExportTable Table, long Rows)>> CountsAsync(ExportFilter filter, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await PlannedPerRunAsync(conn, ct);
        var kept = KeptQuarterCounts.Serves(filter) ? await KeptQuarterCounts.ReadAsync(conn, filter, ct) : null;
        var counts = new List<(ExportTable, long)>();
        foreach (var table in ExportTable.All)
            counts.Add((table, kept?.Of(table) ?? await CountAsync(conn, table.Count(filter), ct)));
        await tx.CommitAsync(ct);
        return counts;
    }

    /// <summary>One table's own count (also what the kept figures are tested against).</summary>
    public async Task<long> CountAsync(ExportTable table, ExportFilter filter, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await PlannedPerRunAsync(conn, ct);
        return await CountAsync(conn, table.Count(filter), ct);
    }

    static async Task<long> CountAsync(NpgsqlConnection conn, ExportStatement count, CancellationToken ct)
    {
        await using var command = count.Command(conn);
        command.CommandTimeout = CommandTimeoutSeconds;
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// A transaction in which every statement is planned with its own parameter values, also once Npgsql has prepared
    /// it (DataSourceSettings' auto-prepare): a generic plan cannot drop an optional filter that is NULL
    /// (<c>@leefgebied::int IS NULL OR …</c>) and would count or sort through what a custom plan reads from an index.
    /// </summary>
    static async Task<NpgsqlTransaction> PlannedPerRunAsync(NpgsqlConnection conn, CancellationToken ct, string also = "")
    {
        var tx = await conn.BeginTransactionAsync(ct);
        await using var set = new NpgsqlCommand("SET LOCAL plan_cache_mode = force_custom_plan;" + also, conn, tx);
        await set.ExecuteNonQueryAsync(ct);
        return tx;
    }

    /// <summary>
    /// How the rows of a download are planned: for their first rows, not for the last one. The rows come from a cursor
    /// fetched in batches, so PostgreSQL plans for the first <c>cursor_tuple_fraction</c> of them: the selection read
    /// in an index's order (the file's: referral_export, db/0096) and each row's visitor, organisations and names
    /// looked up as it goes, instead of hashing all visitors and sorting the selection before the first byte (600 ms for
    /// a month of the busiest plein, under load). No JIT: compiling the expressions took longer than a month's rows.
    /// </summary>
    public const string FirstRowsFirst = "SET LOCAL cursor_tuple_fraction = 0.001; SET LOCAL jit = off;";

    /// <summary>
    /// A download of more than a quarter is planned for its last row, as a plain SELECT is: the whole region's
    /// 2,250,000 referrals took 28 s that way, and with the first-rows plan (a lookup per row) a benchmark run was
    /// stopped after more than 6 minutes. A quarter of the busiest plein (254,625 rows) takes 3.5 s with the first-rows
    /// plan against 6.6 s with the sort.
    /// </summary>
    public const string LastRowFirst = "SET LOCAL cursor_tuple_fraction = 1;";

    public const int FirstRowsFirstUpToDays = 92;

    public static string PlanningFor(ExportFilter filter) =>
        filter.Tot.DayNumber - filter.Van.DayNumber < FirstRowsFirstUpToDays ? FirstRowsFirst : LastRowFirst;

    /// <summary>Rows per FETCH: a few of the writer's batches, so the next fetch waits on the client, not the other way.</summary>
    const int FetchRows = 1024;

    /// <summary>
    /// Writes the export into <paramref name="writer"/> and completes it. <see cref="ExportWriter.RowsDelivered"/> says
    /// how far it got, also when it stopped midway.
    /// </summary>
    public async Task WriteAsync(ExportTable table, ExportFilter filter, ExportOptions options, ExportWriter writer, ExportSummary summary,
        CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var keys = options.StablePseudonyms ? await Pseudonyms.StableAsync(conn, filter.Pleinen, ct) : Pseudonyms.ForOneExport(filter.Pleinen);
        await using var tx = await PlannedPerRunAsync(conn, ct, PlanningFor(filter));
        var columns = table.ColumnsFor(options);
        // A cursor of its own per table: Npgsql keeps a prepared FETCH's column description, so one name for cursors of
        // different columns would read one table's rows with another's description.
        var cursor = $"export_{table.Name}";
        await using (var declare = table.Rows(filter, options, keys).Cursor(cursor).Command(conn))
        {
            declare.CommandTimeout = CommandTimeoutSeconds;
            await declare.ExecuteNonQueryAsync(ct);
        }
        int[]? ordinals = null;
        for (var fetched = FetchRows; fetched == FetchRows;)
        {
            await using var fetch = new NpgsqlCommand($"FETCH {FetchRows} FROM {cursor}", conn, tx) { CommandTimeout = CommandTimeoutSeconds };
            await using var reader = await fetch.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
            // The SELECT gives every column, the free text ones NULL unless chosen; the file gets the chosen ones.
            if (ordinals is null)
            {
                ordinals = columns.Select(c => reader.GetOrdinal(c.Name)).ToArray();
                writer.Begin(columns, summary);
            }
            for (fetched = 0; await reader.ReadAsync(ct); fetched++)
            {
                writer.BeginRow();
                for (var i = 0; i < ordinals.Length; i++) WriteCell(reader, ordinals[i], columns[i].Kind, writer);
                await writer.EndRowAsync(ct);
            }
        }
        await tx.CommitAsync(ct);
        await writer.CompleteAsync(ct);
    }

    static void WriteCell(NpgsqlDataReader reader, int i, ColumnKind kind, ExportWriter writer)
    {
        var isNull = reader.IsDBNull(i);
        switch (kind)
        {
            case ColumnKind.Text: writer.Text(isNull ? null : reader.GetString(i)); break;
            case ColumnKind.Integer: writer.Integer(isNull ? null : reader.GetInt32(i)); break;
            case ColumnKind.Decimal: writer.Decimal(isNull ? null : reader.GetDecimal(i)); break;
            case ColumnKind.Date: writer.Date(isNull ? null : reader.GetFieldValue<DateOnly>(i)); break;
            case ColumnKind.Flag: writer.Flag(isNull ? null : reader.GetBoolean(i)); break;
            case ColumnKind.AgeBand: writer.Text(isNull ? null : Demographics.AgeBandOfAge(reader.GetInt32(i))); break;
            case ColumnKind.ReasonCode: writer.Text(isNull ? null : ReferralStatus.ReasonCode(reader.GetString(i))); break;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }
}
