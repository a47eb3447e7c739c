using SociaalPlein.Data.Nieuwsbrief;

namespace SociaalPlein.Tests.Nieuwsbrief;

/// <summary>
/// What one rendering of the figures prints, as a reader with a pen sees it: every table whose cells add up to a
/// printed total (docs/newsletter.md) and every total, one number wherever it appears. Taken from what PrintedFigures
/// prints, never from the suppression rule; the real counts are used only to leave out a sum that does not add up
/// (a region's unique visitors count a visitor of two pleinen once, the column twice) and to bound the search.
/// </summary>
public sealed record Rendering(IReadOnlyDictionary<string, string> Totals, IReadOnlyList<Rendering.PrintedSum> Sums, long Bound)
{
    /// <summary>Printed cells that the rendering says add up to the total named <paramref name="Total"/>.</summary>
    public sealed record PrintedSum(string Name, IReadOnlyList<string> Cells, string Total);

    public static Rendering Of(NewsletterFigures f)
    {
        var printed = f.Printed;
        var lines = printed.KeyFigureLines.ToDictionary(l => l.Label);
        var totals = new Dictionary<string, (string Text, long Count)>
        {
            ["Unieke bezoekers"] = (lines["Unieke bezoekers"].CurrentText, f.Current.UniqueVisitors),
            ["Bezoeken"] = (lines["Bezoeken"].CurrentText, f.Current.Visits),
            ["Bezoeken vorig kwartaal"] = (lines["Bezoeken"].PreviousText, f.Previous.Visits),
            ["Verwijzingen"] = (lines["Verwijzingen"].CurrentText, f.Current.Referrals),
            ["Veelbezoekers"] = (lines["Veelbezoekers"].CurrentText, f.Current.FrequentVisitors),
        };
        var sums = new List<PrintedSum>();
        void Add(string name, IReadOnlyList<PrintedCount> cells, string total)
        {
            if (cells.Count > 0 && cells.Sum(c => c.Count) == totals[total].Count) sums.Add(new(name, cells.Select(c => c.Text).ToList(), total));
        }
        var keyLines = printed.KeyFigureLines;
        Add("spreekuur en inloop", [Line(keyLines[3], now: true), Line(keyLines[4], now: true)], "Bezoeken");
        Add("spreekuur en inloop vorig kwartaal", [Line(keyLines[3], now: false), Line(keyLines[4], now: false)], "Bezoeken vorig kwartaal");
        Add("leefgebieden", printed.ReferralsPerLeefgebied, "Verwijzingen");
        Add("domein naar domein", printed.DomeinFlows.Values.ToList(), "Verwijzingen");
        if (f.Outcomes.Total == f.Current.Referrals) Add("uitkomsten", printed.Outcomes, "Verwijzingen");
        Add("leeftijd", printed.AgeBands, "Unieke bezoekers");
        Add("geslacht", printed.Genders, "Unieke bezoekers");
        Add("wijk", printed.Wijken, "Unieke bezoekers");
        string[] columns = ["Unieke bezoekers", "Bezoeken", "Verwijzingen", "Veelbezoekers"];
        for (var c = 0; c < columns.Length && printed.PerPlein.Count > 0; c++)
            Add("per plein, " + columns[c], printed.PerPlein.Select(p => p.Cells[c]).ToList(), columns[c]);
        // Only a left-out total is searched over; twice its real value and more is far beyond what could pin anything.
        var bound = 2 * totals.Values.Where(t => t.Text is SmallCounts.Hidden or SmallCounts.Secondary).Select(t => t.Count).DefaultIfEmpty(0).Max() + 20;
        return new Rendering(totals.ToDictionary(t => t.Key, t => t.Value.Text), sums, bound);
    }

    static PrintedCount Line(KeyFigureLine line, bool now) =>
        new(line.Label, now ? line.Current : line.Previous, now ? line.CurrentWithheld : line.PreviousWithheld);

    /// <summary>
    /// Every left-out number that what is printed pins to one value. The reader knows the rule's words
    /// (docs/newsletter.md): a "&lt;5" is 1 to 4; an "x" in a sum that still shows a "&lt;5" is that one's partner, 5 or
    /// more; any other "x" is 1 or more. Every value of every total is tried, and every value of every cell with the
    /// other left-out cells of its sum filled every way that fits. Values of a total above <see cref="Bound"/> are not
    /// tried, which can only find more pins, never fewer.
    /// </summary>
    public IReadOnlyList<string> Pinned()
    {
        var pins = new List<string>();
        foreach (var (name, text) in Totals)
        {
            var own = Sums.Where(s => s.Total == name).ToList();
            var totalRange = text switch
            {
                SmallCounts.Hidden => (1L, SmallCounts.Minimum - 1L),
                SmallCounts.Secondary => (1L, Bound),
                _ => (Number(text), Number(text)),
            };
            var feasible = Range(totalRange).Where(t => own.All(s => Possible(s.Cells, t).All(p => p.Count > 0))).ToList();
            if (text is SmallCounts.Hidden or SmallCounts.Secondary && feasible.Count == 1) pins.Add($"{name} = {feasible[0]}");
            foreach (var sum in own)
            {
                var possible = sum.Cells.Select(_ => new HashSet<long>()).ToArray();
                foreach (var t in feasible)
                    foreach (var (values, i) in Possible(sum.Cells, t).Select((v, i) => (v, i)))
                        possible[i].UnionWith(values);
                for (var i = 0; i < sum.Cells.Count; i++)
                    if (sum.Cells[i] is SmallCounts.Hidden or SmallCounts.Secondary && possible[i].Count == 1)
                        pins.Add($"{sum.Name}, cel {i} ({sum.Cells[i]}) = {possible[i].Single()}");
            }
        }
        return pins;
    }

