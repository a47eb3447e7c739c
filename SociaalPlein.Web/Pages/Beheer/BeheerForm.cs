using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using SociaalPlein.Data.Beheer;
using SociaalPlein.Data.Gids;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Web.Pages.Beheer;

/// <summary>What the beheer forms share: messages next to their fields, and the notice shown after a save.</summary>
public static class BeheerForm
{
    public const string Notice = "BeheerMelding";

    /// <summary>
    /// Puts each problem next to its field (Input.Name, …); true when there was any. A value the model binder could not
    /// read at all (an id that is not a number: only a tampered form sends one) gets a Dutch message instead of its own.
    /// </summary>
    public static bool Refuse(this ModelStateDictionary state, IReadOnlyList<FieldError> errors)
    {
        foreach (var (key, entry) in state.Where(e => e.Value is { Errors.Count: > 0 }).ToList())
        {
            entry!.Errors.Clear();
            state.AddModelError(key, "Deze waarde klopt niet. Kies of vul haar opnieuw in.");
        }
        foreach (var error in errors) state.AddModelError($"Input.{error.Field}", error.Message);
        return state.ErrorCount > 0;
    }
}

/// <summary>A group of checkboxes for the <c>_Keuzes</c> partial.</summary>
public sealed record Keuzes(string Name, string Legend, IReadOnlyList<(string Value, string Label)> Options,
    IReadOnlyCollection<string> Selected, string Empty = "Er is niets om uit te kiezen.")
{
    public static Keuzes Pleinen(DirectoryChoices choices, IReadOnlyCollection<int> selected) =>
        new("Input.PleinIds", "Pleinen",
            choices.Pleinen.Where(p => p.Active || selected.Contains(p.Id))
                .Select(p => (Text(p.Id), p.Active ? p.Name : $"{p.Name} (niet actief)")).ToList(),
            selected.Select(Text).ToList(), "Er zijn nog geen pleinen.");

    public static Keuzes Leefgebieden(DirectoryChoices choices, IReadOnlyCollection<string> selected) =>
        new("Input.Leefgebieden", "Leefgebieden",
            choices.Leefgebieden.Where(l => l.Active || selected.Contains(l.Code))
                .Select(l => (l.Code, l.Active ? l.Name : $"{l.Name} (vervallen)")).ToList(),
            selected);

    public static Keuzes Languages(DirectoryChoices choices, IReadOnlyCollection<string> selected) =>
        new("Input.Languages", "Talen", choices.Languages.Select(l => (l.Code, l.Name)).ToList(), selected);

    /// <summary>Wijken by plein; a professional may only have wijken of the pleinen ticked above.</summary>
    public static Keuzes Wijken(DirectoryChoices choices, IReadOnlyCollection<int> selected) =>
        new("Input.WijkIds", "Wijken (van de gekozen pleinen)",
            choices.Wijken.Join(choices.Pleinen, w => w.PleinId, p => p.Id, (w, p) => (Wijk: w, Plein: p))
                .Where(x => x.Plein.Active || selected.Contains(x.Wijk.Id))
                .OrderBy(x => x.Plein.Name).ThenBy(x => x.Wijk.Name)
                .Select(x => (Text(x.Wijk.Id), $"{x.Wijk.Name} ({x.Plein.Name})")).ToList(),
            selected.Select(Text).ToList(), "Er zijn nog geen wijken.");

    static string Text(int id) => id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The history of one entry for the <c>_Wijzigingen</c> partial, with ids and codes shown as names.</summary>
public sealed class WijzigingenView(IReadOnlyList<DirectoryChangeRow> rows, DirectoryChoices choices,
    IReadOnlyDictionary<int, string>? organisations = null)
{
    static readonly Dictionary<string, string> Labels = new()
    {
        ["created"] = "Toegevoegd", ["active"] = "Actief", ["name"] = "Naam", ["domein"] = "Domein", ["kind"] = "Soort",
        ["description"] = "Omschrijving", ["phone"] = "Telefoon", ["email"] = "E-mail", ["website"] = "Website",
        ["street"] = "Straat", ["postcode"] = "Postcode", ["city"] = "Plaats", ["capacity"] = "Capaciteit",
        ["capacity_weeks"] = "Weken wachtlijst", ["pleinen"] = "Pleinen", ["leefgebieden"] = "Leefgebieden",
        ["languages"] = "Talen", ["wijken"] = "Wijken", ["organisation_id"] = "Organisatie", ["function"] = "Functie",
        ["about"] = "Waarmee kun je bij mij terecht", ["code"] = "Code", ["synonyms"] = "Synoniemen", ["sort_order"] = "Volgorde",
        ["verified_at"] = "Laatst gecontroleerd",
    };

    public IReadOnlyList<DirectoryChangeRow> Rows => rows;

    public string Label(string field) => Labels.GetValueOrDefault(field, field);

    public static string When(DateTime utc) => Local(utc).ToString("d MMM yyyy HH:mm", Dutch);

    public static string Day(DateTime utc) => Local(utc).ToString("d MMMM yyyy", Dutch);

    static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    // Npgsql reads timestamptz as UTC; what the beheerder sees is Amsterdam time.
    static DateTime Local(DateTime utc) => PleinTime.Local(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    public string Show(string field, string? value)
    {
        if (string.IsNullOrEmpty(value)) return "—";
        var shown = field switch
        {
            "active" => value == "true" ? "ja" : "nee",
            "pleinen" => Names(value, v => choices.Pleinen.FirstOrDefault(p => Text(p.Id) == v)?.Name),
            "wijken" => Names(value, v => choices.Wijken.FirstOrDefault(w => Text(w.Id) == v)?.Name),
            "leefgebieden" => Names(value, v => choices.Leefgebieden.FirstOrDefault(l => l.Code == v)?.Name),
            "languages" => Names(value, v => choices.Languages.FirstOrDefault(l => l.Code == v)?.Name),
            "organisation_id" => organisations is not null && int.TryParse(value, CultureInfo.InvariantCulture, out var id)
                ? organisations.GetValueOrDefault(id, $"organisatie {value}") : value,
            "synonyms" => value.Replace(",", ", "),
            // /profiel records the verified date as an ISO timestamp in UTC.
            "verified_at" => DateTime.TryParse(value, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc) ? When(utc) : value,
            _ => value,
        };
        return shown.Length > 300 ? shown[..300] + "…" : shown;
    }

    static string Names(string joined, Func<string, string?> name) =>
        string.Join(", ", joined.Split(',').Select(v => name(v) ?? v));

    static string Text(int id) => id.ToString(CultureInfo.InvariantCulture);
}
