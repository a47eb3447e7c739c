using SociaalPlein.Data.Nieuwsbrief;

namespace SociaalPlein.Tests.Nieuwsbrief;

/// <summary>Figures as the queries would return them, built by hand: a typical plein, and the extremes the layout must survive.</summary>
static class NewsletterSamples
{
    public static readonly Quarter Q3 = new(2026, 3);
    public static readonly DateOnly MadeOn = new(2026, 10, 12);

    public static readonly string[] Leefgebieden =
    [
        "financiën", "werk & opleiding", "dagbesteding", "huisvesting", "huiselijke relaties & gezin",
        "geestelijke gezondheid", "lichamelijke gezondheid", "middelengebruik & verslaving", "dagelijkse zelfzorg",
        "sociaal netwerk & eenzaamheid", "maatschappelijke participatie", "taal & digitale vaardigheden",
        "justitie & veiligheid",
    ];

    static readonly PleinRef Nieuwland = new(1, "Sociaal Plein Nieuwland", "Breda");

    /// <summary>A plein in an ordinary quarter; some counts are 1–4 (listed in <see cref="HiddenValues"/>), none else is.</summary>
    public static NewsletterFigures Typical(PleinRef? plein = null) => new(
        new NewsletterScope([plein ?? Nieuwland]),
        Q3,
        Current: new KeyFigures(UniqueVisitors: 1_284, NewVisitors: 317, Visits: 2_941, SpreekuurVisits: 1_870,
            InloopVisits: 1_071, Referrals: 856, FrequentVisitors: 3, ActiveProfessionals: 96, ActiveOrganisations: 38,
            NewMembers: 7),
        Previous: new KeyFigures(1_190, 342, 2_705, 1_660, 1_045, 790, 11, 91, 37, 4),
        ReferralsPerLeefgebied: Leefgebieden.Select((name, i) => new NamedCount(name, i switch
        {
            0 => 212, 1 => 64, 2 => 41, 3 => 118, 4 => 57, 5 => 96, 6 => 88, 7 => 23, 8 => 4, 9 => 79, 10 => 35,
            11 => 39, _ => 0,
        })).ToList(),
        DomeinFlows: Flows([[41, 188, 96, 12], [97, 64, 71, 9], [38, 52, 27, 6], [7, 11, 8, 3], [22, 61, 43, 0]]),
        TopOrganisationFlows:
        [
            new("Huisartsenpraktijk De Linde", "Wijkteam Nieuwland", 74),
            new("Wijkteam Nieuwland", "Stichting Welzijn Breda", 52),
            new("Huisartsenpraktijk De Linde", "Welzijn op Recept", 48),
            new("GGD West-Brabant", "Wijkteam Nieuwland", 33),
            new("Fysiotherapie Haagse Beemden", "Beweegcoach Nieuwland", 27),
            new("Wijkteam Nieuwland", "Schuldhulpverlening Gemeente Breda", 25),
            new("Huisartsenpraktijk Het Anker", "Wijkteam Nieuwland", 21),
            new("Stichting Welzijn Breda", "Taalhuis Breda", 14),
            new("Thuiszorg West-Brabant", "Maatschappelijk werk Surplus", 9),
            new("Surplus Welzijn", "Voedselbank Breda", 2),
        ],
        Outcomes: new ReferralOutcomes(Total: 856, Afgerond: 412, Afgewezen: 37, NietBereikt: 29, Open: 378,
            WithContact: 503, MedianDaysToContact: 6),
        AgeBands:
        [
            new("Jonger dan 18 jaar", 2), new("18–29 jaar", 182), new("30–39 jaar", 211), new("40–49 jaar", 236),
            new("50–59 jaar", 248), new("60–69 jaar", 197), new("70–79 jaar", 131), new("80 jaar of ouder", 62),
            new("Leeftijd onbekend", 15),
        ],
        Genders: [new("vrouw", 702), new("man", 561), new("anders", 3), new("onbekend", 18)],
        Wijken:
        [
            new("Haagse Beemden", 388), new("Hoge Vucht", 301), new("Noord", 214), new("Centrum", 143),
            new("Princenhage", 97), new("Ginneken", 52), new("Overig of onbekend", 89),
        ],
        // The plein started referring in the second of these quarters: the first has 3.
        Trend: Q3.LastQuarters(8).Select((q, i) => new QuarterTrend(q, 640 + i * 92, 1_380 + i * 221, i == 0 ? 3 : 420 + i * 62)).ToList(),
        PerPlein: []);

