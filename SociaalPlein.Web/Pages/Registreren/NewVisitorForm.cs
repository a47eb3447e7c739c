using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using SociaalPlein.Data.Registreren;

namespace SociaalPlein.Web.Pages.Registreren;

/// <summary>A new visitor as posted: only the minimal demographics of design.md §4, and the form's request id.</summary>
public sealed class NewVisitorInput
{
    public Guid RequestId { get; set; }
    public string? PleinId { get; set; }
    public string? BirthYear { get; set; }
    public string? Gender { get; set; } = "onbekend";
    public string? Postcode { get; set; }
    public string? WijkId { get; set; }
}

public static partial class NewVisitorForm
{
    public static readonly IReadOnlyList<(string Value, string Text)> Genders =
        [("vrouw", "Vrouw"), ("man", "Man"), ("anders", "Anders"), ("onbekend", "Onbekend / zegt liever niet")];

    public static string Key(string field) => $"Nieuw.{field}";

    /// <summary>The visitor to create, or null with a Dutch message next to each wrong field.</summary>
    public static NewVisitor? Read(NewVisitorInput input, DeskChoices choices, DateOnly today, ModelStateDictionary state)
    {
        var errors = state.ErrorCount;
        var plein = choices.Pleinen.Count == 1 ? choices.Pleinen[0].Id : VisitForm.PositiveNumber(input.PleinId);
        if (plein is null || choices.Pleinen.All(p => p.Id != plein))
            state.AddModelError(Key("PleinId"), "Kies het plein waar de bezoeker komt.");

        int? birthYear = null;
        if (!string.IsNullOrWhiteSpace(input.BirthYear))
        {
            birthYear = VisitForm.PositiveNumber(input.BirthYear);
            if (birthYear is null || birthYear < 1900 || birthYear > today.Year)
                state.AddModelError(Key("BirthYear"), $"Vul een geboortejaar in van 1900 tot en met {today.Year}, of laat het leeg als het onbekend is.");
        }
        if (Genders.All(g => g.Value != input.Gender))
            state.AddModelError(Key("Gender"), "Kies vrouw, man, anders of onbekend.");

        var postcode = string.IsNullOrWhiteSpace(input.Postcode) ? null : input.Postcode.Trim();
        if (postcode is not null && !FourDigits().IsMatch(postcode))
            state.AddModelError(Key("Postcode"), "Vul alleen de vier cijfers van de postcode in, bijvoorbeeld 3118 (zonder letters).");

        int? wijk = null;
        if (!string.IsNullOrWhiteSpace(input.WijkId))
        {
            wijk = VisitForm.PositiveNumber(input.WijkId);
            if (wijk is null || choices.Wijken.All(w => w.Id != wijk || w.PleinId != plein))
                state.AddModelError(Key("WijkId"), "Kies een wijk van dit plein.");
        }
        if (state.ErrorCount > errors) return null;
        return new NewVisitor(input.RequestId, plein!.Value, birthYear, input.Gender!, postcode, wijk);
    }

    [GeneratedRegex("^[1-9][0-9]{3}$")]
    private static partial Regex FourDigits();
}

/// <summary>How the desk shows a visitor in one line: an age band instead of the birth year, gender in words.</summary>
public static class VisitorText
{
    /// <summary>The same bands as the visitor card (Demographics), so a visitor reads alike everywhere.</summary>
    public static string AgeBand(int? birthYear, DateOnly today) => SociaalPlein.Data.Bezoekers.Demographics.AgeBand(birthYear, today);

    public static string Gender(string gender) => gender switch
    {
        "vrouw" => "vrouw",
        "man" => "man",
        "anders" => "anders",
        _ => "geslacht onbekend",
    };

    public static string Where(VisitorSummary v) => Where(v.Postcode, v.Wijk);

    public static string Where(string? postcode, string? wijk) =>
        (postcode, wijk) switch
        {
            (not null, not null) => $"postcode {postcode}, wijk {wijk}",
            (not null, null) => $"postcode {postcode}",
            (null, not null) => $"wijk {wijk}",
            _ => "woonplaats onbekend",
        };
}
