namespace SociaalPlein.Data.Bezoekers;

/// <summary>
/// How a visitor's minimal demographics are shown (design.md §4): the birth year only ever as an age band, so that a
/// card on a screen at the desk does not read as an exact date of birth. The newsletter figures count visitors by the
/// same bands and genders (they pass <see cref="AgeBands"/> to SQL), and the export writes them, so a visitor reads
/// alike everywhere.
/// </summary>
public static class Demographics
{
    public const string UnknownAge = "Leeftijd onbekend";

    /// <summary>
    /// The age bands in order, each with the youngest age in it: bands of ten, with "jonger dan 18" and "80 jaar of
    /// ouder" at the ends.
    /// </summary>
    public static readonly IReadOnlyList<(int From, string Label)> AgeBands =
    [
        (0, "Jonger dan 18 jaar"),
        (18, "18–29 jaar"),
        (30, "30–39 jaar"),
        (40, "40–49 jaar"),
        (50, "50–59 jaar"),
        (60, "60–69 jaar"),
        (70, "70–79 jaar"),
        (80, "80 jaar of ouder"),
    ];

    /// <summary>Every band, youngest first, with "Leeftijd onbekend" last: the values an export's codebook lists.</summary>
    public static readonly IReadOnlyList<string> AllAgeBands = [.. AgeBands.Select(b => b.Label), UnknownAge];

    /// <summary>
    /// "60–69 jaar": the band of the age the visitor turns this year. Only the birth year is stored, so the band is the
    /// one of this year's birthday.
    /// </summary>
    public static string AgeBand(int? birthYear, DateOnly today) =>
        AgeBandOfAge(birthYear is int year ? today.Year - year : null);

    /// <summary>The band of an age in years (the age turned that year); an unknown or negative age is "Leeftijd onbekend".</summary>
    public static string AgeBandOfAge(int? age)
    {
        if (age is not int years || years < 0) return UnknownAge;
        // Searched from the oldest band down: the dataset export asks for a band on every row.
        for (var i = AgeBands.Count - 1; ; i--)
            if (years >= AgeBands[i].From) return AgeBands[i].Label;
    }

    /// <summary>The gender codes the visitor table allows, in the order figures list them.</summary>
    public static readonly IReadOnlyList<string> GenderCodes = ["vrouw", "man", "anders", "onbekend"];

    public static string Gender(string gender) => gender switch
    {
        "man" => "Man",
        "vrouw" => "Vrouw",
        "anders" => "Anders",
        _ => "Onbekend",
    };
}
