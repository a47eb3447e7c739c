using SociaalPlein.Data.Export;

namespace SociaalPlein.Web.Pages.Export;

/// <summary>One of the three file formats, as its URL ends.</summary>
public sealed record ExportFormat(string Key, string Suffix, string Label, string Audience)
{
    /// <summary>CSV for Dutch Excel: UTF-8 with BOM, <c>;</c>, decimal comma.</summary>
    public static readonly ExportFormat ExcelCsv = new("csv-excel-nl", ".csv", "CSV voor Excel", "opent met een dubbelklik goed in Nederlandse Excel");
    /// <summary>RFC 4180 CSV: UTF-8, <c>,</c>, decimal point.</summary>
    public static readonly ExportFormat StandaardCsv = new("csv-standaard", ".standaard.csv", "CSV standaard", "voor R, Python en SPSS");
    public static readonly ExportFormat Xlsx = new("xlsx", ".xlsx", "Excel-werkmap (XLSX)", "met een tabblad Toelichting: het codeboek");

    public static readonly IReadOnlyList<ExportFormat> All = [ExcelCsv, StandaardCsv, Xlsx];
}

/// <summary>
/// A file URL's last segment: <c>{dataset}.csv</c>, <c>{dataset}.standaard.csv</c> or <c>{dataset}.xlsx</c>. Anything
/// else is not a file we make (404).
/// </summary>
public sealed record ExportFile(ExportTable Table, ExportFormat Format)
{
    public static ExportFile? Parse(string? segment)
    {
        // The longest suffix first: "x.standaard.csv" also ends with ".csv".
        foreach (var format in ExportFormat.All.OrderByDescending(f => f.Suffix.Length))
            if (segment?.EndsWith(format.Suffix, StringComparison.Ordinal) == true &&
                ExportTable.Find(segment[..^format.Suffix.Length]) is { } table)
                return new ExportFile(table, format);
        return null;
    }

    public static string Url(ExportTable table, ExportFormat format, string query) =>
        $"/export/{table.Name}{format.Suffix}" + query;

    public ExportWriter Writer(Stream target) =>
        Format == ExportFormat.Xlsx ? new XlsxExportWriter(target)
        : new CsvExportWriter(target, Format == ExportFormat.ExcelCsv ? CsvFlavour.ExcelNl : CsvFlavour.Standaard);

    /// <summary>"verwijzingen_2026-01-01_2026-03-31.csv": what was exported, for when the file lies among others.</summary>
    public string FileName(ExportFilter filter) =>
        $"{Table.Name}_{filter.Van:yyyy-MM-dd}_{filter.Tot:yyyy-MM-dd}{Format.Suffix}";
}
