namespace SociaalPlein.Data.Nieuwsbrief;

/// <summary>
/// The figures as every rendering (PDF, web page, dashboard) prints them: every count through <see cref="SmallCounts"/>,
/// with secondary suppression (<see cref="SmallCounts.Withheld"/>) over each set of cells whose total is printed too,
/// so that a "&lt;5" cannot be worked out as that total minus the other cells. The sums (docs/newsletter.md):
/// waarvan spreekuur + inloop = bezoeken (this and the previous quarter); the leefgebieden, the domein matrix and the
/// outcomes each add up to the quarter's verwijzingen; the age bands, the genders and the wijken each add up to the
/// unique visitors; in a region each column of the per-plein table adds up to the region's kerncijfer. The metingen
/// table applies the same rule per row (<see cref="MetingChange.CellTexts"/>). The trend and the top 10 flows have no
/// printed sum of their cells.
/// </summary>
public sealed class PrintedFigures
{
    public PrintedFigures(NewsletterFigures f)
    {
        var cells = new List<long>();
        var sums = new List<SmallCounts.Sum>();
        int[] Sum(IEnumerable<long> counts, long total)
        {
            var indices = counts.Select(count => { cells.Add(count); return cells.Count - 1; }).ToArray();
            sums.Add(new SmallCounts.Sum(indices, total));
            return indices;
        }

        var current = Sum([f.Current.SpreekuurVisits, f.Current.InloopVisits], f.Current.Visits);
        var previous = Sum([f.Previous.SpreekuurVisits, f.Previous.InloopVisits], f.Previous.Visits);
        var leefgebieden = Sum(f.ReferralsPerLeefgebied.Select(c => c.Count), f.Current.Referrals);
        var flows = Sum(f.DomeinFlows.Select(c => c.Count), f.Current.Referrals);
        var o = f.Outcomes;
        var outcomes = Sum([o.Afgerond, o.Afgewezen, o.NietBereikt, o.Open], o.Total);
        var ages = Sum(f.AgeBands.Select(c => c.Count), f.Current.UniqueVisitors);
        var genders = Sum(f.Genders.Select(c => c.Count), f.Current.UniqueVisitors);
        var wijken = Sum(f.Wijken.Select(c => c.Count), f.Current.UniqueVisitors);
        Func<KeyFigures, long>[] columns = [k => k.UniqueVisitors, k => k.Visits, k => k.Referrals, k => k.FrequentVisitors];
        var perPlein = columns.Select(column => Sum(f.PerPlein.Select(p => column(p.Figures)), column(f.Current))).ToArray();

        var withheld = SmallCounts.Withheld(cells, sums);
        AnyWithheld = withheld.Any(w => w);
        PrintedCount Cell(string name, int index) => new(name, cells[index], withheld[index]);
        IReadOnlyList<PrintedCount> Cells(IReadOnlyList<NamedCount> named, int[] indices) =>
            named.Select((c, i) => Cell(c.Name, indices[i])).ToList();

        // Spreekuur and inloop are the 4th and 5th line (KeyFigures.Lines); the other lines are totals of no printed sum.
        KeyFigureLines = KeyFigures.Lines(f.Current, f.Previous).Select((line, i) => i is 3 or 4
            ? line with { CurrentWithheld = withheld[current[i - 3]], PreviousWithheld = withheld[previous[i - 3]] }
            : line).ToList();
        ReferralsPerLeefgebied = Cells(f.ReferralsPerLeefgebied, leefgebieden);
        DomeinFlows = f.DomeinFlows.Select((c, i) => (c, i)).ToDictionary(x => (x.c.From, x.c.To), x => Cell(x.c.From, flows[x.i]));
        Outcomes = new[] { "Afgerond", "Afgewezen", "Niet bereikt", "Nog open" }.Select((name, i) => Cell(name, outcomes[i])).ToList();
        AgeBands = Cells(f.AgeBands, ages);
        Genders = Cells(f.Genders, genders);
        Wijken = Cells(f.Wijken, wijken);
        PerPlein = f.PerPlein.Select((p, row) => new PrintedPlein(p.Plein, perPlein.Select(column => Cell(p.Plein.Name, column[row])).ToList()))
            .ToList();
    }

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
    public string Text => SmallCounts.Text(Count, Withheld);

    /// <summary>Its share of <paramref name="total"/>; withheld as the count is, since the share and the total give the count.</summary>
    public string ShareOf(long total) => Withheld ? SmallCounts.Secondary : SmallCounts.Share(Count, total);

    public bool Hidden => SmallCounts.IsHidden(Count);

    /// <summary>
    /// The largest count a chart of <paramref name="cells"/> may scale to: of the cells it draws, since a withheld cell
    /// gets no bar (its length would give it away) and neither may the scale.
    /// </summary>
    public static long ScaleOf(IEnumerable<PrintedCount> cells) => cells.Where(c => !c.Withheld).Select(c => c.Count).DefaultIfEmpty(0).Max();
}

/// <summary>One row of a region's per-plein table: unique visitors, visits, referrals and frequent visitors.</summary>
public sealed record PrintedPlein(PleinRef Plein, IReadOnlyList<PrintedCount> Cells);
