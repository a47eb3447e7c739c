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

    /// <summary>What a cell or a total shows when it is withheld so that a "&lt;5" cannot be worked out (secondary suppression).</summary>
    public const string Secondary = "x";

    /// <summary>The sentence printed under a table with secondary suppression: what "x" means, plainly.</summary>
    public const string SecondaryNote = "Een \"x\" is een aantal dat we weglaten, zodat niemand een \"<5\" kan terugrekenen uit een totaal. " +
        "Achter een \"x\" kan elk aantal van 1 of meer zitten, klein of groot; ook een totaal kan een \"x\" zijn, en dan staat het overal zo.";

    /// <summary>
    /// Cells of one row that add up to <paramref name="total"/>, which is shown beside them: each 1–4 as "&lt;5", and the
    /// secondary suppression of <see cref="Withheld"/> over that one sum. The last text is the total's.
    /// </summary>
    public static string[] Additive(IReadOnlyList<long> cells, long total)
    {
        long[] counts = [.. cells, total];
        var withheld = Withheld(counts, [new Sum(Enumerable.Range(0, cells.Count).ToArray(), cells.Count)]);
        return counts.Select((count, i) => Text(count, withheld[i])).ToArray();
    }

    /// <summary>
    /// Counts (by their index in the list given to <see cref="Withheld"/>) that add up to another count of that list, the
    /// total; a total may close several sums (the unique visitors: ages, genders, wijken), so it is one index. A cell
    /// belongs to one sum.
    /// </summary>
    public sealed record Sum(IReadOnlyList<int> Cells, int Total);

    /// <summary>
    /// Secondary suppression, the one rule for every table: which counts (cells and totals alike) to print as
    /// <see cref="Secondary"/> so that nothing left out is pinned to one value by what one rendering prints. The reader
    /// we guard against knows the rule: each "&lt;5" is 1 to 4; an "x" beside a "&lt;5" in the same sum was withheld as
    /// its partner, so it is 5 or more; any other "x" (of a sum with no "&lt;5" left, or a total) is 1 or more (a zero
    /// is never withheld: it says nothing about anyone); every sum adds up, also with its total left out and where one
    /// total closes several sums. Where that pins a left-out count, in that sum, in this order:
    /// <list type="number">
    /// <item>the smallest other printed non-zero cell is withheld (the first of equals), as statistics offices do;</item>
    /// <item>when none is left, every "&lt;5" of the sum prints "x" too, so that no one can tell the small cells from
    /// their partners (1 "&lt;5" + 5 "x" = 6 pins the 1; "x" + "x" = 6 does not);</item>
    /// <item>when that is not enough either (six cells of 1 adding up to 6), the total is withheld, and with it every
    /// place it is printed; every other sum it closes is then read again, and may need a cell of its own withheld.</item>
    /// </list>
    /// One step at a time, until nothing is pinned.
    /// </summary>
    public static bool[] Withheld(IReadOnlyList<long> counts, IReadOnlyList<Sum> sums)
    {
        var withheld = new bool[counts.Count];
        bool Printed(int i) => !IsHidden(counts[i]) && !withheld[i];
        for (var changed = true; changed;)
        {
            changed = false;
            var bounds = Bounds(counts, withheld, sums);
            foreach (var sum in sums)
            {
                if (!sum.Cells.Append(sum.Total).Any(i => !Printed(i) && bounds[i].Low == bounds[i].High)) continue;
                int[] step = sum.Cells.Where(i => Printed(i) && counts[i] > 0).OrderBy(i => counts[i]).ThenBy(i => i).Take(1).ToArray() is [_] partner
                    ? partner
                    : sum.Cells.Where(i => IsHidden(counts[i]) && !withheld[i]).ToArray() is { Length: > 0 } small
                        ? small
                        : !withheld[sum.Total] && counts[sum.Total] > 0 ? [sum.Total] : [];
                if (step.Length == 0) continue;
                foreach (var i in step) withheld[i] = true;
                changed = true;
                break;
            }
        }
        return withheld;
    }

    // "1 or more" without an end; far above any count, far below overflow when dozens of them are added.
    const long Unbounded = 1L << 40;

    /// <summary>
    /// What the reader of <see cref="Withheld"/> can know of each count, narrowed by every sum until nothing changes.
    /// Exact (each count's possible values are the whole range) when sums share no more than their totals, as the
    /// newsletter's do: one sum over ranges of whole numbers leaves every value in between possible.
    /// </summary>
    static (long Low, long High)[] Bounds(IReadOnlyList<long> counts, bool[] withheld, IReadOnlyList<Sum> sums)
    {
        var partners = sums.Where(s => s.Cells.Any(i => IsHidden(counts[i]) && !withheld[i])).SelectMany(s => s.Cells).ToHashSet();
        var b = counts.Select((count, i) => withheld[i] ? (Low: partners.Contains(i) ? Minimum : 1L, High: Unbounded)
            : IsHidden(count) ? (Low: 1L, High: Minimum - 1L) : (Low: count, High: count)).ToArray();
        for (var (changed, rounds) = (true, 0); changed && rounds < 100; rounds++)
        {
            changed = false;
            foreach (var sum in sums)
            {
                var (low, high) = (sum.Cells.Sum(i => b[i].Low), sum.Cells.Sum(i => b[i].High));
                changed |= Narrow(ref b[sum.Total], low, high);
                var t = b[sum.Total];
                foreach (var i in sum.Cells)
                    changed |= Narrow(ref b[i], t.Low - (high - b[i].High), t.High - (low - b[i].Low));
            }
        }
        return b;
    }

    static bool Narrow(ref (long Low, long High) bound, long low, long high)
    {
        var narrowed = (Math.Max(bound.Low, low), Math.Min(bound.High, high));
        if (narrowed == bound) return false;
        bound = narrowed;
        return true;
    }

    /// <summary>A count as printed: <see cref="Secondary"/> when withheld (also a 1–4), otherwise <see cref="Format"/>.</summary>
    public static string Text(long count, bool withheld) => withheld ? Secondary : Format(count);

    static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");
}
