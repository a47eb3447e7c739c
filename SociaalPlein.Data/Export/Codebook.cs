using System.Globalization;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Data.Export;

/// <summary>One line of the codebook sheet: a heading line or a line of up to three cells.</summary>
public sealed record CodebookLine(bool Heading, IReadOnlyList<string> Cells);

/// <summary>
/// The "Toelichting" of an XLSX export: what the file is (dataset, filters, when, by whom, how many rows, the two
/// privacy choices), every column with its meaning and values, and the leefgebied codes. <c>/export/codeboek</c>
/// shows the same column texts.
/// </summary>
public static class Codebook
{
    public static IEnumerable<CodebookLine> Lines(ExportSummary s, IReadOnlyList<ExportColumn> columns, long rows)
    {
        static CodebookLine Line(params string[] cells) => new(false, cells);
        static CodebookLine Heading(params string[] cells) => new(true, cells);

        yield return Heading($"Sociaal Plein — {s.Table.Title.ToLowerInvariant()}");
        yield return Line("Dataset", $"{s.Table.Name}: {s.Table.RowMeaning}");
        yield return Line("Geëxporteerd op", ExportedAt(s.ExportedAt));
        yield return Line("Geëxporteerd door", s.ExportedBy);
        yield return Line("Aantal rijen", rows.ToString("N0", Dutch));
        foreach (var filter in s.Filters) yield return Line("Filter", filter);
        yield return Line("Betekenis van de filters", s.Table.FilterMeaning);
        yield return Line("Volgorde", s.Table.OrderMeaning);
        yield return Line("Pseudoniemen", PseudonymChoice(s.Options));
        yield return Line("Vrije tekst", FreeTextChoice(s.Table, s.Options));
        yield return Line("");
        yield return Heading("Kolom", "Betekenis", "Waarden");
        foreach (var c in columns) yield return Line(c.Name, c.Meaning, c.Values);
        yield return Line("");
        yield return Heading("Leefgebied (code)", "Naam");
        foreach (var l in s.Leefgebieden) yield return Line(l.Code, l.Active ? l.Name : $"{l.Name} (niet meer in gebruik)");
    }

    public static string PseudonymChoice(ExportOptions o) => o.StablePseudonyms
        ? "Vast per plein: dezelfde bezoeker heeft in elke export van dit plein met vaste pseudoniemen hetzelfde pseudoniem."
        : "Per export: binnen dit bestand is een bezoeker steeds hetzelfde pseudoniem, in een volgende export een ander.";

    public static string FreeTextChoice(ExportTable d, ExportOptions o) =>
        !d.HasFreeText ? "Deze dataset heeft geen vrije tekst."
        : o.FreeText ? "Opgenomen: " + string.Join(", ", d.Columns.Where(c => c.FreeText).Select(c => c.Name)) + "."
        : "Niet opgenomen (kies 'inclusief vrije tekst' om de zorgvraag mee te nemen).";

    public static string ExportedAt(DateTimeOffset at) =>
        PleinTime.Local(at).ToString("d MMMM yyyy 'om' HH:mm", Dutch) + " (Nederlandse tijd)";

    static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");
}
