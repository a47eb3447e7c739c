namespace SociaalPlein.Data.Nieuwsbrief;

/// <summary>
/// The figures as every rendering (PDF, web page, dashboard) prints them: every count through <see cref="SmallCounts"/>,
/// with secondary suppression (<see cref="SmallCounts.Withheld"/>) over every sum whose total is printed too, so that
/// no "&lt;5" can be worked out from what one rendering prints. The sums (docs/newsletter.md): waarvan spreekuur +
/// inloop = bezoeken (this and the previous quarter); the leefgebieden, the domein matrix and the outcomes each add up
/// to the quarter's verwijzingen; the age bands, the genders and the wijken each add up to the unique visitors; in a
/// region each column of the per-plein table adds up to the region's kerncijfer. A total is one count wherever it is
/// printed: when it is withheld it is "x" in the kerncijfers, their change, the trend's point for its quarter, every
/// share of it and every sum it closes. The metingen table applies the same rule per row (<see cref="MetingChange.CellTexts"/>).
/// The top 10 flows have no printed sum of their cells.
/// </summary>
public sealed class PrintedFigures
{
    public PrintedFigures(NewsletterFigures f)
    {
        var counts = new List<long>();
        var sums = new List<SmallCounts.Sum>();
        int Count(long count)
        {
            counts.Add(count);
            return counts.Count - 1;
        }
        int[] Sum(IEnumerable<long> cells, int total)
        {
            var indices = cells.Select(Count).ToArray();
            // Only a sum that adds up tells a reader anything exact: a region's unique visitors count a visitor of two
            // pleinen once, the pleinen's column twice.
            if (indices.Sum(i => counts[i]) == counts[total]) sums.Add(new SmallCounts.Sum(indices, total));
            return indices;
        }

        var (visitors, visits, referrals, frequent) = (Count(f.Current.UniqueVisitors), Count(f.Current.Visits), Count(f.Current.Referrals),
            Count(f.Current.FrequentVisitors));
        var previousVisits = Count(f.Previous.Visits);
        // The query counts both from the same referrals (NewsletterFiguresQuery): one number, printed in both places.
        var outcomesTotal = f.Outcomes.Total == f.Current.Referrals ? referrals : Count(f.Outcomes.Total);

        var current = Sum([f.Current.SpreekuurVisits, f.Current.InloopVisits], visits);
        var previous = Sum([f.Previous.SpreekuurVisits, f.Previous.InloopVisits], previousVisits);
        var leefgebieden = Sum(f.ReferralsPerLeefgebied.Select(c => c.Count), referrals);
        var flows = Sum(f.DomeinFlows.Select(c => c.Count), referrals);
        var o = f.Outcomes;
        var outcomes = Sum([o.Afgerond, o.Afgewezen, o.NietBereikt, o.Open], outcomesTotal);
        var ages = Sum(f.AgeBands.Select(c => c.Count), visitors);
        var genders = Sum(f.Genders.Select(c => c.Count), visitors);
        var wijken = Sum(f.Wijken.Select(c => c.Count), visitors);
        (Func<KeyFigures, long> Column, int Total)[] columns =
            [(k => k.UniqueVisitors, visitors), (k => k.Visits, visits), (k => k.Referrals, referrals), (k => k.FrequentVisitors, frequent)];
        var perPlein = f.PerPlein.Count > 0
            ? columns.Select(c => Sum(f.PerPlein.Select(p => c.Column(p.Figures)), c.Total)).ToArray()
            : [];

        var withheld = SmallCounts.Withheld(counts, sums);
        AnyWithheld = withheld.Any(w => w);
        PrintedCount Cell(string name, int index) => new(name, counts[index], withheld[index]);
        IReadOnlyList<PrintedCount> Cells(IReadOnlyList<NamedCount> named, int[] indices, int total) =>
            named.Select((c, i) => Cell(c.Name, indices[i]) with { TotalWithheld = withheld[total] }).ToList();

        UniqueVisitors = Cell("Unieke bezoekers", visitors);
        Visits = Cell("Bezoeken", visits);
        Referrals = Cell("Verwijzingen", referrals);
        OutcomesTotal = Cell("Totaal", outcomesTotal);

        // Per line of KeyFigures.Lines: the count it prints this and the previous quarter, where that count is in a sum.
        int?[] now = [visitors, null, visits, current[0], current[1], referrals, frequent, null, null, null];
        int?[] before = [null, null, previousVisits, previous[0], previous[1], null, null, null, null, null];
        KeyFigureLines = KeyFigures.Lines(f.Current, f.Previous).Select((line, i) => line with
        {
            CurrentWithheld = now[i] is int c && withheld[c],
            PreviousWithheld = before[i] is int p && withheld[p],
        }).ToList();
        ReferralsPerLeefgebied = Cells(f.ReferralsPerLeefgebied, leefgebieden, referrals);
        DomeinFlows = f.DomeinFlows.Select((c, i) => (c, i)).ToDictionary(x => (x.c.From, x.c.To), x => Cell(x.c.From, flows[x.i]));
        Outcomes = new[] { "Afgerond", "Afgewezen", "Niet bereikt", "Nog open" }
            .Select((name, i) => Cell(name, outcomes[i]) with { TotalWithheld = withheld[outcomesTotal] }).ToList();
        AgeBands = Cells(f.AgeBands, ages, visitors);
        Genders = Cells(f.Genders, genders, visitors);
        Wijken = Cells(f.Wijken, wijken, visitors);
        PerPlein = f.PerPlein.Select((p, row) => new PrintedPlein(p.Plein, perPlein.Select(column => Cell(p.Plein.Name, column[row])).ToList()))
            .ToList();
        // The trend's point for this quarter is the kerncijfer itself, the previous quarter's visits those of the kerncijfers.
        Trend = f.Trend.Select(t => new PrintedTrend(t.Quarter,
            new("Unieke bezoekers", t.UniqueVisitors, t.Quarter == f.Quarter && withheld[visitors]),
            new("Bezoeken", t.Visits, (t.Quarter == f.Quarter && withheld[visits]) || (t.Quarter == f.Quarter.Previous && withheld[previousVisits])),
            new("Verwijzingen", t.Referrals, t.Quarter == f.Quarter && withheld[referrals]))).ToList();
    }

