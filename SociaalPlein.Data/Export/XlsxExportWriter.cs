using System.Globalization;
using System.IO.Packaging;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace SociaalPlein.Data.Export;

/// <summary>
/// An export as XLSX: the rows on a data sheet, then a "Toelichting" sheet with the codebook, the filters, the export
/// time and who exported. Every part is written once, front to back, with OpenXmlWriter into a write-only package
/// (System.IO.Packaging streams a package opened with FileAccess.Write), so neither the workbook nor a sheet is ever
/// held in memory. A sheet holds at most Excel's 1,048,576 rows; beyond that the rows go on "Verwijzingen (2)", and so on.
/// Cells carry no reference (r): each follows the one before, and an empty value is an empty cell.
/// </summary>
public sealed class XlsxExportWriter : ExportWriter
{
    public const int MaxRowsPerSheet = 1_048_576;

    const string SheetType = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
    const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const uint DateStyle = 1, HeaderStyle = 2, DecimalStyle = 3, WrapStyle = 4;

    static readonly DateOnly ExcelEpoch = new(1899, 12, 30);

    // OpenXmlWriter takes an element only for its name: one instance of each serves every cell.
    static readonly Row RowElement = new();
    static readonly Cell CellElement = new();
    static readonly CellValue ValueElement = new();
    static readonly InlineString InlineElement = new();
    static readonly Text TextElement = new();
    static readonly OpenXmlAttribute[] InlineText = [new("t", "", "inlineStr")];
    static readonly OpenXmlAttribute[] DateCell = [new("s", "", DateStyle.ToString(CultureInfo.InvariantCulture))];
    static readonly OpenXmlAttribute[] DecimalCell = [new("s", "", DecimalStyle.ToString(CultureInfo.InvariantCulture))];
    static readonly OpenXmlAttribute[] HeaderCell = [new("t", "", "inlineStr"), new("s", "", HeaderStyle.ToString(CultureInfo.InvariantCulture))];
    static readonly OpenXmlAttribute[] WrappedCell = [new("t", "", "inlineStr"), new("s", "", WrapStyle.ToString(CultureInfo.InvariantCulture))];
    static readonly OpenXmlAttribute[] PreserveSpace = [new("xml", "space", "http://www.w3.org/XML/1998/namespace", "preserve")];

    readonly Package _package;
    readonly List<(string Name, Uri Part)> _sheets = [];
    IReadOnlyList<ExportColumn> _columns = [];
    ExportSummary? _summary;
    Stream? _partStream;
    OpenXmlWriter? _xml;
    int _rowsInSheet;

    public XlsxExportWriter(Stream target) : base(target) =>
        _package = Package.Open(Output, FileMode.Create, FileAccess.Write);

    public override string ContentType => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    OpenXmlWriter Xml => _xml ?? throw new InvalidOperationException("No sheet is open.");

    public override void Begin(IReadOnlyList<ExportColumn> columns, ExportSummary summary)
    {
        (_columns, _summary) = (columns, summary);
        StartDataSheet();
    }

    public override void Text(string? value)
    {
        if (value is null) EmptyCell();
        else InlineCell(Inert(value)!, InlineText);
    }

    public override void Integer(int? value) => NumberCell(value?.ToString(CultureInfo.InvariantCulture), null);
    public override void Decimal(decimal? value) => NumberCell(value?.ToString(CultureInfo.InvariantCulture), DecimalCell);
    public override void Date(DateOnly? value) => NumberCell(value is { } d ? (d.DayNumber - ExcelEpoch.DayNumber).ToString(CultureInfo.InvariantCulture) : null, DateCell);
    public override void Flag(bool? value) => NumberCell(value switch { true => "1", false => "0", null => null }, null);

    public override void BeginRow() => StartRow();

    protected override void EndRow()
    {
        Xml.WriteEndElement();
        if (++_rowsInSheet < MaxRowsPerSheet) return;
        EndDataSheet();
        StartDataSheet();
    }

    protected override void FlushToSpool() => _partStream?.Flush();

    protected override void Finish(long rows)
    {
        EndDataSheet();
        WriteSheet("Toelichting", xml => WriteCodebook(xml, rows));
        WritePart("/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml", xml => xml.WriteElement(Styles()));
        WriteWorkbook();
        _package.Close();
        _closed = true;
    }

    bool _closed;

    void StartDataSheet()
    {
        var title = _summary!.Table.Title;
        var name = _sheets.Count == 0 ? title : $"{title} ({_sheets.Count + 1})";
        OpenSheet(name);
        var xml = Xml;
        xml.WriteStartElement(new Worksheet(), [], [new("r", Relationships)]);
        // The header row stays in view while scrolling.
        xml.WriteElement(new SheetViews(new SheetView(new Pane
        {
            VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
        }) { WorkbookViewId = 0 }));
        xml.WriteElement(new Columns(_columns.Select((c, i) => new Column
        {
            Min = (uint)i + 1, Max = (uint)i + 1, Width = Width(c), CustomWidth = true,
        })));
        xml.WriteStartElement(new SheetData());
        _rowsInSheet = 0;
        StartRow();
        foreach (var column in _columns) InlineCell(column.Name, HeaderCell);
        Xml.WriteEndElement();
        _rowsInSheet = 1;
    }

    void EndDataSheet()
    {
        var xml = Xml;
        xml.WriteEndElement();
        xml.WriteElement(new AutoFilter { Reference = $"A1:{ColumnName(_columns.Count)}{Math.Max(_rowsInSheet, 1)}" });
        xml.WriteEndElement();
        CloseSheet();
    }

