using SociaalPlein.Data.Nieuwsbrief;
using static SociaalPlein.Tests.Nieuwsbrief.NewsletterSamples;

namespace SociaalPlein.Tests.Nieuwsbrief;

/// <summary>
/// Secondary suppression in every newsletter table whose cells add up to a printed total: no "&lt;5" can be worked out
/// as the total minus the printed cells. Each table is filled with chosen cells in a hand-built figures record, read
/// back as every rendering prints it (PrintedFigures), and checked by <see cref="Reader"/>, which knows nothing of the
/// rule: it does what a reader with the table and its total could do.
/// </summary>
public sealed class SecondarySuppressionTests
{
    /// <summary>
    /// One table: the total it adds up to, how to put cells into the figures, and how its cells are printed. Filling a
    /// table fills every other table of the same total too (one with the whole total in its first cell, the next with
    /// the same cells reversed), so the figures add up everywhere as real ones do.
    /// </summary>
    public sealed record Table(string Name, int Size, string Total, bool Regional, Func<NewsletterFigures, long[], NewsletterFigures> Set,
        Func<PrintedFigures, IReadOnlyList<string>> Printed)
    {
        public override string ToString() => Name;

        public NewsletterFigures Fill(long[] cells)
        {
            var total = cells.Sum();
            var figures = SetTotal(Regional ? Consistent(Region(4, 20)) : Base, Total, total);
            var others = Tables.Where(t => t.Total == Total && t != this && (!t.Name.StartsWith("per plein") || Regional)).ToList();
            for (var i = 0; i < others.Count; i++)
                figures = others[i].Set(figures, Padded(i == 1 && cells.Length <= others[i].Size ? cells.Reverse().ToArray() : [total], others[i].Size));
            return Set(figures, Padded(cells, Size));
        }
    }

    // The typical plein, its trend's last two points the kerncijfers themselves, as the query makes them.
    static readonly NewsletterFigures Base = Consistent(Typical());

    static NewsletterFigures Consistent(NewsletterFigures f) => f with
    {
        Trend = f.Trend.Select(t => t.Quarter == f.Quarter ? new QuarterTrend(t.Quarter, f.Current.UniqueVisitors, f.Current.Visits, f.Current.Referrals)
            : t.Quarter == f.Quarter.Previous ? new QuarterTrend(t.Quarter, f.Previous.UniqueVisitors, f.Previous.Visits, f.Previous.Referrals) : t).ToList(),
    };

    static long[] Padded(long[] cells, int size) => [.. cells, .. Enumerable.Repeat(0L, size - cells.Length)];

    // The kerncijfer the tables of one total add up to, and the trend's point that prints it again.
    static NewsletterFigures SetTotal(NewsletterFigures f, string total, long n) => total switch
    {
        "bezoekers" => f with { Current = f.Current with { UniqueVisitors = n }, Trend = Point(f, f.Quarter, t => t with { UniqueVisitors = n }) },
        "bezoeken" => f with { Current = f.Current with { Visits = n }, Trend = Point(f, f.Quarter, t => t with { Visits = n }) },
        "vorige bezoeken" => f with { Previous = f.Previous with { Visits = n }, Trend = Point(f, f.Quarter.Previous, t => t with { Visits = n }) },
        "verwijzingen" => f with
        {
            Current = f.Current with { Referrals = n }, Outcomes = f.Outcomes with { Total = n }, Trend = Point(f, f.Quarter, t => t with { Referrals = n }),
        },
        _ => f with { Current = f.Current with { FrequentVisitors = n } },
    };

    static List<QuarterTrend> Point(NewsletterFigures f, Quarter q, Func<QuarterTrend, QuarterTrend> set) =>
        f.Trend.Select(t => t.Quarter == q ? set(t) : t).ToList();

