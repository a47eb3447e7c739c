using System.Globalization;
using System.Text;
using CsvHelper;

namespace SociaalPlein.Data.Beheer;

/// <summary>A problem with an import: the line in the file (1 is the header, 0 the file as a whole), the column, the reason.</summary>
public sealed record ImportProblem(int Line, string Column, string Message);

/// <summary>One data row of a CSV file: its line number and its values by (lower-cased) column name.</summary>
public sealed record CsvRow(int Line, IReadOnlyDictionary<string, string> Values)
{
    public string this[string column] => Values.TryGetValue(column, out var v) ? v : "";

    /// <summary>A "|"-separated list cell: its trimmed, non-empty items.</summary>
    public string[] List(string column) => this[column].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// Reads an uploaded CSV the way people make them: UTF-8 with or without BOM (Excel's "CSV UTF-8" writes one),
/// separated by ";" (Dutch Excel) or "," (everyone else), decided from the header line; a header row is required.
/// </summary>
public static class CsvTable
{
    public const int MaxBytes = 2 * 1024 * 1024;
    public const int MaxRows = 5000;

    static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static (IReadOnlyList<CsvRow> Rows, IReadOnlyList<ImportProblem> Problems) Read(byte[] content,
        IReadOnlyCollection<string> columns, IReadOnlyCollection<string> required)
    {
        if (content.Length > MaxBytes) return Fail("Het bestand is groter dan 2 MB. Splits het in kleinere bestanden.");
        if (Array.IndexOf(content, (byte)0) >= 0) return Fail("Dit is geen tekstbestand. Upload een CSV-bestand.");
        string text;
        try
        {
            text = StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return Fail("Het bestand is niet in UTF-8 opgeslagen. Kies in Excel 'Opslaan als' → 'CSV UTF-8 (door komma's gescheiden)'.");
        }
        if (text.StartsWith('\uFEFF')) text = text[1..];
        if (text.Trim().Length == 0) return Fail("Het bestand is leeg.");

        using var reader = new StringReader(text);
        var firstLine = reader.ReadLine() ?? "";
        var skipped = 0;
        // Excel may write a "sep=;" line before the header to name the separator.
        if (firstLine.StartsWith("sep=", StringComparison.OrdinalIgnoreCase) && firstLine.Length == 5)
        {
            text = text[(text.IndexOf('\n') + 1)..];
            skipped = 1;
        }
        var separator = skipped == 1 ? firstLine[4] : Separator(firstLine);
        if (separator is not (';' or ',')) return Fail("Gebruik ; of , als scheidingsteken tussen de kolommen.");
        return Parse(text, separator, skipped, columns, required);
    }

    static (IReadOnlyList<CsvRow>, IReadOnlyList<ImportProblem>) Parse(string text, char separator, int skipped,
        IReadOnlyCollection<string> columns, IReadOnlyCollection<string> required)
    {
        var problems = new List<ImportProblem>();
        var options = CsvReaderOptions.Default with
        {
            Separator = separator,
            HasHeader = true,
            SkipEmptyLines = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            OnMalformedRecord = bad =>
            {
                if (bad.Reason != CsvMalformedReason.FieldCountMismatch)
                    problems.Add(new ImportProblem((int)bad.LineNumber + skipped, "",
                        "De aanhalingstekens in deze regel kloppen niet: zet een waarde met een \" helemaal tussen aanhalingstekens en schrijf \" in de waarde als \"\"."));
            },
        };
        using var csv = CsvReader.FromText(text, options);
        var header = csv.Headers.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        problems.AddRange(HeaderProblems(header, columns, required, 1 + skipped));
        if (problems.Count > 0) return ([], problems);

        var rows = new List<CsvRow>();
        while (csv.Read())
        {
            var line = (int)csv.LineNumber + skipped;
            var record = csv.Current.ToArray();
            if (record.All(string.IsNullOrWhiteSpace)) continue;
            if (rows.Count == MaxRows)
                return ([], [new(0, "", $"Het bestand heeft meer dan {MaxRows.ToString("N0", Dutch)} regels. Splits het in kleinere bestanden.")]);
            if (record.Length != header.Length)
                problems.Add(new ImportProblem(line, "", $"Deze regel heeft {record.Length} kolommen, de kopregel {header.Length}. " +
                    $"Staat er een '{separator}' in een waarde? Zet die waarde dan tussen aanhalingstekens."));
            var values = new Dictionary<string, string>();
            for (var i = 0; i < header.Length; i++) values[header[i]] = i < record.Length ? (record[i] ?? "").Trim() : "";
            rows.Add(new CsvRow(line, values));
        }
        if (rows.Count == 0 && problems.Count == 0) problems.Add(new ImportProblem(0, "", "Het bestand heeft alleen een kopregel en geen gegevens."));
        return (rows, problems);
    }

    static IEnumerable<ImportProblem> HeaderProblems(string[] header, IReadOnlyCollection<string> columns,
        IReadOnlyCollection<string> required, int line)
    {
        if (header.Length < 2)
        {
            yield return new ImportProblem(line, "", "De eerste regel moet de kopregel zijn met de kolomnamen, gescheiden door ; of , " +
                $"(bijvoorbeeld: {string.Join(";", required)}).");
            yield break;
        }
        foreach (var unknown in header.Where(h => !columns.Contains(h)).Distinct())
            yield return new ImportProblem(line, unknown, $"Onbekende kolom '{unknown}'. Bekende kolommen: {string.Join(", ", columns)}.");
        foreach (var twice in header.GroupBy(h => h).Where(g => g.Count() > 1))
            yield return new ImportProblem(line, twice.Key, $"De kolom '{twice.Key}' staat twee keer in de kopregel.");
        foreach (var missing in required.Where(r => !header.Contains(r)))
            yield return new ImportProblem(line, missing, $"De verplichte kolom '{missing}' ontbreekt in de kopregel.");
    }

    /// <summary>Whichever of ";" and "," occurs more often in the header line outside quotes; ";" when neither does.</summary>
    internal static char Separator(string headerLine)
    {
        int semicolons = 0, commas = 0;
        var quoted = false;
        foreach (var ch in headerLine)
        {
            if (ch == '"') quoted = !quoted;
            else if (!quoted && ch == ';') semicolons++;
            else if (!quoted && ch == ',') commas++;
        }
        return commas > semicolons ? ',' : ';';
    }

    static (IReadOnlyList<CsvRow>, IReadOnlyList<ImportProblem>) Fail(string message) => ([], [new ImportProblem(0, "", message)]);
}
