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
/// One column of an export table: its name in the header (snake_case, so R, SPSS and Python take it as it is; the
/// table's SELECT gives a column of that name in the same place) and what the codebook says about it.
/// <see cref="FreeText"/> columns are only written when the projectleider ticks "inclusief vrije tekst" (design.md §4);
/// without it the SELECT gives them as NULL, so the text never leaves the database.
/// </summary>
public sealed record ExportColumn(string Name, ColumnKind Kind, string Meaning, string Values, bool FreeText = false);

/// <summary>
/// One of the four tables of <c>/export</c> (verwijzingen, bezoeken, bezoekers, metingen): one row per referral, per
/// visit, per visitor or per meting. Each is defined in its own file (<c>ExportTable.Verwijzingen.cs</c> …) with its
/// whole SELECT and its count as SQL, and its columns for the codebook.
/// <para>
/// Both statements take the same named parameters: <c>@pleinen</c> (int[], already checked against the account),
/// <c>@van</c> and <c>@tot</c> (dates, inclusive), <c>@leefgebied</c> (a leefgebied id or NULL for all) and
/// <c>@domein</c> (a domein code or NULL); the SELECT also <c>@vrijeTekst</c> (bool) and the pseudonym keys
/// <c>@keyPleinen</c>, <c>@innerPads</c>, <c>@outerPads</c> (<see cref="Pseudonyms"/>). An optional filter is written
/// <c>(@leefgebied::int IS NULL OR …)</c>; <see cref="ExportQuery"/> has every run planned with its own values, so
/// PostgreSQL drops a filter that is not in use and the rest stays a plain predicate an index serves.
/// </para>
/// </summary>
public sealed partial class ExportTable
{
    public required string Name { get; init; }
    public required string Title { get; init; }
    /// <summary>"Eén rij per verwijzing", for the page and the codebook.</summary>
    public required string RowMeaning { get; init; }
    public required IReadOnlyList<ExportColumn> Columns { get; init; }
    /// <summary>What the period, leefgebied and domein filters mean for this table, in Dutch.</summary>
    public required string FilterMeaning { get; init; }
    public required string OrderMeaning { get; init; }

    /// <summary>
    /// The organisation a visit (<c>x</c>) counts for, as <c>o</c>: the one that held its spreekuur or inloop, else the
    /// helper's. The domein filter of bezoeken, bezoekers and metingen reads it, so all three mean the same by it.
    /// </summary>
    const string VisitOrganisation = """
        LEFT JOIN spreekuur s ON s.id = x.spreekuur_id
        LEFT JOIN professional hp ON hp.id = x.helped_by
        LEFT JOIN organisation o ON o.id = coalesce(s.organisation_id, hp.organisation_id)
        """;

    /// <summary>
    /// The visits (<c>x</c>, with <see cref="VisitOrganisation"/>) that match the filters: the pleinen, the period by
    /// visit date, not withdrawn, about the leefgebied, of the domein. One rule for the bezoeken and the bezoekers, their
    /// rows and their counts, which the tests hold equal.
    /// </summary>
    const string VisitMatches = """
        x.plein_id = ANY (@pleinen)
          AND x.visited_on BETWEEN @van AND @tot
          AND x.withdrawn_at IS NULL
          AND (@leefgebied::int IS NULL OR EXISTS (SELECT 1 FROM visit_leefgebied vl WHERE vl.visit_id = x.id AND vl.leefgebied_id = @leefgebied))
          AND (@domein::text IS NULL OR o.domein = @domein)
        """;

    /// <summary>
    /// The referrals (<c>r</c>) that match the filters: the pleinen, the period by referral date, not withdrawn, about
    /// the leefgebied, with the sender or the receiver of the domein. One rule for the verwijzingen and the bezoekers,
    /// their rows and their counts.
    /// </summary>
    const string ReferralMatches = """
        r.plein_id = ANY (@pleinen)
          AND r.referred_on BETWEEN @van AND @tot
          AND r.withdrawn_at IS NULL
          AND (@leefgebied::int IS NULL OR r.leefgebied_id = @leefgebied)
          AND (@domein::text IS NULL OR EXISTS (SELECT 1 FROM organisation o
                                                 WHERE o.id IN (r.to_organisation_id, r.from_organisation_id) AND o.domein = @domein))
        """;

