using Microsoft.AspNetCore.Mvc.ModelBinding;
using SociaalPlein.Data.Registreren;
using SociaalPlein.Data.Verwijzingen;

namespace SociaalPlein.Web.Pages.Registreren;

/// <summary>One choice of a typed picker: the text the list shows, the value the form stands for, and the bare name.</summary>
public sealed record NameOption(string Label, string Value, string Name);

/// <summary>
/// The desk's "Geholpen door" and "Van" are text fields with a list of suggestions (a datalist), not select boxes: a select
/// jumps to whatever option starts with the typed letters, so someone typing their own name, while not in the gids, got a
/// namesake without noticing. A typed text is matched exactly against the list (case and spacing aside): the full line
/// or the bare name. Nothing is guessed; a name that matches no one, or several, is answered next to the field.
/// A posted value (an id, <c>professional-12</c>, <c>eigen</c>) is taken as it is and checked as before, by the database.
/// </summary>
public sealed class DeskNames
{
    public IReadOnlyList<NameOption> HelpedBy { get; }
    public IReadOnlyList<NameOption> Van { get; }

    public DeskNames(VisitChoices c)
    {
        var helpedBy = new List<NameOption>();
        var van = new List<NameOption> { new("Eigen initiatief van de bezoeker", Party.Eigen.ToString(), "Eigen initiatief") };
        if (c.OwnFromElsewhere is { } own)
        {
            helpedBy.Add(new($"{own.Name} (ikzelf)", own.Id.ToString(), own.Name));
            van.Add(new($"{own.Name} (ikzelf)", Party.OfProfessional(own.Id).ToString(), own.Name));
        }
        foreach (var g in c.Groups)
        {
            van.Add(new($"{g.Organisation.Name} (de organisatie)", Party.OfOrganisation(g.Organisation.Id).ToString(), g.Organisation.Name));
            foreach (var p in g.Professionals)
            {
                var label = $"{p.Name}{(p.Id == c.Own?.Id ? " (ikzelf)" : "")}, {p.Function} ({g.Organisation.Name})";
                helpedBy.Add(new(label, p.Id.ToString(), p.Name));
                van.Add(new(label, Party.OfProfessional(p.Id).ToString(), p.Name));
            }
        }
        (HelpedBy, Van) = (Distinct(helpedBy), Distinct(van));
    }

    /// <summary>What the field shows: the line of a chosen value, or the text as it was typed.</summary>
    public static string? Shown(IReadOnlyList<NameOption> options, string? value) =>
        options.FirstOrDefault(o => o.Value == value?.Trim())?.Label ?? value;

    /// <summary>The professional's id for "Geholpen door" ("" when left empty), or null with a message next to the field.</summary>
    public string? HelpedById(string? typed, string key, ModelStateDictionary state) =>
        VisitForm.PositiveNumber(typed) is not null ? typed!.Trim() : Match(HelpedBy, typed, key, state, "Kies wie de bezoeker hielp uit de lijst, of laat het veld leeg.");

    /// <summary>The party code for "Van", or null with a message next to the field (it is required).</summary>
    public string? From(string? typed, string key, ModelStateDictionary state)
    {
        if (Party.TryParse(typed?.Trim(), out _)) return typed!.Trim();
        var value = Match(Van, typed, key, state, "Kies uit de lijst van wie de verwijzing komt, of eigen initiatief.");
        if (value == "") state.AddModelError(key, "Kies van wie de verwijzing komt, of eigen initiatief.");
        return value == "" ? null : value;
    }

    static string? Match(IReadOnlyList<NameOption> options, string? typed, string key, ModelStateDictionary state, string pick)
    {
        var text = Normal(typed);
        if (text == "") return "";
        var byLabel = options.Where(o => Same(o.Label, text)).ToList();
        if (byLabel.Count == 1) return byLabel[0].Value;
        var byName = options.Where(o => Same(o.Name, text)).ToList();
        if (byName.Count == 1) return byName[0].Value;
        state.AddModelError(key, byName.Count > 1
            ? $"Er staan {byName.Count} mensen met de naam \"{text}\" in de lijst: kies de goede, met functie en organisatie."
            : $"Niemand in de lijst heet \"{text}\". {pick}");
        return null;
    }

    // Two entries with the same line (a namesake with the same function at the same organisation) get a number, so
    // every line of the list still picks exactly one.
    static IReadOnlyList<NameOption> Distinct(List<NameOption> options) =>
        options.GroupBy(o => Normal(o.Label), StringComparer.OrdinalIgnoreCase)
            .SelectMany(g => g.Count() == 1 ? g : g.Select((o, i) => o with { Label = $"{o.Label} ({i + 1})" }))
            .ToList();

    static string Normal(string? text) => string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    static bool Same(string a, string normalTyped) => string.Equals(Normal(a), normalTyped, StringComparison.OrdinalIgnoreCase);
}
