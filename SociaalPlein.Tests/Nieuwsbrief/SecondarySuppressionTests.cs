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
    /// <summary>One table: how to put cells into the figures (their total follows), and how its cells are printed.</summary>
    public sealed record Table(string Name, int Size, Func<long[], NewsletterFigures> Fill, Func<NewsletterFigures, long> Total,
        Func<PrintedFigures, IReadOnlyList<string>> Printed)
    {
        public override string ToString() => Name;
    }

    static readonly NewsletterFigures Base = Typical();

    static long[] Padded(long[] cells, int size) => [.. cells, .. Enumerable.Repeat(0L, size - cells.Length)];

    public static readonly Table[] Tables =
    [
        new("kerncijfers: spreekuur en inloop", 2,
            c => Base with { Current = Base.Current with { SpreekuurVisits = c[0], InloopVisits = c[1], Visits = c.Sum() } },
            f => f.Current.Visits, p => p.KeyFigureLines.Skip(3).Take(2).Select(l => l.CurrentText).ToList()),
        new("kerncijfers van het vorige kwartaal", 2,
            c => Base with { Previous = Base.Previous with { SpreekuurVisits = c[0], InloopVisits = c[1], Visits = c.Sum() } },
            f => f.Previous.Visits, p => p.KeyFigureLines.Skip(3).Take(2).Select(l => l.PreviousText).ToList()),
        new("uitkomsten", 4,
            c => Base with { Outcomes = Base.Outcomes with { Afgerond = c[0], Afgewezen = c[1], NietBereikt = c[2], Open = c[3], Total = c.Sum() } },
            f => f.Outcomes.Total, p => p.Outcomes.Select(c => c.Text).ToList()),
        new("verwijzingen per leefgebied", Leefgebieden.Length,
            c => Base with
            {
                ReferralsPerLeefgebied = Leefgebieden.Select((name, i) => new NamedCount(name, c[i])).ToList(),
                Current = Base.Current with { Referrals = c.Sum() },
            },
            f => f.Current.Referrals, p => p.ReferralsPerLeefgebied.Select(c => c.Text).ToList()),
        new("domein naar domein", Base.DomeinFlows.Count,
            c => Base with
            {
                DomeinFlows = Base.DomeinFlows.Select((d, i) => d with { Count = c[i] }).ToList(),
                Current = Base.Current with { Referrals = c.Sum() },
            },
            f => f.Current.Referrals, p => p.DomeinFlows.Values.Select(c => c.Text).ToList()),
        new("leeftijd", Base.AgeBands.Count,
            c => Base with { AgeBands = Base.AgeBands.Select((a, i) => a with { Count = c[i] }).ToList(), Current = Visitors(c) },
            f => f.Current.UniqueVisitors, p => p.AgeBands.Select(c => c.Text).ToList()),
        new("geslacht", Base.Genders.Count,
            c => Base with { Genders = Base.Genders.Select((g, i) => g with { Count = c[i] }).ToList(), Current = Visitors(c) },
            f => f.Current.UniqueVisitors, p => p.Genders.Select(c => c.Text).ToList()),
        new("wijk", Base.Wijken.Count,
            c => Base with { Wijken = Base.Wijken.Select((w, i) => w with { Count = c[i] }).ToList(), Current = Visitors(c) },
            f => f.Current.UniqueVisitors, p => p.Wijken.Select(c => c.Text).ToList()),
        new("per plein, unieke bezoekers", 4, c => PerPlein(c, (k, n) => k with { UniqueVisitors = n }),
            f => f.Current.UniqueVisitors, p => p.PerPlein.Select(row => row.Cells[0].Text).ToList()),
        new("per plein, bezoeken", 4, c => PerPlein(c, (k, n) => k with { Visits = n }),
            f => f.Current.Visits, p => p.PerPlein.Select(row => row.Cells[1].Text).ToList()),
        new("per plein, verwijzingen", 4, c => PerPlein(c, (k, n) => k with { Referrals = n }),
            f => f.Current.Referrals, p => p.PerPlein.Select(row => row.Cells[2].Text).ToList()),
        new("per plein, veelbezoekers", 4, c => PerPlein(c, (k, n) => k with { FrequentVisitors = n }),
            f => f.Current.FrequentVisitors, p => p.PerPlein.Select(row => row.Cells[3].Text).ToList()),
    ];

    // A region of four pleinen whose column of one kerncijfer is the cells, and the region's kerncijfer their sum.
    static NewsletterFigures PerPlein(long[] cells, Func<KeyFigures, long, KeyFigures> set)
    {
        var region = Region(4, 20);
        return region with
        {
            PerPlein = region.PerPlein.Select((p, i) => p with { Figures = set(p.Figures, cells[i]) }).ToList(),
            Current = set(region.Current, cells.Sum()),
        };
    }

    static KeyFigures Visitors(long[] cells) => Base.Current with { UniqueVisitors = cells.Sum() };

    static (NewsletterFigures Figures, long[] Cells) Filled(Table table, long[] cells)
    {
        var all = Padded(cells, table.Size);
        return (table.Fill(all), all);
    }

    [TestCaseSource(nameof(Tables))]
    public void A_single_small_cell_cannot_be_worked_out_from_the_total(Table table)
    {
        var (figures, cells) = Filled(table, table.Size > 2 ? [3, 12, 7] : [3, 12]);
        var total = SmallCounts.Format(table.Total(figures));

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

    [TestCaseSource(nameof(Tables))]
    public void No_hidden_cell_follows_from_the_total_in_any_table_of_small_counts(Table table)
    {
        var leaks = new List<string>();
        for (var a = 0; a <= 7; a++)
        for (var b = 0; b <= 7; b++)
        for (var c = 0; c <= 7; c++)
        {
            long[] chosen = table.Size > 2 ? [a, b, c] : [a, b];
            if (table.Size <= 2 && c > 0) continue;
            var (figures, cells) = Filled(table, chosen);
            var printed = table.Printed(figures.Printed);
            var total = SmallCounts.Format(table.Total(figures));
            // The rule's limit: when every non-zero cell of the sum is left out already and its total is as small as
            // they can be (two "<5" and a total of 8, a "<5" and an "x" and a total of 6), there is nothing left to
            // withhold; only hiding the total (a kerncijfer) would help. Anywhere else nothing is known.
            var nothingLeft = cells.Select((count, i) => count == 0 || printed[i] is SmallCounts.Hidden or SmallCounts.Secondary).All(x => x);
            foreach (var (cell, value) in Reader.Exact(printed, total))
                if (!nothingLeft) leaks.Add($"{string.Join("/", chosen)}: cell {cell} = {value}");
            for (var i = 0; i < cells.Length; i++)
            {
                if (printed[i] == SmallCounts.Hidden) Assert.That(cells[i], Is.InRange(1, 4));
                else if (printed[i] != SmallCounts.Secondary) Assert.That(printed[i], Is.EqualTo(cells[i].ToString()));
            }
        }

        Assert.That(leaks, Is.Empty);
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