    /// <summary>The rows of the file, in its order, one column per entry of <see cref="Columns"/>.</summary>
    public required string RowsSql { get; init; }
    /// <summary>How many rows <see cref="RowsSql"/> gives, without reading what only the columns need.</summary>
    public required string CountSql { get; init; }

    public IReadOnlyList<ExportColumn> ColumnsFor(ExportOptions options) =>
        options.FreeText ? Columns : Columns.Where(c => !c.FreeText).ToList();

    public bool HasFreeText => Columns.Any(c => c.FreeText);

    public static ExportTable? Find(string? name) => All.FirstOrDefault(t => t.Name == name);

    public static IReadOnlyList<ExportTable> All => [Verwijzingen, Bezoeken, Bezoekers, Metingen];

    /// <summary>The SELECT of this table with its parameters, pseudonymised with <paramref name="keys"/>.</summary>
    public ExportStatement Rows(ExportFilter filter, ExportOptions options, Pseudonyms keys) =>
        new(RowsSql, [.. ExportStatement.FilterParameters(filter), .. ExportStatement.RowParameters(options, keys)]);

    /// <summary>The count of this table's rows with its parameters.</summary>
    public ExportStatement Count(ExportFilter filter) => new(CountSql, [.. ExportStatement.FilterParameters(filter)]);

    // What several tables say alike in the codebook.
    const string Kwartaal = "Kwartaal van de datum, bijvoorbeeld 2026-Q1.";
    const string Domein = "medisch, sociaal, welzijn of overig.";
    const string Plein = "Naam van het Sociaal Plein.";
    const string Geheel = "Geheel getal.";
    const string JaNee = "1 = ja, 0 = nee.";
    const string Datum = "Datum (jjjj-mm-dd).";

    static ExportColumn BezoekerColumn(string whose) =>
        new("bezoeker", ColumnKind.Text,
            $"Pseudoniem van de bezoeker{whose}. Binnen één export staat dezelfde bezoeker steeds onder hetzelfde pseudoniem; " +
            "in een volgende export is het anders, tenzij 'vaste pseudoniemen' gekozen is.",
            "P gevolgd door 16 tekens (0-9, a-f); leeg als er geen bezoeker bij hoort.");

    static ExportColumn AgeColumn(string when) =>
        new("leeftijdsgroep", ColumnKind.AgeBand, $"Leeftijdsgroep van de bezoeker {when} (alleen het geboortejaar is bekend).",
            string.Join(", ", SociaalPlein.Data.Bezoekers.Demographics.AllAgeBands) + ".");

    /// <summary>The visitor's gender, wijk and postcode: the minimal demographics of design.md §4.</summary>
    static ExportColumn[] Demographic =>
    [
        new("geslacht", ColumnKind.Text, "Geslacht van de bezoeker.", "man, vrouw, anders of onbekend."),
        new("wijk", ColumnKind.Text, "Wijk van de bezoeker, leeg als die niet bekend is (dan staat vaak de postcode er).", "Naam van de wijk."),
        new("postcode", ColumnKind.Text, "Vier cijfers van de postcode van de bezoeker (nooit de letters), leeg als onbekend.", "Vier cijfers."),
    ];
}

/// <summary>What to export: the pleinen (already checked against the account), a period and the optional filters.</summary>
public sealed record ExportFilter(IReadOnlyList<int> Pleinen, DateOnly Van, DateOnly Tot, int? LeefgebiedId = null, string? Domein = null);

/// <summary>The projectleider's two privacy choices (design.md §4), both recorded in the audit entry.</summary>
public sealed record ExportOptions(bool FreeText = false, bool StablePseudonyms = false);
