using System.Globalization;
using System.Text;

namespace SociaalPlein.Data.Beheer;

/// <summary>One column of an import file, as the import page documents it.</summary>
public sealed record ImportColumn(string Name, bool Required, string Meaning, string Example)
{
    /// <summary>Stands for a plein's name in the sample files; the sample download puts the first real plein in its place.</summary>
    public const string PleinExample = "Sociaal Plein Voorbeeld";
}

/// <summary>
/// Turns the names people write in a CSV cell into what the directory stores: pleinen and wijken by name, leefgebieden
/// and languages by code or name. Matching ignores case, accents and extra spaces ("Financien" is "Financiën").
/// </summary>
sealed class ImportNames(DirectoryChoices choices)
{
    readonly Dictionary<string, PleinChoice> _pleinen = ByKey(choices.Pleinen, p => [p.Name]);
    readonly Dictionary<string, string> _leefgebieden = ByKey(choices.Leefgebieden, l => [l.Code, l.Name]).ToDictionary(x => x.Key, x => x.Value.Code);
    readonly Dictionary<string, string> _languages = ByKey(choices.Languages, l => [l.Code, l.Name]).ToDictionary(x => x.Key, x => x.Value.Code);

    public static string Key(string text)
    {
        var decomposed = text.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var key = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsWhiteSpace(ch) && (key.Length == 0 || key[^1] == ' ')) continue;
            key.Append(char.IsWhiteSpace(ch) ? ' ' : ch);
        }
        return key.ToString().TrimEnd();
    }

    public List<int> Pleinen(CsvRow row, string column, List<ImportProblem> problems)
    {
        var ids = new List<int>();
        foreach (var name in row.List(column))
        {
            if (!_pleinen.TryGetValue(Key(name), out var plein))
                problems.Add(new ImportProblem(row.Line, column, $"Onbekend plein '{name}'."));
            else if (!plein.Active)
                problems.Add(new ImportProblem(row.Line, column, $"Het plein '{name}' is niet meer actief."));
            else ids.Add(plein.Id);
        }
        return ids;
    }

    public List<string> Leefgebieden(CsvRow row, string column, List<ImportProblem> problems) =>
        Codes(row, column, _leefgebieden, "Onbekend leefgebied", problems);

    public List<string> Languages(CsvRow row, string column, List<ImportProblem> problems) =>
        Codes(row, column, _languages, "Onbekende taal", problems);

    /// <summary>Wijk names are unique within a plein only, so a wijk is looked up among the row's own pleinen.</summary>
    public List<int> Wijken(CsvRow row, string column, IReadOnlyCollection<int> pleinIds, List<ImportProblem> problems)
    {
        var ids = new List<int>();
        foreach (var name in row.List(column))
        {
            var found = choices.Wijken.Where(w => pleinIds.Contains(w.PleinId) && Key(w.Name) == Key(name)).ToList();
            if (found.Count == 1) ids.Add(found[0].Id);
            else if (found.Count == 0)
                problems.Add(new ImportProblem(row.Line, column, $"Onbekende wijk '{name}' bij de pleinen van deze regel."));
            else
                problems.Add(new ImportProblem(row.Line, column, $"De wijk '{name}' bestaat bij meer pleinen van deze regel; noem één plein."));
        }
        return ids;
    }

    static List<string> Codes(CsvRow row, string column, Dictionary<string, string> known, string unknown, List<ImportProblem> problems)
    {
        var codes = new List<string>();
        foreach (var name in row.List(column))
        {
            if (known.TryGetValue(Key(name), out var code)) codes.Add(code);
            else problems.Add(new ImportProblem(row.Line, column, $"{unknown} '{name}'."));
        }
        return codes;
    }

    static Dictionary<string, T> ByKey<T>(IEnumerable<T> items, Func<T, string[]> names)
    {
        var byKey = new Dictionary<string, T>();
        foreach (var item in items)
            foreach (var name in names(item))
                byKey.TryAdd(Key(name), item);
        return byKey;
    }
}