    /// <summary>A plein's first quarter with nothing registered yet: zeros and empty lists everywhere.</summary>
    public static NewsletterFigures Empty()
    {
        var none = new KeyFigures(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        return new NewsletterFigures(new NewsletterScope([Nieuwland]), Q3, none, none, [], [], [],
            new ReferralOutcomes(0, 0, 0, 0, 0, 0, null), [], [], [],
            Q3.LastQuarters(8).Select(q => new QuarterTrend(q, 0, 0, 0)).ToList(), []);
    }

    /// <summary>The counts from 1 to 4 in <see cref="Typical"/>; each must print as "&lt;5".</summary>
    public static readonly long[] HiddenValues = [3, 4, 2];

    /// <summary>A region of <paramref name="count"/> pleinen with names of <paramref name="nameLength"/> characters.</summary>
    public static NewsletterFigures Region(int count, int nameLength)
    {
        var pleinen = Enumerable.Range(1, count)
            .Select(i => new PleinRef(i, Long($"Sociaal Plein {i:00} ", nameLength), "Gemeente " + i)).ToList();
        var typical = Typical();
        return typical with
        {
            Scope = new NewsletterScope(pleinen),
            PerPlein = pleinen.Select((p, i) => new PleinKeyFigures(p, typical.Current with { Referrals = 40 + i * 13, FrequentVisitors = i % 4 })).ToList(),
        };
    }

    /// <summary>A typical plein whose every name is as long as the database allows, with every line of text at its worst.</summary>
    public static NewsletterFigures Extreme()
    {
        var typical = Typical(new PleinRef(1, Long("Sociaal Plein Nieuwland-Noordoost ", 120), Long("Gemeente ", 60)));
        return typical with
        {
            ReferralsPerLeefgebied = typical.ReferralsPerLeefgebied
                .Select((c, i) => c with { Name = i % 3 == 0 ? Long(c.Name + " ", 80) : c.Name }).ToList(),
            TopOrganisationFlows = typical.TopOrganisationFlows
                .Select((f, i) => f with { From = Long($"Organisatie {i} met een naam ", 160), To = new string('W', 160) }).ToList(),
            Wijken = typical.Wijken.Select(w => w with { Name = Long(w.Name + " ", 100) }).ToList(),
        };
    }

    /// <summary>A note of 1,500 characters with no space to break at.</summary>
    public static readonly string NoteWithoutSpaces = string.Concat(Enumerable.Repeat("Verwijzingsstroom", 89)).PadRight(1_500, 'x');

    public const string Note =
        "Beste partners,\n\nDit kwartaal zagen we meer bezoekers dan ooit, vooral op de inloop van dinsdagochtend. " +
        "Dank aan iedereen die daarvoor extra uren heeft gemaakt. Let op: vanaf november verhuist het spreekuur van het " +
        "wijkteam naar zaal 2.\n\nMet vriendelijke groet,\nAnouk de Vries, projectleider";

    static string Long(string start, int length) =>
        string.Concat(Enumerable.Repeat(start, length / Math.Max(1, start.Length) + 1))[..length].TrimEnd() is var s && s.Length == length
            ? s : s.PadRight(length, 'x');

    static List<DomeinFlow> Flows(long[][] matrix)
    {
        string[] from = [.. Domeinen.Codes, Domeinen.EigenInitiatief];
        return [.. from.SelectMany((f, r) => Domeinen.Codes.Select((t, c) => new DomeinFlow(f, t, matrix[r][c])))];
    }
}
