using System.Globalization;
using CsvHelper;

namespace SociaalPlein.Data.Export;

/// <summary>The two CSV flavours: for Dutch Excel, and the standard one for R, Python and SPSS.</summary>
public enum CsvFlavour
{
    /// <summary>UTF-8 with BOM (so Excel reads ë as ë), <c>;</c> between fields, decimal comma, a header row.</summary>
    ExcelNl,
    /// <summary>RFC 4180: UTF-8 without BOM, <c>,</c> between fields, decimal point, CRLF, a header row.</summary>
    Standaard,
}

/// <summary>An export as CSV, written with CsvHelper. Dates are yyyy-MM-dd in both flavours; an empty field is "no value".</summary>
public sealed class CsvExportWriter : ExportWriter
{
    static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    readonly CsvWriter _csv;

    public CsvExportWriter(Stream target, CsvFlavour flavour) : base(target)
    {
        _csv = Create(Output, flavour);
    }

    /// <summary>
    /// A CsvHelper writer in the flavour's conventions, for every CSV the app writes (the audit log's export too). Text
    /// fields still go through <see cref="ExportWriter.Inert"/> against formula injection.
    /// </summary>
    public static CsvWriter Create(Stream target, CsvFlavour flavour)
    {
        var excel = flavour == CsvFlavour.ExcelNl;
        return CsvWriter.Create(target, CsvWriterOptions.Default with
        {
            Separator = excel ? ';' : ',',
            NewLine = "\r\n",
            WriteByteOrderMark = excel,
            FormatProvider = excel ? Dutch : CultureInfo.InvariantCulture,
            TrueValue = "1",
            FalseValue = "0",
            // Formula injection is handled by ExportWriter.Inert, the one rule for CSV and XLSX.
            Injection = CsvInjection.None,
        }, leaveOpen: true);
    }

    public override string ContentType => "text/csv; charset=utf-8";

    public override void Begin(IReadOnlyList<ExportColumn> columns, ExportSummary summary) =>
        _csv.WriteHeader(columns.Select(c => c.Name).ToArray());

    public override void Text(string? value) => _csv.WriteField(Inert(value));
    public override void Integer(int? value) => _csv.WriteField(value, "");
    public override void Decimal(decimal? value) => _csv.WriteField(value, "0.00");
    public override void Date(DateOnly? value) => _csv.WriteField(value, "yyyy-MM-dd");
    public override void Flag(bool? value)
    {
        if (value is bool b) _csv.WriteField(b);
        else _csv.WriteField((string?)null);
    }

    protected override void EndRow() => _csv.EndRecord();
    protected override void FlushToSpool() => _csv.Flush();
    protected override void Finish(long rows) => _csv.Flush();

    public override async ValueTask DisposeAsync()
    {
        await _csv.DisposeAsync();
        await base.DisposeAsync();
    }
}
