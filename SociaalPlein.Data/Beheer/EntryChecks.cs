using System.Globalization;
using System.Text.RegularExpressions;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Data.Beheer;

/// <summary>A problem with one field of a form or a CSV row, in Dutch, named by the input's property.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>The outcome of a save: the entry's id, or the problems that kept it from being stored.</summary>
public sealed record SaveResult(int Id, IReadOnlyList<FieldError> Errors)
{
    public bool Saved => Errors.Count == 0;
    public static SaveResult Ok(int id) => new(id, []);
    public static SaveResult Refused(IReadOnlyList<FieldError> errors) => new(0, errors);
}

/// <summary>
/// The field rules of directory entries, shared by the beheer forms and the CSV import so that both say the same
/// thing about the same value. Each check returns the cleaned value and collects a Dutch message when it is wrong.
/// The rules mirror the CHECK constraints of db/0002, so a value that passes here is one the database accepts.
/// </summary>
public sealed partial class EntryChecks
{
    public static readonly string[] Capacities = ["ruimte", "wachtlijst", "vol"];

    readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;
    public bool Ok => _errors.Count == 0;

    public void Add(string field, string message) => _errors.Add(new FieldError(field, message));

    public static string Clean(string? value) => (value ?? "").Trim();

    public string Required(string field, string? value, string label, int min, int max)
    {
        var v = Clean(value);
        if (v.Length == 0) Add(field, $"Vul {label} in.");
        else if (v.Length < min) Add(field, $"{Capital(label)} is te kort (minstens {min} tekens).");
        else if (v.Length > max) Add(field, $"{Capital(label)} is te lang (hoogstens {max} tekens).");
        return v;
    }

    public string Optional(string field, string? value, string label, int max)
    {
        var v = Clean(value);
        if (v.Length > max) Add(field, $"{Capital(label)} is te lang (hoogstens {max} tekens).");
        return v;
    }

    public string Email(string field, string? value)
    {
        var v = Clean(value);
        if (v.Length > 254) Add(field, "Dit e-mailadres is te lang.");
        else if (v.Length > 0 && !ContactFormat.IsEmail(v)) Add(field, $"'{v}' is geen geldig e-mailadres.");
        return v;
    }

    public string Phone(string field, string? value)
    {
        var v = Clean(value);
        if (!ContactFormat.IsPhone(v))
            Add(field, $"'{v}' is geen geldig telefoonnummer (alleen cijfers, spaties, + - ( ), hoogstens 20 tekens).");
        return v;
    }

    /// <summary>"www.wijkteam.nl" is what people type; it is stored as "https://www.wijkteam.nl".</summary>
    public string Website(string field, string? value)
    {
        var v = Clean(value);
        if (v.Length == 0) return v;
        if (!v.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !v.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            v = "https://" + v;
        if (v.Length > 300) Add(field, "Dit webadres is te lang (hoogstens 300 tekens).");
        else if (!Uri.TryCreate(v, UriKind.Absolute, out var uri) || !uri.Host.Contains('.') || v.Any(char.IsWhiteSpace))
            Add(field, $"'{Clean(value)}' is geen geldig webadres.");
        return v;
    }

    /// <summary>Stored as "1234 AB" whatever the spacing or case it was typed in.</summary>
    public string Postcode(string field, string? value)
    {
        var v = Clean(value).Replace(" ", "").ToUpperInvariant();
        if (v.Length == 0) return v;
        if (!PostcodePattern().IsMatch(v))
        {
            Add(field, $"'{Clean(value)}' is geen geldige postcode; schrijf hem als 1234 AB.");
            return Clean(value);
        }
        return $"{v[..4]} {v[4..]}";
    }

    public string Domein(string field, string? value)
    {
        var v = Clean(value).ToLowerInvariant();
        if (v.Length == 0) Add(field, "Kies een domein: medisch, sociaal, welzijn of overig.");
        else if (!Nieuwsbrief.Domeinen.Codes.Contains(v)) Add(field, $"Onbekend domein '{Clean(value)}': kies medisch, sociaal, welzijn of overig.");
        return v;
    }

    /// <summary>A waiting list needs its length in weeks; "ruimte" and "vol" carry none (db: *_capacity_weeks).</summary>
    public (string Capacity, int? Weeks) Capacity(string field, string? capacity, string weeksField, string? weeks)
    {
        var c = Clean(capacity).ToLowerInvariant();
        if (c.Length == 0) c = "ruimte";
        if (!Capacities.Contains(c))
        {
            Add(field, $"Onbekende capaciteit '{Clean(capacity)}': kies ruimte, wachtlijst of vol.");
            return (c, null);
        }
        if (c != "wachtlijst") return (c, null);
        var w = Clean(weeks);
        if (w.Length == 0)
        {
            Add(weeksField, "Vul bij een wachtlijst in hoeveel weken die is.");
            return (c, null);
        }
        if (!int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 104)
        {
            Add(weeksField, "Het aantal weken wachtlijst is een heel getal van 1 tot en met 104.");
            return (c, null);
        }
        return (c, n);
    }

    public int Number(string field, string? value, string label, int min, int max, int fallback)
    {
        var v = Clean(value);
        if (v.Length == 0) return fallback;
        if (int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        Add(field, $"{Capital(label)} is een heel getal van {min} tot en met {max}.");
        return fallback;
    }

    /// <summary>The chosen items that exist among the allowed ones, deduplicated and sorted; each unknown one is reported.</summary>
    public T[] Among<T>(string field, IEnumerable<T> chosen, IReadOnlySet<T> allowed, Func<T, string> unknownMessage) where T : notnull
    {
        var picked = chosen.Distinct().ToList();
        foreach (var unknown in picked.Where(c => !allowed.Contains(c)))
            Add(field, unknownMessage(unknown));
        return picked.Where(allowed.Contains).Order().ToArray();
    }

    public static string UnknownPlein(int id) => $"Plein {id} bestaat niet of is niet meer actief.";
    public static string UnknownLeefgebied(string code) => $"Leefgebied '{code}' bestaat niet of is niet meer actief.";
    public static string UnknownLanguage(string code) => $"Onbekende taal '{code}'.";

    static string Capital(string label) => label.StartsWith("de ", StringComparison.Ordinal) || label.StartsWith("het ", StringComparison.Ordinal)
        ? char.ToUpperInvariant(label[label.IndexOf(' ') + 1]) + label[(label.IndexOf(' ') + 2)..]
        : char.ToUpperInvariant(label[0]) + label[1..];

    // The same patterns as the CHECK constraints on organisation and professional.
    [GeneratedRegex(@"^[1-9][0-9]{3}[A-Z]{2}$")]
    private static partial Regex PostcodePattern();
}