    void StartRow() => Xml.WriteStartElement(RowElement, [new("r", "", (_rowsInSheet + 1).ToString(CultureInfo.InvariantCulture))]);

    void EmptyCell()
    {
        Xml.WriteStartElement(CellElement);
        Xml.WriteEndElement();
    }

    void NumberCell(string? value, OpenXmlAttribute[]? style)
    {
        if (value is null) { EmptyCell(); return; }
        var xml = Xml;
        if (style is null) xml.WriteStartElement(CellElement); else xml.WriteStartElement(CellElement, style);
        xml.WriteStartElement(ValueElement);
        xml.WriteString(value);
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    void InlineCell(string text, IEnumerable<OpenXmlAttribute> attributes)
    {
        var xml = Xml;
        xml.WriteStartElement(CellElement, attributes);
        xml.WriteStartElement(InlineElement);
        text = XmlSafe(text);
        // Excel drops leading and trailing spaces and line breaks unless told to keep them.
        if (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))) xml.WriteStartElement(TextElement, PreserveSpace);
        else xml.WriteStartElement(TextElement);
        xml.WriteString(text);
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    /// <summary>XML 1.0 has no place for most control characters; a typed one becomes U+FFFD instead of breaking the file.</summary>
    static string XmlSafe(string text)
    {
        foreach (var c in text)
            if (!XmlConvert.IsXmlChar(c) && !char.IsSurrogate(c)) return string.Concat(text.Select(ch => XmlConvert.IsXmlChar(ch) || char.IsSurrogate(ch) ? ch : '\uFFFD'));
        return text;
    }

    void OpenSheet(string name)
    {
        var uri = new Uri($"/xl/worksheets/sheet{_sheets.Count + 1}.xml", UriKind.Relative);
        _sheets.Add((name, uri));
        var part = _package.CreatePart(uri, SheetType, CompressionOption.SuperFast);
        _partStream = part.GetStream(FileMode.Create, FileAccess.Write);
        _xml = OpenXmlWriter.Create(_partStream);
    }

    void CloseSheet()
    {
        _xml?.Close();
        _xml?.Dispose();
        _partStream?.Dispose();
        (_xml, _partStream) = (null, null);
    }

    void WriteSheet(string name, Action<OpenXmlWriter> body)
    {
        OpenSheet(name);
        var xml = Xml;
        xml.WriteStartElement(new Worksheet());
        xml.WriteElement(new Columns(
            new Column { Min = 1, Max = 1, Width = 28, CustomWidth = true },
            new Column { Min = 2, Max = 2, Width = 80, CustomWidth = true },
            new Column { Min = 3, Max = 3, Width = 70, CustomWidth = true }));
        xml.WriteStartElement(new SheetData());
        _rowsInSheet = 0;
        body(xml);
        xml.WriteEndElement();
        xml.WriteEndElement();
        CloseSheet();
    }

    void WriteCodebook(OpenXmlWriter xml, long rows)
    {
        foreach (var line in Codebook.Lines(_summary!, _columns, rows))
        {
            StartRow();
            foreach (var cell in line.Cells) InlineCell(cell, line.Heading ? HeaderCell : WrappedCell);
            xml.WriteEndElement();
            _rowsInSheet++;
        }
    }

    PackagePart WritePart(string uri, string contentType, Action<OpenXmlWriter> body)
    {
        var part = _package.CreatePart(new Uri(uri, UriKind.Relative), contentType, CompressionOption.SuperFast);
        using var stream = part.GetStream(FileMode.Create, FileAccess.Write);
        using var xml = OpenXmlWriter.Create(stream);
        body(xml);
        xml.Close();
        return part;
    }

    void WriteWorkbook()
    {
        const string workbookUri = "/xl/workbook.xml";
        var workbook = WritePart(workbookUri, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", xml =>
            xml.WriteElement(new Workbook(new Sheets(_sheets.Select((s, i) => new Sheet
            {
                Name = s.Name, SheetId = (uint)i + 1, Id = $"rId{i + 1}",
            })))));
        for (var i = 0; i < _sheets.Count; i++)
            workbook.CreateRelationship(_sheets[i].Part, TargetMode.Internal, $"{Relationships}/worksheet", $"rId{i + 1}");
        workbook.CreateRelationship(new Uri("/xl/styles.xml", UriKind.Relative), TargetMode.Internal, $"{Relationships}/styles", "rIdStyles");
        _package.CreateRelationship(new Uri(workbookUri, UriKind.Relative), TargetMode.Internal, $"{Relationships}/officeDocument", "rId1");
    }

    static Stylesheet Styles() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd" }) { Count = 1 },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat { NumberFormatId = 2, ApplyNumberFormat = true },
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { ApplyAlignment = true }) { Count = 5 });

    static double Width(ExportColumn c) => c.Kind switch
    {
        ColumnKind.Flag or ColumnKind.Integer or ColumnKind.Decimal => Math.Max(10, c.Name.Length + 2),
        ColumnKind.Date => 12,
        _ when c.FreeText => 60,
        _ => Math.Max(16, c.Name.Length + 2),
    };

    static string ColumnName(int number)
    {
        var name = "";
        for (; number > 0; number = (number - 1) / 26) name = (char)('A' + (number - 1) % 26) + name;
        return name;
    }

    public override async ValueTask DisposeAsync()
    {
        // After a failure midway the package is left unfinished: the response is aborted, so the half file is never taken for a whole one.
        _xml?.Dispose();
        _partStream?.Dispose();
        if (!_closed) ((IDisposable)_package).Dispose();
        await base.DisposeAsync();
    }
}
