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
    public static string AgeBand(int? birthYear, DateOnly today)
    {
        if (birthYear is not int year || year > today.Year) return "Leeftijd onbekend";
        var age = today.Year - year;
        return age switch
        {
            < 18 => "Jonger dan 18 jaar",
            < 30 => "18–29 jaar",
            >= 80 => "80 jaar of ouder",
            _ => $"{age / 10 * 10}–{age / 10 * 10 + 9} jaar",
        };
    }

    public static string Gender(string gender) => gender switch
    {
        "man" => "Man",
        "vrouw" => "Vrouw",
        "anders" => "Anders",
        _ => "Onbekend",
    };
}