    public static readonly Table[] Tables =
    [
        new("kerncijfers: spreekuur en inloop", 2, "bezoeken", false,
            (f, c) => f with { Current = f.Current with { SpreekuurVisits = c[0], InloopVisits = c[1] } },
            p => p.KeyFigureLines.Skip(3).Take(2).Select(l => l.CurrentText).ToList()),
        new("kerncijfers van het vorige kwartaal", 2, "vorige bezoeken", false,
            (f, c) => f with { Previous = f.Previous with { SpreekuurVisits = c[0], InloopVisits = c[1] } },
            p => p.KeyFigureLines.Skip(3).Take(2).Select(l => l.PreviousText).ToList()),
        new("uitkomsten", 4, "verwijzingen", false,
            (f, c) => f with { Outcomes = f.Outcomes with { Afgerond = c[0], Afgewezen = c[1], NietBereikt = c[2], Open = c[3] } },
            p => p.Outcomes.Select(c => c.Text).ToList()),
        new("verwijzingen per leefgebied", Leefgebieden.Length, "verwijzingen", false,
            (f, c) => f with { ReferralsPerLeefgebied = Leefgebieden.Select((name, i) => new NamedCount(name, c[i])).ToList() },
            p => p.ReferralsPerLeefgebied.Select(c => c.Text).ToList()),
        new("domein naar domein", Base.DomeinFlows.Count, "verwijzingen", false,
            (f, c) => f with { DomeinFlows = f.DomeinFlows.Select((d, i) => d with { Count = c[i] }).ToList() },
            p => p.DomeinFlows.Values.Select(c => c.Text).ToList()),
        new("leeftijd", Base.AgeBands.Count, "bezoekers", false,
            (f, c) => f with { AgeBands = f.AgeBands.Select((a, i) => a with { Count = c[i] }).ToList() },
            p => p.AgeBands.Select(c => c.Text).ToList()),
        new("geslacht", Base.Genders.Count, "bezoekers", false,
            (f, c) => f with { Genders = f.Genders.Select((g, i) => g with { Count = c[i] }).ToList() },
            p => p.Genders.Select(c => c.Text).ToList()),
        new("wijk", Base.Wijken.Count, "bezoekers", false,
            (f, c) => f with { Wijken = f.Wijken.Select((w, i) => w with { Count = c[i] }).ToList() },
            p => p.Wijken.Select(c => c.Text).ToList()),
        new("per plein, unieke bezoekers", 4, "bezoekers", true, (f, c) => PerPlein(f, c, (k, n) => k with { UniqueVisitors = n }),
            p => p.PerPlein.Select(row => row.Cells[0].Text).ToList()),
        new("per plein, bezoeken", 4, "bezoeken", true, (f, c) => PerPlein(f, c, (k, n) => k with { Visits = n }),
            p => p.PerPlein.Select(row => row.Cells[1].Text).ToList()),
        new("per plein, verwijzingen", 4, "verwijzingen", true, (f, c) => PerPlein(f, c, (k, n) => k with { Referrals = n }),
            p => p.PerPlein.Select(row => row.Cells[2].Text).ToList()),
        new("per plein, veelbezoekers", 4, "veelbezoekers", true, (f, c) => PerPlein(f, c, (k, n) => k with { FrequentVisitors = n }),
            p => p.PerPlein.Select(row => row.Cells[3].Text).ToList()),
    ];

    // A region of four pleinen whose column of one kerncijfer is the cells.
    static NewsletterFigures PerPlein(NewsletterFigures region, long[] cells, Func<KeyFigures, long, KeyFigures> set) =>
        region with { PerPlein = region.PerPlein.Select((p, i) => p with { Figures = set(p.Figures, cells[i]) }).ToList() };

    static long TotalOf(Table table, NewsletterFigures f) => table.Total switch
    {
        "bezoekers" => f.Current.UniqueVisitors,
        "bezoeken" => f.Current.Visits,
        "vorige bezoeken" => f.Previous.Visits,
        "verwijzingen" => f.Current.Referrals,
        _ => f.Current.FrequentVisitors,
    };

