using SociaalPlein.Data.Bezoekers;

namespace SociaalPlein.Tests.Bezoekers;

/// <summary>The card shows a birth year only as an age band (design.md §4).</summary>
public sealed class DemographicsTests
{
    static readonly DateOnly Today = new(2026, 11, 23);

    [TestCase(1961, "60–69 jaar")]
    [TestCase(1997, "18–29 jaar")]
    [TestCase(1996, "30–39 jaar")]
    [TestCase(2009, "Jonger dan 18 jaar")]
    [TestCase(2008, "18–29 jaar")]
    [TestCase(1946, "80 jaar of ouder")]
    [TestCase(1947, "70–79 jaar")]
    [TestCase(null, "Leeftijd onbekend")]
    public void Birth_year_is_shown_as_the_age_band_of_this_years_birthday(int? birthYear, string band)
    {
        Assert.That(Demographics.AgeBand(birthYear, Today), Is.EqualTo(band));
    }
}
