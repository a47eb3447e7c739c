namespace SociaalPlein.Data.Export;

/// <summary>How a column's value is read from PostgreSQL and written to a file.</summary>
public enum ColumnKind
{
    Text,
    Integer,
    /// <summary>A number with decimals: a comma in the Dutch CSV, a point in the standard CSV, a number in XLSX.</summary>
    Decimal,
    /// <summary>yyyy-MM-dd in CSV, a date cell in XLSX.</summary>
    Date,
    /// <summary>1 (ja) or 0 (nee), so a sum or mean in Excel, SPSS or R counts or gives a share.</summary>
    Flag,
    /// <summary>SQL gives the age in years (-1 unknown); the file gets the band of <c>Demographics</c>.</summary>
    AgeBand,
    /// <summary>SQL gives a stored status reason; the file gets only its chosen code, never the words typed beside it.</summary>
    ReasonCode,
}

/// <summary>
/// One column of an export: its name in the header (snake_case, so R, SPSS and Python take it as it is), the SQL that
/// fills it, and what the codebook says about it. <see cref="FreeText"/> columns are only written when the
/// projectleider ticks "inclusief vrije tekst" (design.md §4).
/// </summary>
public sealed record ExportColumn(string Name, ColumnKind Kind, string Sql, string Meaning, string Values, bool FreeText = false);

/// <summary>
/// A dataset of the export: one row per referral, per visit or per visitor. <see cref="Core"/> is the FROM clause the
/// filters need (the row count uses only that); <see cref="Joins"/> add what the columns show.
/// </summary>
public sealed class ExportDataset
{
    public required string Name { get; init; }
    public required string Title { get; init; }
    /// <summary>"Eén rij per verwijzing", for the page and the codebook.</summary>
    public required string RowMeaning { get; init; }
    public required IReadOnlyList<ExportColumn> Columns { get; init; }
    /// <summary>What the period, leefgebied and domein filters mean for this dataset, in Dutch.</summary>
    public required string FilterMeaning { get; init; }
    public required string OrderMeaning { get; init; }

    public required string Core { get; init; }
    public required string Joins { get; init; }
    public required string OrderBy { get; init; }
    public required Func<ExportFilter, IEnumerable<string>> Conditions { get; init; }

    public IReadOnlyList<ExportColumn> ColumnsFor(ExportOptions options) =>
        options.FreeText ? Columns : Columns.Where(c => !c.FreeText).ToList();

    public bool HasFreeText => Columns.Any(c => c.FreeText);

    public static ExportDataset? Find(string? name) => All.FirstOrDefault(d => d.Name == name);

    public static IReadOnlyList<ExportDataset> All =>
        [ExportDatasets.Verwijzingen, ExportDatasets.Bezoeken, ExportDatasets.Bezoekers, ExportDatasets.Metingen];
}

/// <summary>What to export: the pleinen (already checked against the account), a period and the optional filters.</summary>
public sealed record ExportFilter(IReadOnlyList<int> Pleinen, DateOnly Van, DateOnly Tot, int? LeefgebiedId = null, string? Domein = null);

/// <summary>The projectleider's two privacy choices (design.md §4), both recorded in the audit entry.</summary>
public sealed record ExportOptions(bool FreeText = false, bool StablePseudonyms = false);