    static long Number(string text) => long.Parse(text.Replace(".", ""));

    static IEnumerable<long> Range((long Low, long High) r) => Enumerable.Range((int)r.Low, (int)Math.Max(0, r.High - r.Low + 1)).Select(v => (long)v);

    /// <summary>For each cell, the values it can have in some filling of the cells that adds up to <paramref name="total"/>.</summary>
    static List<HashSet<long>> Possible(IReadOnlyList<string> cells, long total)
    {
        var partnered = cells.Contains(SmallCounts.Hidden);
        var unknown = Enumerable.Range(0, cells.Count).Where(i => cells[i] is SmallCounts.Hidden or SmallCounts.Secondary).ToList();
        var rest = total - Enumerable.Range(0, cells.Count).Except(unknown).Sum(i => Number(cells[i]));
        var result = cells.Select(c => c is SmallCounts.Hidden or SmallCounts.Secondary ? new HashSet<long>() : [Number(c)]).ToList();
        if (rest < 0) return cells.Select(_ => new HashSet<long>()).ToList();
        (long Low, long High) Options(int i) => cells[i] == SmallCounts.Hidden ? (1, SmallCounts.Minimum - 1)
            : partnered ? (SmallCounts.Minimum, rest) : (1, rest);
        foreach (var i in unknown)
        {
            // Every sum the other left-out cells can make: each step adds any value of one more cell to every sum so far.
            var reach = new bool[rest + 1];
            reach[0] = true;
            foreach (var j in unknown.Where(j => j != i))
            {
                var (low, high) = Options(j);
                var made = new int[rest + 2];
                for (var s = 0; s <= rest; s++) made[s + 1] = made[s] + (reach[s] ? 1 : 0);
                var next = new bool[rest + 1];
                for (var s = low; s <= rest; s++)
                {
                    var (from, to) = (Math.Max(0, s - high), s - low);
                    next[s] = from <= to && made[to + 1] - made[from] > 0;
                }
                reach = next;
            }
            result[i].UnionWith(Range(Options(i)).Where(v => v <= rest && reach[rest - v]));
        }
        if (unknown.Count == 0 && rest != 0) return cells.Select(_ => new HashSet<long>()).ToList();
        return result;
    }

    /// <summary>Each total printed alike wherever it appears: the trend, the outcomes' total, shares and changes.</summary>
    public static IEnumerable<string> Disagreements(NewsletterFigures f)
    {
        var printed = f.Printed;
        var lines = printed.KeyFigureLines.ToDictionary(l => l.Label);
        foreach (var t in printed.Trend.Where(t => t.Quarter == f.Quarter))
        {
            if (t.UniqueVisitors.Text != lines["Unieke bezoekers"].CurrentText) yield return "trend, unieke bezoekers";
            if (t.Visits.Text != lines["Bezoeken"].CurrentText) yield return "trend, bezoeken";
            if (t.Referrals.Text != lines["Verwijzingen"].CurrentText) yield return "trend, verwijzingen";
        }
        foreach (var t in printed.Trend.Where(t => t.Quarter == f.Quarter.Previous))
            if (t.Visits.Text != lines["Bezoeken"].PreviousText) yield return "trend, bezoeken vorig kwartaal";
        if (f.Outcomes.Total == f.Current.Referrals && printed.OutcomesTotal.Text != lines["Verwijzingen"].CurrentText) yield return "uitkomsten, totaal";
        foreach (var line in printed.KeyFigureLines)
            if ((line.CurrentText == SmallCounts.Secondary || line.PreviousText == SmallCounts.Secondary) && line.ChangeText is not null)
                yield return "verschil bij " + line.Label;
        foreach (var (cells, total) in new[] { (printed.AgeBands, "Unieke bezoekers"), (printed.Genders, "Unieke bezoekers"),
                     (printed.Wijken, "Unieke bezoekers"), (printed.ReferralsPerLeefgebied, "Verwijzingen"), (printed.Outcomes, "Verwijzingen") })
            if (lines[total].CurrentText == SmallCounts.Secondary && cells.Any(c => c.ShareOf(lines[total].Current) != SmallCounts.Secondary))
                yield return "aandeel van " + total;
    }
}
