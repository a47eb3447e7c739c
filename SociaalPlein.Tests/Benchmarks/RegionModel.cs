using SociaalPlein.Data.Demo;

namespace SociaalPlein.Tests.Benchmarks;

/// <summary>The first id free in each table before the load, and the default leefgebieden's ids.</summary>
/// <param name="Leefgebieden">Ids in the order of <see cref="RegionModel.LeefgebiedCodes"/>.</param>
public sealed record RegionBases(
    int Plein, int Wijk, int Organisation, int Professional, int User, int Spreekuur, int Visitor, int Visit, int Referral, long StatusEvent,
    int[] Leefgebieden);

/// <summary>
/// What every row of a generated region is. Every value is <see cref="H"/>, a hash of the row's number and a salt, so
/// any row can be computed on its own: a referral recomputes its visit's visitor and date instead of looking them up,
/// and the tables can be written at once on several connections. Ids follow the tables' current maximum
/// (<see cref="RegionBases"/>), so rows refer to each other by arithmetic. Statuses follow the closed loop with events at
/// realistic intervals, cut off at <see cref="Now"/> (18:00 on <see cref="RegionScale.EndsOn"/>).
/// </summary>
public sealed class RegionModel
{
    /// <summary>The default leefgebieden (db/0008) with their share of visits and referrals, in percent.</summary>
    static readonly (string Code, int Percent)[] Weights =
    [
        ("financien", 20), ("werk_opleiding", 8), ("dagbesteding", 5), ("huisvesting", 12), ("huiselijke_relaties", 9),
        ("geestelijke_gezondheid", 12), ("lichamelijke_gezondheid", 10), ("middelengebruik", 4), ("dagelijkse_zelfzorg", 4),
        ("sociaal_netwerk", 8), ("maatschappelijke_participatie", 3), ("taal_digitaal", 3), ("justitie_veiligheid", 2),
    ];

    /// <summary>For each percent, the leefgebied (index into <see cref="Weights"/>) it falls in.</summary>
    static readonly int[] LeefgebiedByPercent = Weights.SelectMany((w, i) => Enumerable.Repeat(i, w.Percent)).ToArray();

    public static string[] LeefgebiedCodes => Weights.Select(w => w.Code).ToArray();

    static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
    static readonly (string Text, string? Category)[] Zorgvragen = DemoZorgvragen.ByLeefgebied.Values.SelectMany(v => v).ToArray();

    readonly RegionScale _s;
    readonly RegionBases _b;
    readonly int _run;
    readonly DateOnly _firstDay;
    readonly TimeSpan[] _offsets;

    /// <summary>The professionals (1-based numbers) of each plein (0-based), in order.</summary>
    readonly int[][] _professionalsOf;

    public RegionModel(RegionScale scale, RegionBases bases, int run)
    {
        _s = scale;
        _b = bases;
        _run = run;
        Now = new DateTime(scale.EndsOn, new TimeOnly(18, 0), DateTimeKind.Utc);
        // Local times become instants through the day's UTC offset (every time used is well after the 03:00 switch).
        _firstDay = scale.StartsOn.AddDays(-60);
        _offsets = Enumerable.Range(0, scale.EndsOn.DayNumber - _firstDay.DayNumber + 120)
            .Select(d => Amsterdam.GetUtcOffset(_firstDay.AddDays(d).ToDateTime(new TimeOnly(12, 0)))).ToArray();
        _professionalsOf = Enumerable.Range(1, scale.Professionals).GroupBy(PleinOfProfessional)
            .OrderBy(g => g.Key).Select(g => g.ToArray()).ToArray();
    }

    public RegionScale Scale => _s;
    public RegionBases Bases => _b;
    public DateTime Now { get; }

    /// <summary>A non-negative 31-bit hash of a row number and a salt (SplitMix64's finaliser).</summary>
    public static int H(long n, int salt)
    {
        var z = (ulong)n * 0x9E3779B97F4A7C15UL + (ulong)salt * 0xD1B54A32D192ED03UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }

    /// <summary>The leefgebied id a hash picks: financiën most, justitie least, as at a real plein.</summary>
    public int Leefgebied(int hash) => _b.Leefgebieden[LeefgebiedByPercent[hash % 100]];

    /// <summary>The n-th leefgebied after <paramref name="index"/> (1–12 steps on, so never the same one).</summary>
    int OtherLeefgebied(int index, int steps) => _b.Leefgebieden[(index + steps) % Weights.Length];

    public DateTime Instant(DateOnly day, TimeOnly local) => DateTime.SpecifyKind(day.ToDateTime(local) - _offsets[day.DayNumber - _firstDay.DayNumber], DateTimeKind.Utc);

