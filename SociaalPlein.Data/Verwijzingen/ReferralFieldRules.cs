using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Data.Verwijzingen;

/// <summary>
/// The rules for a referral's own fields, shared by the spreekuur form and <c>/verwijzingen/nieuw</c>, and kept equal
/// to the table's CHECKs (db/0004): each returns the cleaned value or a Dutch problem, so that bad input is a message
/// next to the field, never a refused INSERT. Lengths are counted as PostgreSQL counts them (characters, so an emoji
/// is one), after a browser's CRLF line breaks are taken as one, as the form's counter shows them.
/// </summary>
public static class ReferralFieldRules
{
    public const int ZorgvraagMax = 500;
    public const string ZorgvraagHint = "Geen medische gegevens: beschrijf de vraag, niet de diagnose.";

    public static int Length(string text) => text.EnumerateRunes().Count();

    public static string Zorgvraag(string? raw) => (raw ?? "").Replace("\r\n", "\n").Trim();

    public static string? ZorgvraagProblem(string zorgvraag) => Length(zorgvraag) switch
    {
        < 3 => "Beschrijf de zorgvraag in een paar woorden (minstens 3 tekens).",
        > ZorgvraagMax => $"De zorgvraag is hooguit {ZorgvraagMax} tekens; nu zijn het er {Length(zorgvraag)}.",
        _ => null,
    };

    public static string? Category(string? raw) => string.IsNullOrWhiteSpace(raw) ? null : raw.Trim();

    public static string? CategoryProblem(string? category) =>
        category is not null && Length(category) is < 2 or > 60 ? "Een categorie is 2 tot 60 tekens, of laat het veld leeg." : null;

    public const string ContactWithoutConsent =
        "Naam en telefoon bewaren we alleen met toestemming: vink de toestemming aan, of maak deze velden leeg.";

    public static string? ContactNameProblem(string name) =>
        Length(name) is < 2 or > 120 ? "Vul de naam van de bezoeker in (2 tot 120 tekens), of zet het delen van contactgegevens uit." : null;

    public static string? PhoneProblem(string phone) =>
        ContactFormat.IsPhone(phone) ? null : "Een telefoonnummer heeft alleen cijfers, spaties, +, haakjes en streepjes (hooguit 20 tekens).";
}