    static (NewsletterFigures Figures, long[] Cells) Filled(Table table, long[] cells) => (table.Fill(cells), Padded(cells, table.Size));

    [TestCaseSource(nameof(Tables))]
    public void A_single_small_cell_cannot_be_worked_out_from_the_total(Table table)
    {
        var (figures, cells) = Filled(table, table.Size > 2 ? [3, 12, 7] : [3, 12]);
        var total = SmallCounts.Format(TotalOf(table, figures));

        // Without secondary suppression the reader gets the 3 back: the total minus the others.
        var primaryOnly = cells.Select(SmallCounts.Format).ToList();
        Assert.That(Reader.Exact(primaryOnly, total), Does.ContainKey(0).WithValue(3L), "the case leaks without the rule");

        var printed = table.Printed(figures.Printed);
        string[] expected = table.Size > 2 ? ["<5", "12", "x", .. cells.Skip(3).Select(c => c.ToString())] : ["<5", "x"];
        Assert.That(printed, Is.EqualTo(expected));
        Assert.That(Reader.Exact(printed, total), Is.Empty);
    }

    [TestCaseSource(nameof(Tables))]
    public void Counts_at_the_edges_hide_what_they_must_and_nothing_more(Table table)
    {
        Assert.Multiple(() =>
        {
            // 4 is hidden, 5 is the smallest other non-zero cell; the zero stays.
            Assert.That(Print(table, [4, 5]), Is.EqualTo(new[] { "<5", "x" }), "4, 5");
            if (table.Size >= 4) Assert.That(Print(table, [4, 0, 5, 9]), Is.EqualTo(new[] { "<5", "0", "x", "9" }), "4, 0, 5, 9");
            // 5 and up print as themselves: with nothing hidden there is nothing to protect.
            Assert.That(Print(table, [5, 6]), Is.EqualTo(new[] { "5", "6" }), "5, 6");
            // A total of 4 is hidden itself: nothing to subtract from.
            Assert.That(Print(table, [0, 4]), Is.EqualTo(new[] { "0", "<5" }), "0, 4");
            // Two hidden cells only give their sum away; nothing more is withheld, unless that sum pins them (1 + 1, 4 + 4).
            if (table.Size > 2) Assert.That(Print(table, [1, 4, 20]), Is.EqualTo(new[] { "<5", "<5", "20" }), "1, 4, 20");
            if (table.Size > 2) Assert.That(Print(table, [4, 4, 20]), Is.EqualTo(new[] { "<5", "<5", "x" }), "4, 4, 20");
            // All zeros: nothing hidden.
            Assert.That(Print(table, []), Has.All.EqualTo("0"), "nothing");
        });
    }

    static IEnumerable<TestCaseData> SmallTables()
    {
        foreach (var table in Tables)
        foreach (var size in new[] { 2, 3, 4 }.Where(n => n <= table.Size))
            yield return new TestCaseData(table, size).SetArgDisplayNames(table.Name, $"{size} cellen");
    }

    // Every table of 2 to 4 non-empty cells with counts 0 to 12 (of 4 cells those with a total up to 24, where small
    // cells can still pin each other), read as a whole rendering: every sum, every total wherever it is printed.
    [TestCaseSource(nameof(SmallTables))]
    public void No_hidden_count_follows_from_anything_printed_in_any_small_table(Table table, int size)
    {
        var leaks = new List<string>();
        foreach (var cells in Counts(size, 12).Where(c => size < 4 || c.Sum() <= 24))
        {
            var (figures, padded) = Filled(table, cells);
            var printed = table.Printed(figures.Printed);
            var rendering = Rendering.Of(figures);
            leaks.AddRange(rendering.Pinned().Concat(Rendering.Disagreements(figures)).Select(pin => $"{string.Join("/", cells)}: {pin}"));
            for (var i = 0; i < padded.Length; i++)
            {
                if (printed[i] == SmallCounts.Hidden) Assert.That(padded[i], Is.InRange(1, 4));
                else if (printed[i] == SmallCounts.Secondary) Assert.That(padded[i], Is.GreaterThan(0), "a zero is never withheld");
                else Assert.That(printed[i], Is.EqualTo(padded[i].ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("nl-NL"))));
            }
        }

