using SociaalPlein.Data.Bezoekers;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Nieuwsbrief;

namespace SociaalPlein.Tests.Nieuwsbrief;

/// <summary>
/// Each figure counted the plain way over the arranged rows in memory, straight from the definitions in
/// docs/newsletter.md: the independent answer the SQL of NewsletterFiguresQuery must give.
/// </summary>
public sealed class NewsletterOracle(NewsletterWorld w, int[] pleinIds, Quarter q)
{
    bool InScope(int pleinId) => pleinIds.Contains(pleinId);
    bool During(DateTime instant) => instant >= q.StartsAt && instant < q.EndsAt;

    IEnumerable<WorldVisit> Visits => w.Visits.Where(x => InScope(x.PleinId) && q.Contains(x.On));

    /// <summary>The quarter's referrals of the scope that were not cancelled.</summary>
    IEnumerable<WorldReferral> Referrals => w.Referrals.Where(r => InScope(r.PleinId) && q.Contains(r.On) && r.Status != "geannuleerd");

    /// <summary>The visitors who came: a visit in the quarter (a referral alone does not make a visitor of it).</summary>
    IReadOnlyList<WorldVisitor> QuarterVisitors =>
        Visits.Select(x => x.VisitorId).Distinct().Select(id => w.Visitors.Single(v => v.Id == id)).ToList();

    public KeyFigures KeyFigures()
    {
        var visits = Visits.ToList();
        var referrals = Referrals.ToList();
        var frequent = visits.GroupBy(x => x.VisitorId)
            .Count(g => g.Count() >= w.Pleinen.Single(p => p.Id == g.First().PleinId).Threshold);
        var professionals = referrals.SelectMany(r => new[] { r.FromProfessionalId, r.ToProfessionalId })
            .Concat(visits.Select(x => x.HelpedBy)).OfType<int>().Distinct().Count();
        var organisations = referrals.SelectMany(r => new[] { r.FromOrganisationId, r.ToOrganisationId })
            .Concat(visits.Select(x => w.Professionals.SingleOrDefault(p => p.Id == x.HelpedBy)?.OrganisationId))
            .Concat(visits.Select(x => w.Spreekuren.SingleOrDefault(s => s.Id == x.SpreekuurId)?.OrganisationId))
            .OfType<int>().Distinct().Count();
        var newMembers = w.Professionals.Count(p => p.PleinIds.Any(InScope) && During(p.CreatedAt));
        return new KeyFigures(
            UniqueVisitors: QuarterVisitors.Count,
            NewVisitors: QuarterVisitors.Count(v => q.Contains(v.FirstVisitOn)),
            Visits: visits.Count,
            SpreekuurVisits: visits.Count(x => x.Kind == "spreekuur"),
            InloopVisits: visits.Count(x => x.Kind == "inloop"),
            Referrals: referrals.Count,
            FrequentVisitors: frequent,
            ActiveProfessionals: professionals,
            ActiveOrganisations: organisations,
            NewMembers: newMembers);
    }

    public IReadOnlyList<NamedCount> ReferralsPerLeefgebied() =>
        w.Leefgebieden.OrderBy(l => l.SortOrder)
            .Select(l => (l.Active, Line: new NamedCount(l.Name, Referrals.Count(r => r.LeefgebiedId == l.Id))))
            .Where(x => x.Active || x.Line.Count > 0)
            .Select(x => x.Line).ToList();

    public IReadOnlyList<DomeinFlow> DomeinFlows()
    {
        string From(WorldReferral r) => r.FromOrganisationId is int o ? Domein(o) : Domeinen.EigenInitiatief;
        return Domeinen.Codes.Append(Domeinen.EigenInitiatief)
            .SelectMany(from => Domeinen.Codes.Select(to =>
                new DomeinFlow(from, to, Referrals.Count(r => From(r) == from && Domein(r.ToOrganisationId) == to))))
            .ToList();
    }

    string Domein(int organisationId) => w.Organisations.Single(o => o.Id == organisationId).Domein;
    string Name(int organisationId) => w.Organisations.Single(o => o.Id == organisationId).Name;

    public IReadOnlyList<OrganisationFlow> TopOrganisationFlows() =>
        Referrals.Where(r => r.FromOrganisationId is not null)
            .GroupBy(r => (From: Name(r.FromOrganisationId!.Value), To: Name(r.ToOrganisationId)))
            .Select(g => new OrganisationFlow(g.Key.From, g.Key.To, g.Count()))
            .OrderByDescending(f => Rank(f.Count)).ThenBy(f => f.From, StringComparer.Ordinal).ThenBy(f => f.To, StringComparer.Ordinal)
            .Take(10).ToList();

