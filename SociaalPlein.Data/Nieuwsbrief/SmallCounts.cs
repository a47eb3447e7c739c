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
    /// Cells of one row that add up to <paramref name="total"/>, which is shown beside them: each 1–4 as "&lt;5", and when
    /// exactly one cell is hidden while the total is shown (the hidden one would be the total minus the others), the
    /// smallest other non-zero cell as <see cref="Secondary"/> too (the first of equals). A zero is never hidden: it says
    /// nothing about anyone.
    /// </summary>
    public static string[] Additive(IReadOnlyList<long> cells, long total)
    {
        var texts = cells.Select(Format).ToArray();
        if (IsHidden(total)) return texts;
        var hidden = Enumerable.Range(0, cells.Count).Where(i => IsHidden(cells[i])).ToList();
        if (hidden.Count != 1) return texts;
        var partner = Enumerable.Range(0, cells.Count).Where(i => i != hidden[0] && cells[i] > 0)
            .OrderBy(i => cells[i]).ThenBy(i => i).Cast<int?>().FirstOrDefault();
        if (partner is int p) texts[p] = Secondary;
        return texts;
    }

    static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");
}
