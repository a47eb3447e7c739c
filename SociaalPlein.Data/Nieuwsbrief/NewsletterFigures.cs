using System.Text.Json.Serialization;

namespace SociaalPlein.Data.Nieuwsbrief;

/// <summary>
/// Everything a quarterly newsletter (and the /dataset dashboard) shows, for one plein or a region of several. Raw
/// counts: every rendering prints them through <see cref="SmallCounts"/>. No free text ever (design.md §4): names
/// here are of pleinen, organisations, leefgebieden and wijken only.
/// </summary>
public sealed record NewsletterFigures(
    NewsletterScope Scope,
    Quarter Quarter,
    KeyFigures Current,
    KeyFigures Previous,
    // Every leefgebied in its display order, zeros included.
    IReadOnlyList<NamedCount> ReferralsPerLeefgebied,
    // Every (from, to) cell of the matrix, zeros included; From is a domein code or "eigen_initiatief", To a domein code.
    IReadOnlyList<DomeinFlow> DomeinFlows,
    // At most ten, largest first (ties by names; counts of 1–4 rank as ties, so their order reveals nothing).
    IReadOnlyList<OrganisationFlow> TopOrganisationFlows,
    ReferralOutcomes Outcomes,
    // Visitors of the quarter (those with a visit in it), by age band, gender and wijk: every band and
    // gender, zeros included; Wijken lists every wijk, then postcodes (where no wijk is known) of 5 or more visitors,
    // then NewsletterFiguresQuery.OtherPostcodes and .UnknownPlace when not 0 (docs/newsletter.md).
    IReadOnlyList<NamedCount> AgeBands,
    IReadOnlyList<NamedCount> Genders,
    IReadOnlyList<NamedCount> Wijken,
    // The last eight quarters, oldest first, ending with Quarter.
    IReadOnlyList<QuarterTrend> Trend,
    // A region's comparison table, one row per plein in name order; empty for a single plein.
    IReadOnlyList<PleinKeyFigures> PerPlein)
{
    /// <summary>The kerncijfers as tiles and table rows show them, in this order, with the previous quarter beside them.</summary>
    [JsonIgnore] public IReadOnlyList<KeyFigureLine> KeyFigureLines => Printed.KeyFigureLines;

    /// <summary>Every table's cells as printed, secondary suppression included; each rendering takes it once.</summary>
    [JsonIgnore] public PrintedFigures Printed => new(this);

    /// <summary>
    /// "Helpt het?": per leefgebied, of the visitors with a first and a later meting at least
    /// <see cref="MetingChange.MinimumDays"/> days apart in the <see cref="MetingChange.PeriodQuarters"/> quarters up to
    /// and including this one, how many went up, stayed and went down (docs/newsletter.md). Only leefgebieden with at
    /// least one such visitor; figures kept before metingen existed have none.
    /// </summary>
    public IReadOnlyList<MetingChange> MetingChanges { get; init; } = [];

    /// <summary>
    /// Who the visitor tables count, in the words every rendering (PDF, dashboard, web page) uses: those with a visit;
    /// someone only referred counts with the referrals (DemographicsSql, "Unieke bezoekers").
    /// </summary>
    public const string VisitorsCounted = "iedereen met een bezoek in het kwartaal";
}

/// <summary>Which pleinen a newsletter covers: one, or a region of several (in name order).</summary>
public sealed record NewsletterScope(IReadOnlyList<PleinRef> Pleinen)
{
    public bool IsRegional => Pleinen.Count > 1;

    public int[] PleinIds => Pleinen.Select(p => p.Id).ToArray();

    /// <summary>"Sociaal Plein Nieuwland", or "Regio Nieuwland en Etten-Leur" for a region.</summary>
    public string Title => IsRegional ? "Regio " + DutchList(Pleinen.Select(p => p.Name).ToList()) : Pleinen[0].Name;

    static string DutchList(IReadOnlyList<string> names) =>
        names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " en " + names[^1];
}

public sealed record PleinRef(int Id, string Name, string Municipality);

/// <summary>
/// The kerncijfers of one quarter. Visits and referrals count by their local date (visited_on, referred_on);
/// geannuleerde referrals are not counted anywhere in the figures.
/// </summary>
public sealed record KeyFigures(
    long UniqueVisitors,
    long NewVisitors,
    long Visits,
    long SpreekuurVisits,
    long InloopVisits,
    long Referrals,
    long FrequentVisitors,
    long ActiveProfessionals,
    long ActiveOrganisations,
    long NewMembers)
{
    public static IReadOnlyList<KeyFigureLine> Lines(KeyFigures now, KeyFigures before) =>
    [
        new("Unieke bezoekers", now.UniqueVisitors, before.UniqueVisitors),
        new("Nieuwe bezoekers", now.NewVisitors, before.NewVisitors),
        new("Bezoeken", now.Visits, before.Visits),
        new("waarvan spreekuur", now.SpreekuurVisits, before.SpreekuurVisits),
        new("waarvan inloop", now.InloopVisits, before.InloopVisits),
        new("Verwijzingen", now.Referrals, before.Referrals),
        new("Veelbezoekers", now.FrequentVisitors, before.FrequentVisitors),
        new("Actieve professionals", now.ActiveProfessionals, before.ActiveProfessionals),
        new("Actieve organisaties", now.ActiveOrganisations, before.ActiveOrganisations),
        new("Nieuwe leden", now.NewMembers, before.NewMembers),
    ];
}

