using System.Globalization;
using System.Text;
using Bogus;

namespace SociaalPlein.Data.Demo;

/// <summary>
/// A family of names with the languages its bearers often speak besides Dutch. Dutch first names come from
/// Bogus's "nl" locale; Bogus has no Moroccan, Turkish or Surinamese names, so those are listed here.
/// </summary>
internal sealed record NameOrigin(int Weight, string[] Female, string[] Male, string[] Surnames, (string Code, float Chance)[] Languages);

internal sealed record DemoPerson(string Name, string FirstName, string LastName, IReadOnlyList<string> Languages);

internal static class DemoNames
{
    // Bogus's "nl" surnames lack their tussenvoegsel ("Vries", "Berg"), so the Dutch surnames are ours too.
    static readonly string[] DutchSurnames =
    [
        "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
        "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "van der Meer",
        "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van Dijk", "Willems", "Verhoeven",
        "Koster", "Prins", "Kuipers", "Maas", "Verbeek", "van Wijk", "Hoekstra", "Schouten", "van Rooij", "Aarts",
        "Oomen", "Huijbregts", "van Gils", "de Bruijn", "van 't Hof", "Goossens", "Snoeren",
    ];

    public static readonly NameOrigin[] Origins =
    [
        new(62, [], [], DutchSurnames, [("en", 0.55f), ("de", 0.12f), ("fr", 0.05f), ("es", 0.04f)]),
        new(10, ["Fatima", "Khadija", "Samira", "Naima", "Hanan", "Loubna", "Soumaya", "Imane", "Nadia", "Malika"],
            ["Mohamed", "Youssef", "Karim", "Bilal", "Hamza", "Mustafa", "Said", "Rachid", "Anouar", "Driss"],
            ["El Amrani", "Bouzid", "Ouali", "Benali", "El Idrissi", "Ait Taleb", "Azzouzi", "El Khattabi", "Haddou", "Boukhari",
             "Amrani", "Chaara", "El Ouazzani", "Lamrabet", "Tahiri", "Zerouali"],
            [("ar", 0.75f), ("tzm", 0.45f), ("fr", 0.2f), ("en", 0.4f)]),
        new(8, ["Ayşe", "Elif", "Zeynep", "Fatma", "Esra", "Büşra", "Merve", "Hatice"],
            ["Mehmet", "Emre", "Murat", "Hasan", "Burak", "Kemal", "Serkan", "Yusuf"],
            ["Yılmaz", "Demir", "Kaya", "Şahin", "Çelik", "Öztürk", "Aydın", "Arslan", "Doğan", "Koç", "Yıldız", "Aksoy", "Kurt", "Polat"],
            [("tr", 0.9f), ("en", 0.5f)]),
        new(5, ["Shanti", "Sharmila", "Priya", "Sharon", "Gisela"], ["Ravi", "Anand", "Glenn", "Rodney", "Kenneth"],
            ["Ramdin", "Sewnath", "Jagesar", "Biharie", "Pinas", "Aloema", "Kartosen"], [("srn", 0.6f), ("en", 0.5f)]),
        new(3, ["Ruthmila", "Jennifer", "Suhaily", "Giselle"], ["Jermaine", "Ricardo", "Quincy", "Shurwen"],
            ["Martina", "Statia", "Rosalia", "Maduro", "Isenia", "Coffie"], [("pap", 0.85f), ("es", 0.3f), ("en", 0.6f)]),
        new(4, ["Katarzyna", "Agnieszka", "Magdalena", "Joanna"], ["Piotr", "Tomasz", "Paweł", "Marek"],
            ["Nowak", "Mazur", "Wójcik", "Kaczmarek", "Zając", "Kowal", "Krawczyk", "Pawlak", "Dudek", "Sikora"], [("pl", 0.95f), ("en", 0.6f)]),
        new(3, ["Hodan", "Ayaan", "Sahra", "Faadumo"], ["Abdi", "Mahad", "Liban", "Abdirahman"],
            ["Farah", "Warsame", "Hassan", "Jama", "Abdullahi"], [("so", 0.9f), ("ar", 0.25f), ("en", 0.6f)]),
        new(2, ["Semhar", "Senait", "Ruta", "Helen"], ["Yonas", "Dawit", "Filmon", "Robel"],
            ["Tesfay", "Gebremedhin", "Haile", "Kidane", "Berhane"], [("ti", 0.95f), ("en", 0.5f)]),
        new(3, ["Olena", "Iryna", "Oksana", "Tetiana"], ["Andriy", "Oleksandr", "Dmytro", "Serhiy"],
            ["Kovalenko", "Shevchenko", "Bondarenko", "Melnyk", "Tkachenko"], [("uk", 0.95f), ("ru", 0.5f), ("en", 0.5f)]),
    ];

    public static DemoPerson Person(Faker faker)
    {
        var r = faker.Random;
        var origin = r.Weighted(Origins, o => o.Weight);
        var female = r.Bool(0.62f); // the field's workforce is mostly women
        var first = origin.Female.Length == 0
            ? faker.Name.FirstName(female ? Bogus.DataSets.Name.Gender.Female : Bogus.DataSets.Name.Gender.Male)
            : r.ArrayElement(female ? origin.Female : origin.Male);
        var last = r.ArrayElement(origin.Surnames);
        var languages = new List<string> { "nl" };
        foreach (var (code, chance) in origin.Languages)
            if (r.Bool(chance)) languages.Add(code);
        return new DemoPerson($"{first} {last}", first, last, languages);
    }

    /// <summary>"Ayşe van 't Hof" → "ayse.vanthof": e-mail addresses stay plain ASCII.</summary>
    public static string EmailLocalPart(string firstName, string lastName) =>
        $"{Ascii(firstName)}.{Ascii(lastName)}";

    static string Ascii(string text)
    {
        var folded = text.ToLowerInvariant().Replace('ı', 'i').Replace('ł', 'l').Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(folded.Length);
        foreach (var c in folded)
            if (c is >= 'a' and <= 'z' && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) sb.Append(c);
        return sb.ToString();
    }

    /// <summary>A Dutch mobile number as people write it, e.g. "06 12345678".</summary>
    public static string Mobile(Randomizer r) => $"06 {r.Number(10_000_000, 99_999_999)}";

    /// <summary>A landline as "010 123 4567"; the area code says the town.</summary>
    public static string Landline(Randomizer r, string areaCode) =>
        $"{areaCode} {r.Number(200, 899)} {r.Number(0, 9999):0000}";

    public static readonly IReadOnlyDictionary<string, (string AreaCode, string PostcodePrefix, int From, int To)> Cities =
        new Dictionary<string, (string, string, int, int)>
        {
            // Four-digit postcode ranges of the towns (Schiedam 311x, Etten-Leur 487x).
            ["Schiedam"] = ("010", "311", 1, 9),
            ["Etten-Leur"] = ("076", "487", 1, 6),
            ["Rotterdam"] = ("010", "30", 11, 89),
            ["Breda"] = ("076", "48", 11, 41),
        };

    /// <summary>A full postcode such as "3117 AB" within the city's range.</summary>
    public static string Postcode(Randomizer r, string city)
    {
        var (_, prefix, from, to) = Cities[city];
        // Dutch postcodes skip F, I, O, Q, U, Y (and SA, SD, SS, so we leave out S altogether).
        const string letters = "ABCDEGHJKLMNPRTVWXZ";
        return $"{prefix}{r.Number(from, to)} {letters[r.Number(0, letters.Length - 1)]}{letters[r.Number(0, letters.Length - 1)]}";
    }
}
