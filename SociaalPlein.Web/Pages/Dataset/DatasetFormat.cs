using System.Globalization;
using SociaalPlein.Data.Nieuwsbrief;

namespace SociaalPlein.Web.Pages.Dataset;

/// <summary>One table of counts with a bar per row (leefgebieden, age bands, genders, wijken), as printed (PrintedFigures).</summary>
public sealed record CountTable(string Id, string Caption, string NameHeader, IReadOnlyList<PrintedCount> Rows, long Total);

/// <summary>How /dataset prints figures: every count and every bar through SmallCounts, like the PDF.</summary>
public static class DatasetFormat
{
    /// <summary>
    /// The width attribute of a bar (an SVG attribute, since the CSP allows no inline style) for <paramref name="count"/> against the largest of its set: a hidden count (1–4) is as long
    /// as any other hidden count (SmallCounts.ChartValue), so its bar says no more than its "&lt;5".
    /// </summary>
    public static string BarWidth(long count, long max)
    {
        var scale = SmallCounts.ChartValue(max);
        var percent = scale == 0 ? 0 : SmallCounts.ChartValue(count) / scale * 100;
        return percent.ToString("0.#", CultureInfo.InvariantCulture) + "%";
    }

    /// <summary>
    /// A printed cell's bar: none for a withheld one (its length would give it away), and <paramref name="max"/> is
    /// PrintedCount.ScaleOf its set, so the scale says nothing of a withheld cell either.
    /// </summary>
    public static string BarWidth(PrintedCount cell, long max) => cell.Withheld ? "0%" : BarWidth(cell.Count, max);

    /// <summary>The bar's class: hatched when the count is hidden, so it does not read as a measured length.</summary>
    public static string BarClass(long count) => SmallCounts.IsHidden(count) ? "bar bar-hidden" : "bar";

    /// <summary>The bar's class for a printed count: a withheld one (no bar) never hatched, which would say it is small.</summary>
    public static string BarClass(PrintedCount cell) => cell.Hidden ? "bar bar-hidden" : "bar";

    /// <summary>"3", "2,5"; "niet getoond" reasons are the page's.</summary>
    public static string Days(decimal days) => days.ToString("0.#", CultureInfo.GetCultureInfo("nl-NL"));
}
