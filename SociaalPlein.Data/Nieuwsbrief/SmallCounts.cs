using System.Globalization;

namespace SociaalPlein.Data.Nieuwsbrief;

/// <summary>
/// Small-cell suppression (design.md §4): in the newsletter and the dashboard every count from 1 to 4 is printed as
/// "&lt;5", and nothing derived from it (a change, a share) may give the exact number away. Every rendering of a
/// figure goes through here, so the PDF and the page cannot disagree.
/// </summary>
public static class SmallCounts
{
    public const string Hidden = "<5";

    /// <summary>The sentence every rendering prints once.</summary>
    public const string Note = "Aantallen van 1 tot en met 4 staan er als \"<5\": zo is niemand uit de cijfers te herkennen.";

    /// <summary>The smallest count printed as itself; SQL that groups small cells together takes it as a parameter.</summary>
    public const int Minimum = 5;

    public static bool IsHidden(long count) => count is >= 1 and < Minimum;

    /// <summary>"1.234", "0" or "&lt;5".</summary>
    public static string Format(long count) => IsHidden(count) ? Hidden : count.ToString("N0", Dutch);

    /// <summary>
    /// "+12%", "−3%", "0%"; null when the change would reveal a hidden count (either side 1–4) or has no base
    /// (previous quarter 0).
    /// </summary>
    public static string? Change(long current, long previous)
    {
        if (IsHidden(current) || IsHidden(previous) || previous == 0) return null;
        var percent = (int)Math.Round((current - previous) * 100m / previous, MidpointRounding.AwayFromZero);
        return percent switch
        {
            > 0 => $"+{percent}%",
            < 0 => $"−{-percent}%",
            _ => "0%",
        };
    }

    /// <summary>
    /// The value a chart draws for a count: every hidden count (1–4) at the same <see cref="HiddenChartValue"/>, so a bar
    /// or a point gives no more away than its "&lt;5" label.
    /// </summary>
    public static double ChartValue(long count) => IsHidden(count) ? HiddenChartValue : count;

    /// <summary>Halfway between 1 and 4: drawn visibly, never read as a real number.</summary>
    public const double HiddenChartValue = 2.5;

    /// <summary>"37%" of the total; "&lt;5" when the part is hidden, "–" when the total is 0.</summary>
    public static string Share(long part, long total)
    {
        if (IsHidden(part)) return Hidden;
        if (total == 0) return "–";
        return Math.Round(part * 100m / total, MidpointRounding.AwayFromZero).ToString(Dutch) + "%";
    }

    /// <summary>What a cell shows when it is hidden only so that a small cell beside it cannot be worked out.</summary>
    public const string Secondary = "x";

    /// <summary>The sentence printed under a table with secondary suppression.</summary>
    public const string SecondaryNote = "Een \"x\" staat er waar een getal is weggelaten, zodat een \"<5\" niet uit het totaal is terug te rekenen.";

    /// <summary>
    /// Cells of one row that add up to <paramref name="total"/>, which is shown beside them: each 1–4 as "&lt;5", and the
    /// secondary suppression of <see cref="Withheld"/> over that one sum.
    /// </summary>
    public static string[] Additive(IReadOnlyList<long> cells, long total)
    {
        var withheld = Withheld(cells, [new Sum(Enumerable.Range(0, cells.Count).ToArray(), total)]);
        return cells.Select((count, i) => Text(count, withheld[i])).ToArray();
    }

    /// <summary>Cells (by their index in the list given to <see cref="Withheld"/>) that add up to a total printed somewhere.</summary>
    public sealed record Sum(IReadOnlyList<int> Cells, long Total);

    /// <summary>
    /// Secondary suppression, the one rule for every table: which cells to print as <see cref="Secondary"/> so that no
    /// hidden count (1–4) follows from a printed total minus the printed cells. A reader of a sum whose total is printed
    /// (not itself hidden) knows what its left-out cells add up to, that each "&lt;5" is 1 to 4 and that each "x" is 5
    /// or more (a zero is never withheld: it says nothing about anyone). Where that pins a left-out cell to one value
    /// (a single left-out cell always; also two "&lt;5" adding up to 2 or to 8, or a 1 beside an "x" of 5), the smallest
    /// other non-zero cell of that sum is withheld too (the first of equals), and so on, over every sum, until none pins
    /// a cell or a sum has nothing left to withhold.
    /// </summary>
    public static bool[] Withheld(IReadOnlyList<long> cells, IReadOnlyList<Sum> sums)
    {
        var withheld = new bool[cells.Count];
        bool LeftOut(int i) => IsHidden(cells[i]) || withheld[i];
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var sum in sums.Where(s => !IsHidden(s.Total)))
            {
                var leftOut = sum.Cells.Where(LeftOut).ToList();
                if (leftOut.Count == 0) continue;
                var rest = sum.Total - sum.Cells.Where(i => !LeftOut(i)).Sum(i => cells[i]);
                var bounds = leftOut.Select(i => IsHidden(cells[i]) ? (Low: 1L, High: Minimum - 1L) : (Low: (long)Minimum, High: rest)).ToList();
                if (!AnyPinned(bounds, rest)) continue;
                var partner = sum.Cells.Where(i => !LeftOut(i) && cells[i] > 0).OrderBy(i => cells[i]).ThenBy(i => i)
                    .Cast<int?>().FirstOrDefault();
                if (partner is not int p) continue;
                withheld[p] = true;
                changed = true;
            }
        }
        return withheld;
    }

    // Whether cells within these bounds that add up to rest leave one of them a single possible value.
    static bool AnyPinned(IReadOnlyList<(long Low, long High)> bounds, long rest)
    {
        var (low, high) = (bounds.Sum(b => b.Low), bounds.Sum(b => b.High));
        return bounds.Any(b => Math.Max(b.Low, rest - (high - b.High)) == Math.Min(b.High, rest - (low - b.Low)));
    }

    /// <summary>A cell as printed: <see cref="Secondary"/> when withheld, otherwise <see cref="Format"/>.</summary>
    public static string Text(long count, bool withheld) => withheld ? Secondary : Format(count);

    static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");
}
