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
/// <c>/export</c>: counts an export's rows and streams them from PostgreSQL into an <see cref="ExportWriter"/>,
/// row by row from an unbuffered reader, so memory stays flat whatever the size. Cancelling the token (the client went
/// away) cancels the query in PostgreSQL.
/// </summary>
public sealed class DatasetExport(NpgsqlDataSource db)
{
    // An export of millions of rows sorts before its first row; the client's disconnect, not a timer, ends a long one.
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

    public async Task<long> CountAsync(ExportDataset dataset, ExportFilter filter, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var command = ExportStatement.Count(dataset, filter).Command(conn);
        command.CommandTimeout = CommandTimeoutSeconds;
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// Writes the export into <paramref name="writer"/> and completes it. <see cref="ExportWriter.RowsDelivered"/> says
    /// how far it got, also when it stopped midway.
    /// </summary>
    public async Task WriteAsync(ExportDataset dataset, ExportFilter filter, ExportOptions options, ExportWriter writer, ExportSummary summary,
        CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var keys = options.StablePseudonyms ? await Pseudonyms.StableAsync(conn, filter.Pleinen, ct) : Pseudonyms.ForOneExport(filter.Pleinen);
        var kinds = dataset.ColumnsFor(options).Select(c => c.Kind).ToArray();
        await using var command = ExportStatement.Select(dataset, filter, options, keys).Command(conn);
        command.CommandTimeout = CommandTimeoutSeconds;
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        writer.Begin(dataset.ColumnsFor(options), summary);
        while (await reader.ReadAsync(ct))
        {
            writer.BeginRow();
            for (var i = 0; i < kinds.Length; i++) WriteCell(reader, i, kinds[i], writer);
            await writer.EndRowAsync(ct);
        }
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