    /// <summary>Lists rank the counts printed as "&lt;5" alike, so their order gives nothing away.</summary>
    static long Rank(long count) => SmallCounts.IsHidden(count) ? 1 : count;

    public ReferralOutcomes Outcomes()
    {
        var referrals = Referrals.ToList();
        // The status each had at the end of the quarter: its last event before then (every referral has its first).
        string StatusAtEnd(WorldReferral r) => r.Events.LastOrDefault(e => e.At < q.EndsAt)?.Status ?? "verzonden";
        var days = referrals
            .Select(r => (r.On, Contact: r.Events.Where(e => e.Status is "contact_gelegd" or "afgerond" && e.At < q.EndsAt)
                .Select(e => (DateTime?)e.At).Min()))
            .Where(x => x.Contact is not null)
            .Select(x => DateOnly.FromDateTime(PleinTime.Local(new DateTimeOffset(x.Contact!.Value, TimeSpan.Zero))).DayNumber - x.On.DayNumber)
            .Order().ToList();
        decimal? median = days.Count < SmallCounts.Minimum ? null
            : days.Count % 2 == 1 ? days[days.Count / 2] : (days[days.Count / 2 - 1] + days[days.Count / 2]) / 2m;
        return new ReferralOutcomes(
            Total: referrals.Count,
            Afgerond: referrals.Count(r => StatusAtEnd(r) == "afgerond"),
            Afgewezen: referrals.Count(r => StatusAtEnd(r) == "afgewezen"),
            NietBereikt: referrals.Count(r => StatusAtEnd(r) == "niet_bereikt"),
            Open: referrals.Count(r => StatusAtEnd(r) is "verzonden" or "geaccepteerd" or "contact_gelegd"),
            WithContact: days.Count,
            MedianDaysToContact: median);
    }

    public IReadOnlyList<NamedCount> AgeBands() =>
        Demographics.AgeBands.Select(b => b.Label).Append(Demographics.UnknownAge)
            .Select(band => new NamedCount(band, QuarterVisitors.Count(v => Demographics.AgeBand(v.BirthYear, q.Start) == band)))
            .ToList();

    public IReadOnlyList<NamedCount> Genders() =>
        Demographics.GenderCodes.Select(g => new NamedCount(Demographics.Gender(g), QuarterVisitors.Count(v => v.Gender == g))).ToList();

    /// <summary>Wijken of the scope (zeros too), postcodes of 5 or more, then the small postcodes together, then neither.</summary>
    public IReadOnlyList<NamedCount> Wijken()
    {
        string? Place(WorldVisitor v) =>
            v.WijkId is int id ? w.Wijken.Single(x => x.Id == id).Name : v.Postcode is { } p ? "Postcode " + p : null;
        var visitors = QuarterVisitors;
        var wijken = w.Wijken.Where(x => InScope(x.PleinId)).Select(x => x.Name).Distinct()
            .Select(name => new NamedCount(name, visitors.Count(v => v.WijkId is not null && Place(v) == name)));
        var postcodes = visitors.Where(v => v.WijkId is null && v.Postcode is not null).GroupBy(Place)
            .Select(g => new NamedCount(g.Key!, g.Count())).ToList();
        var small = postcodes.Where(p => p.Count < SmallCounts.Minimum).Sum(p => p.Count);
        var unknown = visitors.Count(v => Place(v) is null);
        return wijken.Concat(postcodes.Where(p => p.Count >= SmallCounts.Minimum))
            .OrderByDescending(c => Rank(c.Count)).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Concat(small > 0 ? [new NamedCount(NewsletterFiguresQuery.OtherPostcodes, small)] : [])
            .Concat(unknown > 0 ? [new NamedCount(NewsletterFiguresQuery.UnknownPlace, unknown)] : [])
            .ToList();
    }

    public static IReadOnlyList<QuarterTrend> Trend(NewsletterWorld w, int[] pleinIds, Quarter q) =>
        q.LastQuarters(NewsletterFiguresQuery.TrendQuarters)
            .Select(t =>
            {
                var k = new NewsletterOracle(w, pleinIds, t).KeyFigures();
                return new QuarterTrend(t, k.UniqueVisitors, k.Visits, k.Referrals);
            })
            .ToList();
}