    /// <summary>The totals of the tables, as printed wherever they appear (a caption, a "Totaal" row).</summary>
    public PrintedCount UniqueVisitors { get; }
    public PrintedCount Visits { get; }
    public PrintedCount Referrals { get; }
    public PrintedCount OutcomesTotal { get; }

    /// <summary>The last quarters, oldest first; a point is withheld where its quarter's kerncijfer is.</summary>
    public IReadOnlyList<PrintedTrend> Trend { get; }

    /// <summary>The kerncijfers with the previous quarter (as <see cref="NewsletterFigures.KeyFigureLines"/>).</summary>
    public IReadOnlyList<KeyFigureLine> KeyFigureLines { get; }

    public IReadOnlyList<PrintedCount> ReferralsPerLeefgebied { get; }

    /// <summary>Every cell of the matrix by (from, to) code, as in <see cref="NewsletterFigures.DomeinFlows"/>.</summary>
    public IReadOnlyDictionary<(string From, string To), PrintedCount> DomeinFlows { get; }

    /// <summary>Afgerond, afgewezen, niet bereikt, nog open; they add up to <see cref="ReferralOutcomes.Total"/>.</summary>
    public IReadOnlyList<PrintedCount> Outcomes { get; }

    public IReadOnlyList<PrintedCount> AgeBands { get; }
    public IReadOnlyList<PrintedCount> Genders { get; }
    public IReadOnlyList<PrintedCount> Wijken { get; }

    /// <summary>A region's pleinen: unique visitors, visits, referrals and frequent visitors per plein.</summary>
    public IReadOnlyList<PrintedPlein> PerPlein { get; }

    /// <summary>Whether any cell prints as <see cref="SmallCounts.Secondary"/>, so the rendering explains it.</summary>
    public bool AnyWithheld { get; }

    public static bool AnyWithheldIn(IEnumerable<PrintedCount> cells) => cells.Any(c => c.Withheld);
}

/// <summary>One printed count: "&lt;5" when small, <see cref="SmallCounts.Secondary"/> when withheld.</summary>
public sealed record PrintedCount(string Name, long Count, bool Withheld)
{
    /// <summary>Whether the total this count is a part of is withheld: then its share is too, since count and share give the total.</summary>
    public bool TotalWithheld { get; init; }

    public string Text => SmallCounts.Text(Count, Withheld);

    /// <summary>Its share of <paramref name="total"/>; withheld as the count or the total is, since the share and one give the other.</summary>
    public string ShareOf(long total) => Withheld || TotalWithheld ? SmallCounts.Secondary : SmallCounts.Share(Count, total);

    /// <summary>Whether it prints as "&lt;5" (a withheld small count prints "x", and nothing about it may look small).</summary>
    public bool Hidden => !Withheld && SmallCounts.IsHidden(Count);

    /// <summary>
    /// The largest count a chart of <paramref name="cells"/> may scale to: of the cells it draws, since a withheld cell
    /// gets no bar (its length would give it away) and neither may the scale.
    /// </summary>
    public static long ScaleOf(IEnumerable<PrintedCount> cells) => cells.Where(c => !c.Withheld).Select(c => c.Count).DefaultIfEmpty(0).Max();
}

/// <summary>One row of a region's per-plein table: unique visitors, visits, referrals and frequent visitors.</summary>
public sealed record PrintedPlein(PleinRef Plein, IReadOnlyList<PrintedCount> Cells);

/// <summary>One quarter of the trend as printed: unique visitors, visits and referrals.</summary>
public sealed record PrintedTrend(Quarter Quarter, PrintedCount UniqueVisitors, PrintedCount Visits, PrintedCount Referrals)
{
    public IReadOnlyList<PrintedCount> Measures => [UniqueVisitors, Visits, Referrals];
}