    /// <summary>A request id (the forms' idempotency token): unique per table and row, the same within one run.</summary>
    public Guid RequestId(short table, long n) =>
        new(_run, table, 0x4000, 0x80, 0, (byte)(n >> 40), (byte)(n >> 32), (byte)(n >> 24), (byte)(n >> 16), (byte)(n >> 8), (byte)n);

    // ---- Pleinen, organisations, professionals ----

    public int PleinId(int pn) => _b.Plein + pn;
    public static string PleinName(int pn) => $"Sociaal Plein Regio {pn:00}";
    public int WijkId(int pn, int w) => _b.Wijk + (pn - 1) * _s.WijkenPerPlein + w;
    public int OrganisationId(int o) => _b.Organisation + o;

    static readonly string[] Kinds =
    [
        "huisartsenpraktijk", "huisartsenpraktijk", "fysiotherapie", "wijkverpleging", "apotheek", "ggz",
        "wijkteam", "schuldhulpverlening", "maatschappelijk werk", "wijkteam", "jeugdhulp", "woningcorporatie", "werk en inkomen",
        "welzijnswerk", "welzijn op recept", "buurthuis", "vrijwilligerscentrale", "mantelzorgsteunpunt", "bibliotheek", "sportvereniging",
    ];

    public static string OrganisationKind(int o) => Kinds[o % 20];
    public static string OrganisationDomein(int o) => (o % 20) switch { < 6 => "medisch", < 13 => "sociaal", < 18 => "welzijn", _ => "overig" };

    /// <summary>The pleinen (numbers) an organisation works at: one, and every fifth a second.</summary>
    public IEnumerable<int> PleinenOfOrganisation(int o)
    {
        yield return (o - 1) % _s.Pleinen + 1;
        if (o % 5 == 0 && _s.Pleinen > 1) yield return o % _s.Pleinen + 1;
    }

    public int ProfessionalId(int i) => _b.Professional + i;
    public int AccountOf(int i) => _b.User + i;
    public int ProjectleiderAccount(int pn) => _b.User + _s.Professionals + pn;
    public int OrganisationOfProfessional(int i) => (i - 1) % _s.Organisations + 1;
    public int PleinOfProfessional(int i) => (OrganisationOfProfessional(i) - 1) % _s.Pleinen + 1;

