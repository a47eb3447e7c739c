namespace SociaalPlein.Data.Bezoekers;

/// <summary>
/// How a visitor's minimal demographics are shown (design.md §4): the birth year only ever as an age band, so that a
/// card on a screen at the desk does not read as an exact date of birth.
/// </summary>
public static class Demographics
{
    /// <summary>
    /// "60–69 jaar": the age the visitor turns this year, in bands of ten (with "jonger dan 18" and "80 jaar of ouder"
    /// at the ends). Only the birth year is stored, so the band is the one of this year's birthday.
    /// </summary>
    public static string AgeBand(int? birthYear, DateOnly today) =>
        AgeBandOfAge(birthYear is int year ? today.Year - year : null);

    /// <summary>The band of an age in years (the age turned that year); unknown or negative ages are "Leeftijd onbekend".</summary>
    public static string AgeBandOfAge(int? age) => age switch
    {
        null or < 0 => Unknown,
        < 18 => "Jonger dan 18 jaar",
        < 30 => "18–29 jaar",
        >= 80 => "80 jaar of ouder",
        _ => Bands[age.Value / 10],
    };

    public const string Unknown = "Leeftijd onbekend";

    /// <summary>Every band, youngest first, with "Leeftijd onbekend" last: the values an export's codebook lists.</summary>
    public static IReadOnlyList<string> AllAgeBands =>
        ["Jonger dan 18 jaar", "18–29 jaar", .. Bands[3..8], "80 jaar of ouder", Unknown];

    // Made once: the dataset export asks for a band on every row.
    static readonly string[] Bands = Enumerable.Range(0, 8).Select(d => $"{d * 10}–{d * 10 + 9} jaar").ToArray();

    public static string Gender(string gender) => gender switch
    {
        "man" => "Man",
        "vrouw" => "Vrouw",
        "anders" => "Anders",
        _ => "Onbekend",
    };
}