public sealed record KeyFigureLine(string Label, long Current, long Previous)
{
    /// <summary>Printed as <see cref="SmallCounts.Secondary"/> (<see cref="PrintedFigures"/>).</summary>
    public bool CurrentWithheld { get; init; }
    public bool PreviousWithheld { get; init; }
    public string CurrentText => SmallCounts.Text(Current, CurrentWithheld);
    public string PreviousText => SmallCounts.Text(Previous, PreviousWithheld);
    /// <summary>"+12%"; null when either side is hidden or withheld (the change and one side give the other), or without a base.</summary>
    public string? ChangeText => CurrentWithheld || PreviousWithheld ? null : SmallCounts.Change(Current, Previous);
}

public sealed record NamedCount(string Name, long Count);

public sealed record DomeinFlow(string From, string To, long Count);

public sealed record OrganisationFlow(string From, string To, long Count);

/// <summary>How the quarter's referrals stood at the quarter's end (geannuleerde excluded from every count here).</summary>
public sealed record ReferralOutcomes(
    long Total,
    long Afgerond,
    long Afgewezen,
    long NietBereikt,
    long Open,
    // Referrals with a 'contact_gelegd' (or 'afgerond') event before the quarter's end; the median is over these.
    long WithContact,
    // Median whole days from referred_on to the first contact; null when WithContact is below 5.
    decimal? MedianDaysToContact);

public sealed record QuarterTrend(Quarter Quarter, long UniqueVisitors, long Visits, long Referrals);

public sealed record PleinKeyFigures(PleinRef Plein, KeyFigures Figures);

/// <summary>
/// The domeinen an organisation can have (the CHECK of organisation.domein, db/0002) and their display names: the one
/// list the beheer's checks, the gids's filter, the export and the figures all use.
/// </summary>
public static class Domeinen
{
    /// <summary>The domeinen in matrix order; a flow's From may also be <see cref="EigenInitiatief"/>.</summary>
    public static readonly IReadOnlyList<string> Codes = ["medisch", "sociaal", "welzijn", "overig"];

    public const string EigenInitiatief = "eigen_initiatief";

    public static string Label(string code) => code switch
    {
        "medisch" => "Medisch",
        "sociaal" => "Sociaal",
        "welzijn" => "Welzijn",
        "overig" => "Overig",
        EigenInitiatief => "Eigen initiatief",
        _ => code,
    };
}

/// <summary>
/// One leefgebied's change in self-reliance: of the visitors with a first and a later meting far enough apart in the
/// period, how many ended higher, the same or lower than they started, and the mean change in steps (last minus first).
/// </summary>
public sealed record MetingChange(string Leefgebied, long Up, long Same, long Down, decimal? MeanChange)
{
    /// <summary>Eight weeks: a later meting sooner than that says little about whether the support helped.</summary>
    public const int MinimumDays = 56;

    /// <summary>The period: the newsletter's quarter and the three before it, so a follow-up after a quarter or two counts.</summary>
    public const int PeriodQuarters = 4;

    [JsonIgnore] public long Total => Up + Same + Down;

    // Up, same, down and the total as printed (SmallCounts.Additive): the row is a sum like any other table's.
    [JsonIgnore] string[] Texts => SmallCounts.Additive([Up, Same, Down], Total);

    /// <summary>Up, same and down as printed: small cells hidden, and one more where a hidden one would follow from the total.</summary>
    [JsonIgnore] public IReadOnlyList<string> CellTexts => Texts[..3];

    /// <summary>The row's total; "x" when even withholding a cell would leave a "&lt;5" to work out (all of them small).</summary>
    [JsonIgnore] public string TotalText => Texts[3];

    /// <summary>"+0,8", "−0,3", "0,0"; "–" when the total is below 5 or withheld (a mean of few visitors says too much).</summary>
    [JsonIgnore] public string MeanChangeText => MeanChange is not { } mean || Total < SmallCounts.Minimum || TotalText == SmallCounts.Secondary
        ? "–"
        : (mean > 0 ? "+" : mean < 0 ? "−" : "") + Math.Abs(Math.Round(mean, 1, MidpointRounding.AwayFromZero)).ToString("0.0", Dutch);

    static readonly System.Globalization.CultureInfo Dutch = System.Globalization.CultureInfo.GetCultureInfo("nl-NL");
}