    static readonly string[] FirstNames = ["Anna", "Mohamed", "Fatima", "Jan", "Sanne", "Youssef", "Kees", "Ayşe", "Piet", "Noor"];
    static readonly string[] LastNames = ["de Vries", "Jansen", "El Amrani", "Bakker", "Yılmaz", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos", "Kaya"];
    static readonly string[] Functions =
        ["Huisarts", "Praktijkondersteuner", "Wijkverpleegkundige", "Maatschappelijk werker", "Schuldhulpverlener", "Welzijnscoach", "Jongerenwerker", "Consulent werk en inkomen"];
    static readonly string[] Topics = ["geld en schulden", "gezondheid", "eenzaamheid", "wonen", "opvoeding"];
    static readonly string[] SecondLanguages = ["ar", "tr", "en", "pl", "so", "uk"];

    public static string ProfessionalName(int i) => $"{FirstNames[i % 10]} {LastNames[i / 10 % 12]}";
    public static string ProfessionalFunction(int i) => Functions[i % 8];
    public static string ProfessionalAbout(int i) => $"Ik help bewoners met vragen over {Topics[i % 5]}.";

    /// <summary>One to three different leefgebieden per professional, weighted like the visits.</summary>
    public IEnumerable<int> LeefgebiedenOfProfessional(int i)
    {
        var first = LeefgebiedByPercent[H(i, 30) % 100];
        yield return _b.Leefgebieden[first];
        if (i % 3 >= 1) yield return OtherLeefgebied(first, 1 + H(i, 31) % 6);
        if (i % 3 == 2) yield return OtherLeefgebied(first, 7 + H(i, 32) % 6);
    }

    /// <summary>Dutch, and for a third a second language.</summary>
    public static IEnumerable<string> LanguagesOfProfessional(int i)
    {
        yield return "nl";
        if (i % 3 == 0) yield return SecondLanguages[i / 3 % 6];
    }

    public int WijkOfProfessional(int i) => WijkId(PleinOfProfessional(i), 1 + H(i, 33) % _s.WijkenPerPlein);

    /// <summary>The k-th professional (0-based) of plein <paramref name="pn"/>, and how many it has.</summary>
    int ProfessionalAt(int pn, int k) => _professionalsOf[pn - 1][k];
    int ProfessionalsAt(int pn) => _professionalsOf[pn - 1].Length;

    /// <summary>Spreekuur <paramref name="s"/> (1-based) of plein <paramref name="pn"/>: held by its (s−1)-th professional.</summary>
    public (int Id, int Professional, string Kind) Spreekuur(int pn, int s) =>
        (_b.Spreekuur + (pn - 1) * _s.SpreekurenPerPlein + s, ProfessionalAt(pn, (s - 1) % ProfessionalsAt(pn)), s % 3 == 0 ? "inloop" : "spreekuur");

    // ---- Visitors and visits ----

    /// <summary>Visitor <paramref name="i"/> (1-based) is at plein (i − 1) mod P + 1 and first came on a day of the period.</summary>
    public (int I, int Pn, DateOnly First) Visitor(int i) => (i, (i - 1) % _s.Pleinen + 1, _s.StartsOn.AddDays(H(i, 1) % _s.Days));

    public int VisitorId(int i) => _b.Visitor + i;

    /// <summary>The professional (1-based number) who registered visitor <paramref name="i"/>: one of the plein's.</summary>
    public int RegistrarOfVisitor(int i, int pn) => ProfessionalAt(pn, H(i, 8) % ProfessionalsAt(pn));

    /// <summary>Visit k's visitor: the first visits are the visitors' own first visits, the rest at random.</summary>
    public (int I, int Pn, DateOnly First) VisitorOfVisit(int k) => Visitor(k <= _s.Visitors ? k : 1 + H(k, 3) % _s.Visitors);

    /// <summary>Visit k's date: its visitor's first visit, or a day between that and the end.</summary>
    public DateOnly VisitDate(int k, DateOnly first) =>
        k <= _s.Visitors ? first : first.AddDays(H(k, 4) % (_s.EndsOn.DayNumber - first.DayNumber + 1));

    public int VisitId(int k) => _b.Visit + k;

    /// <summary>Visit k's spreekuur (1-based) at its plein.</summary>
    public int SpreekuurOfVisit(int k) => 1 + H(k, 5) % _s.SpreekurenPerPlein;

    /// <summary>Visit k's leefgebieden: one, and for 40% a second.</summary>
    public (int First, int? Second) LeefgebiedenOfVisit(int k)
    {
        var first = LeefgebiedByPercent[H(k, 6) % 100];
        return (_b.Leefgebieden[first], H(k, 8) % 100 < 40 ? OtherLeefgebied(first, 1 + H(k, 7) % 12) : null);
    }

    // ---- Referrals and their closed loop ----

    /// <summary>Referral n (1-based, the hot plein-quarter's after the spread ones) and its closed loop.</summary>
    public GeneratedReferral ReferralAt(int n)
    {
        var (pn, on, visitor, visit) = n <= _s.Referrals ? Spread(n) : Hot(n - _s.Referrals);
        var count = ProfessionalsAt(pn);
        var fromK = H(n, 17) % count;
        var from = ProfessionalAt(pn, fromK);
        var to = ProfessionalAt(pn, (fromK + 1 + H(n, 18) % Math.Max(count - 1, 1)) % count);
        var fk = H(n, 16) % 100;
        var path = H(n, 20) % 100;
        var t0 = Instant(on, new TimeOnly(9, 0)).AddMinutes(H(n, 19) % 480);
        var accepted = t0.AddHours(2 + H(n, 21) % 96);
        DateTime? a = path < 62 || path is >= 70 and <= 79 or >= 84 and <= 95 ? accepted : null;
        DateTime? c = path < 62 || path is >= 84 and <= 89 ? accepted.AddDays(1 + H(n, 22) % 14) : null;
        DateTime? x = path is >= 62 and <= 69 ? t0.AddDays(1 + H(n, 25) % 7) : null;
        DateTime? nr = path is >= 70 and <= 79 ? accepted.AddDays(7 + H(n, 23) % 21) : null;
        DateTime? g = path is >= 80 and <= 83 ? t0.AddDays(1 + H(n, 26) % 5) : null;
        DateTime? d = path < 62 ? c!.Value.AddDays(3 + H(n, 24) % 45) : null;
        var outcome = (H(n, 27) % 100) switch { < 70 => "geholpen", < 85 => "doorverwezen", < 95 => "niet_verschenen", _ => "anders" };
        var reason = path < 70
            ? (H(n, 28) % 2 == 0 ? "Geen capaciteit: wachtlijst van enkele maanden" : "Past niet bij aanbod")
            : (H(n, 28) % 2 == 0 ? "Niet bereikbaar" : "Drie keer gebeld, geen gehoor");
        var createdBy = fk < 75 ? AccountOf(from) : ProjectleiderAccount(pn);
        var toAccount = AccountOf(to);
        bool Happened(DateTime? at) => at <= Now;
        // In order; only what has happened by now.
        var events = new List<StatusEvent>(4) { new("verzonden", null, null, createdBy, t0) };
        if (Happened(a)) events.Add(new("geaccepteerd", null, null, toAccount, a!.Value));
        if (Happened(c)) events.Add(new("contact_gelegd", null, null, toAccount, c!.Value));
        if (Happened(d)) events.Add(new("afgerond", outcome, null, toAccount, d!.Value));
        if (Happened(x)) events.Add(new("afgewezen", null, reason, toAccount, x!.Value));
        if (Happened(nr)) events.Add(new("niet_bereikt", null, reason, toAccount, nr!.Value));
        if (Happened(g)) events.Add(new("geannuleerd", null, null, createdBy, g!.Value));
        var last = events[^1];
        var zorgvraag = Zorgvragen[H(n, 31) % Zorgvragen.Length];
        return new GeneratedReferral(
            Id: _b.Referral + n, PleinId: PleinId(pn), On: on,
            VisitorId: visitor is { } v ? VisitorId(v) : null, VisitId: visit is { } k ? VisitId(k) : null,
            FromKind: fk switch { < 75 => "professional", < 90 => "organisation", _ => "eigen_initiatief" },
            FromProfessional: fk < 75 ? ProfessionalId(from) : null,
            FromOrganisation: fk < 90 ? OrganisationId(OrganisationOfProfessional(from)) : null,
            ToProfessional: H(n, 29) % 100 < 60 ? ProfessionalId(to) : null,
            ToOrganisation: OrganisationId(OrganisationOfProfessional(to)),
            Zorgvraag: zorgvraag.Text, Category: zorgvraag.Category, Leefgebied: Leefgebied(H(n, 32)),
            ConsentShareContact: H(n, 33) % 100 < 35, ConsentFeedback: H(n, 34) % 100 < 70, Spoed: H(n, 35) % 100 < 5,
            Status: last.Status, Outcome: last.Outcome, Reason: last.Reason, StatusChangedAt: last.At, CreatedBy: createdBy,
            RequestId: RequestId(3, n), CreatedAt: t0, Events: events);
    }

    /// <summary>
    /// A spread referral: 65% from a visit (its visitor, plein and date), 25% for a visitor without a visit (a day after
    /// their first visit), 10% without a visitor.
    /// </summary>
    (int Pn, DateOnly On, int? Visitor, int? Visit) Spread(int n)
    {
        var m = H(n, 10) % 100;
        if (m < 65)
        {
            var k = 1 + H(n, 11) % _s.Visits;
            var vv = VisitorOfVisit(k);
            return (vv.Pn, VisitDate(k, vv.First), vv.I, k);
        }
        if (m < 90)
        {
            var ww = Visitor(1 + H(n, 12) % _s.Visitors);
            return (ww.Pn, ww.First.AddDays(H(n, 13) % (_s.EndsOn.DayNumber - ww.First.DayNumber + 1)), ww.I, null);
        }
        return (1 + H(n, 14) % _s.Pleinen, _s.StartsOn.AddDays(H(n, 15) % _s.Days), null, null);
    }

    /// <summary>The hot plein-quarter's j-th: for one of that plein's visitors who had come by then (else without a visitor).</summary>
    (int Pn, DateOnly On, int? Visitor, int? Visit) Hot(int j)
    {
        var hot = _s.Hot!;
        var days = Math.Min(hot.Quarter.End.DayNumber, _s.EndsOn.DayNumber + 1) - hot.Quarter.Start.DayNumber;
        var on = hot.Quarter.Start.AddDays(H(j, 40) % days);
        var visitors = (_s.Visitors - hot.PleinNumber) / _s.Pleinen + 1;
        var v1 = Visitor(hot.PleinNumber + _s.Pleinen * (H(j, 41) % visitors));
        var v2 = Visitor(hot.PleinNumber + _s.Pleinen * (H(j, 42) % visitors));
        int? visitor = v1.First <= on ? v1.I : v2.First <= on ? v2.I : null;
        return (hot.PleinNumber, on, visitor, null);
    }
}

public sealed record StatusEvent(string Status, string? Outcome, string? Reason, int ChangedBy, DateTime At);

/// <summary>A generated referral with its status events, as <see cref="RegionModel.ReferralAt"/> computes it.</summary>
public sealed record GeneratedReferral(
    int Id, int PleinId, DateOnly On, int? VisitorId, int? VisitId, string FromKind, int? FromProfessional, int? FromOrganisation,
    int? ToProfessional, int ToOrganisation, string Zorgvraag, string? Category, int Leefgebied, bool ConsentShareContact,
    bool ConsentFeedback, bool Spoed, string Status, string? Outcome, string? Reason, DateTime StatusChangedAt, int CreatedBy,
    Guid RequestId, DateTime CreatedAt, IReadOnlyList<StatusEvent> Events);
