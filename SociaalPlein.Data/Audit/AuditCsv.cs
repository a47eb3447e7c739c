using SociaalPlein.Data.Export;

namespace SociaalPlein.Data.Audit;

/// <summary>
/// The audit log's CSV for Dutch Excel, in the dataset export's conventions (CsvExportWriter: UTF-8 with BOM, <c>;</c>,
/// CRLF, text made inert against formula injection). Times in UTC to the second, as stored. Written batch by batch
/// into a spool that is handed to the response asynchronously, so the file is never whole in memory.
/// </summary>
public static class AuditCsv
{
    /// <summary>Audit action: the log itself downloaded as CSV (with the filters used and the rows written).</summary>
    public const string ExportAction = "audit.exported";

    public const string ContentType = "text/csv; charset=utf-8";

    static readonly string[] Header =
    [
        "tijdstip_utc", "gebruiker_id", "gebruiker", "rol", "actie", "object_type", "object_id", "betrokkene",
        "plein_id", "plein", "adres", "uitkomst", "details",
    ];

    /// <summary>Writes the rows to <paramref name="target"/>; returns how many.</summary>
    public static async Task<long> WriteAsync(IAsyncEnumerable<AuditRow> rows, Stream target, CancellationToken ct)
    {
        using var spool = new Spool();
        await using var csv = CsvExportWriter.Create(spool, CsvFlavour.ExcelNl);
        csv.WriteHeader(Header);
        long count = 0;
        await foreach (var r in rows.WithCancellation(ct))
        {
            csv.WriteField(r.UtcText);
            csv.WriteField(r.UserId, "");
            Text(r.UserEmail);
            Text(r.Role);
            Text(r.Action);
            Text(r.ObjectType);
            Text(r.ObjectId);
            Text(r.Subject);
            csv.WriteField(r.PleinId, "");
            Text(r.Plein);
            Text(r.ClientAddress);
            Text(r.Outcome);
            Text(r.Detail);
            csv.EndRecord();
            if (++count % ExportWriter.RowsPerDrain != 0) continue;
            csv.Flush();
            await spool.DrainToAsync(target, ct);
        }
        csv.Flush();
        await spool.DrainToAsync(target, ct);
        await target.FlushAsync(ct);
        return count;

        void Text(string? value) => csv.WriteField(ExportWriter.Inert(value));
    }
}