        Assert.That(leaks, Is.Empty);
    }

    static IEnumerable<long[]> Counts(int size, long max) => size == 0
        ? [[]]
        : Counts(size - 1, max).SelectMany(rest => Enumerable.Range(0, (int)max + 1).Select(v => (long[])[v, .. rest]));

    static IEnumerable<TestCaseData> NothingLeftInside()
    {
        var (spreekuur, leefgebieden, leeftijd) = (Tables[0], Tables[3], Tables[5]);
        // A small cell and its partner print alike, so the total can stay.
        yield return new TestCaseData(spreekuur, new long[] { 1, 5 }, new[] { "x", "x" }, "6").SetArgDisplayNames("1 spreekuur + 5 inloop = 6 bezoeken");
        yield return new TestCaseData(spreekuur, new long[] { 4, 4 }, new[] { "x", "x" }, "8").SetArgDisplayNames("4 + 4 = 8 bezoeken");
        // Every cell 1: even six "x" adding up to 6 are 1 each, so the total goes too.
        yield return new TestCaseData(leefgebieden, new long[] { 1, 1, 1, 1, 1, 1 }, Enumerable.Repeat("x", 6).ToArray(), "x")
            .SetArgDisplayNames("zes leefgebieden van 1 = 6 verwijzingen");
        yield return new TestCaseData(leeftijd, new long[] { 1, 1, 1, 1 }, Enumerable.Repeat("x", 4).ToArray(), "x")
            .SetArgDisplayNames("vier leeftijden van 1 = 4 bezoekers");
    }

    // Where every non-zero cell of a sum is left out and the total still pins them, the small cells print as their
    // partners do, and where even that pins them the total is withheld too, in every place it is printed, and the other
    // tables of that total do not give it back.
    [TestCaseSource(nameof(NothingLeftInside))]
    public void When_nothing_inside_a_sum_is_left_to_withhold_the_small_cells_print_x_and_if_need_be_the_total(Table table, long[] cells,
        string[] expectedCells, string expectedTotal)
    {
        var (figures, _) = Filled(table, cells);
        var primaryOnly = new Rendering(new Dictionary<string, string> { ["t"] = SmallCounts.Format(cells.Sum()) },
            [new("cellen", cells.Select(c => SmallCounts.IsHidden(c) ? SmallCounts.Hidden : SmallCounts.Secondary).ToList(), "t")], 100);
        Assert.That(primaryOnly.Pinned(), Is.Not.Empty, "with \"<5\" and the total printed the case leaks");

        var printed = figures.Printed;
        var total = TotalOf(table, figures);
        var line = printed.KeyFigureLines.Single(l => l.Current == total && l.Label is "Bezoeken" or "Verwijzingen" or "Unieke bezoekers");
        Assert.Multiple(() =>
        {
            Assert.That(table.Printed(printed).Take(cells.Length), Is.EqualTo(expectedCells));
            Assert.That(line.CurrentText, Is.EqualTo(expectedTotal));
            if (expectedTotal == "x") Assert.That(line.ChangeText, Is.Null);
            Assert.That(printed.Trend[^1].Measures.Select(m => m.Text), expectedTotal == "x" ? Does.Contain("x") : Does.Not.Contain("x"));
            Assert.That(Rendering.Of(figures).Pinned(), Is.Empty);
            Assert.That(Rendering.Disagreements(figures), Is.Empty);
        });
    }

    [Test]
    public void A_withheld_total_of_visitors_takes_a_cell_from_each_table_that_would_give_it_back()
    {
        // Nine ages of 1: the 9 visitors are withheld; genders and wijken (9 in their first cell) would each add up to it.
        var (figures, _) = Filled(Tables[5], [1, 1, 1, 1, 1, 1, 1, 1, 1]);
        var printed = figures.Printed;

        Assert.That(printed.UniqueVisitors.Text, Is.EqualTo("x"));
        Assert.That(printed.Genders.Select(g => g.Text), Is.EqualTo(new[] { "x", "0", "0", "0" }));
        Assert.That(printed.Wijken[0].Text, Is.EqualTo("x"));
        Assert.That(printed.Genders.Select(a => a.ShareOf(9)), Is.EqualTo(new[] { "x", "x", "x", "x" }), "a share of a withheld total gives it back");
    }

    [Test]
    public void A_withheld_kerncijfer_shows_no_change_either()
    {
        var figures = Base with { Current = Base.Current with { SpreekuurVisits = 3, InloopVisits = 37, Visits = 40 } };

        var inloop = figures.KeyFigureLines.Single(l => l.Label == "waarvan inloop");

        // Inloop was 1,045: a change printed next to it would give the 37 back, and so the 3.
        Assert.That((inloop.CurrentText, inloop.PreviousText, inloop.ChangeText), Is.EqualTo(("x", "1.045", (string?)null)));
    }

    [Test]
    public void A_withheld_outcome_shows_no_share_and_a_withheld_bar_no_length()
    {
        var figures = Base with { Outcomes = Base.Outcomes with { Total = 20, Afgerond = 3, Afgewezen = 0, NietBereikt = 7, Open = 10 } };
        var printed = figures.Printed;

        Assert.That(printed.Outcomes.Select(c => (c.Text, c.ShareOf(20))),
            Is.EqualTo(new[] { ("<5", "<5"), ("0", "0%"), ("x", "x"), ("10", "50%") }));
        Assert.That(PrintedCount.ScaleOf(printed.Outcomes), Is.EqualTo(10), "the scale of the drawn bars only");
    }

    static IReadOnlyList<string> Print(Table table, long[] cells)
    {
        var (figures, _) = Filled(table, cells);
        return table.Printed(figures.Printed).Take(Math.Max(cells.Length, 1)).ToList();
    }

    /// <summary>
    /// What a reader can work out from printed cells and their printed total, independently of the rule: a number is
    /// that number, "&lt;5" is 1 to 4, "x" is 5 or more (docs/newsletter.md: it is neither hidden nor a zero); the cells
    /// add up to the total. Every filling of the unknown cells that fits is tried; a cell with one possible value is known.
    /// </summary>
    static class Reader
    {
        public static Dictionary<int, long> Exact(IReadOnlyList<string> cells, string total)
        {
            if (!long.TryParse(total.Replace(".", ""), out var sum)) return [];
            var unknown = Enumerable.Range(0, cells.Count).Where(i => cells[i] is SmallCounts.Hidden or SmallCounts.Secondary).ToList();
            var rest = sum - Enumerable.Range(0, cells.Count).Except(unknown).Sum(i => long.Parse(cells[i].Replace(".", "")));
            var possible = unknown.ToDictionary(i => i, _ => new HashSet<long>());
            var chosen = new long[unknown.Count];
            void Fill(int k, long left)
            {
                if (k == unknown.Count)
                {
                    if (left != 0) return;
                    for (var j = 0; j < unknown.Count; j++) possible[unknown[j]].Add(chosen[j]);
                    return;
                }
                var (low, high) = cells[unknown[k]] == SmallCounts.Hidden ? (1L, 4L) : (5L, left);
                for (var v = low; v <= Math.Min(high, left); v++) { chosen[k] = v; Fill(k + 1, left - v); }
            }
            Fill(0, rest);
            return possible.Where(p => p.Value.Count == 1).ToDictionary(p => p.Key, p => p.Value.Single());
        }
    }
}
