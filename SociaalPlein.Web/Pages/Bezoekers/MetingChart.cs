using System.Globalization;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Metingen;

namespace SociaalPlein.Web.Pages.Bezoekers;

/// <summary>
/// One leefgebied's steps over time as a small inline SVG, drawn on the server (no script, no style attribute, so the
/// page's CSP holds): time from left to right, step 1 at the bottom and 5 at the top. The text alternative says the
/// same in words; the table beside it has every value.
/// </summary>
public sealed record MetingChart(string Leefgebied, IReadOnlyList<MetingChart.Point> Points, string Summary)
{
    public const int Width = 320, Height = 120;
    const int Left = 28, Right = 12, Top = 10, Bottom = 22;

    public sealed record Point(double X, double Y, DateOnly On, short Step);

    public static IReadOnlyList<int> Steps => [1, 2, 3, 4, 5];

    /// <summary>The y of step <paramref name="step"/>'s grid line.</summary>
    public static double YOf(int step) => Top + (5 - step) * (Height - Top - Bottom) / 4.0;

    public static double XLeft => Left;
    public static double XRight => Width - Right;

    public string Polyline => string.Join(' ', Points.Select(p => F(p.X) + "," + F(p.Y)));

    public static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    public static MetingChart Of(string leefgebied, IReadOnlyList<CardMeting> metingen, IReadOnlyList<MetingStep> scale)
    {
        var first = metingen[0].MeasuredOn.DayNumber;
        var span = Math.Max(1, metingen[^1].MeasuredOn.DayNumber - first);
        var points = metingen.Select(m => new Point(
            metingen.Count == 1 ? (XLeft + XRight) / 2 : XLeft + (m.MeasuredOn.DayNumber - first) * (XRight - XLeft) / span,
            YOf(m.Step), m.MeasuredOn, m.Step)).ToList();
        return new MetingChart(leefgebied, points, Describe(leefgebied, metingen, scale));
    }

    static string Describe(string leefgebied, IReadOnlyList<CardMeting> metingen, IReadOnlyList<MetingStep> scale)
    {
        string Label(short step) => scale.FirstOrDefault(s => s.Step == step)?.Label ?? $"stap {step}";
        var first = metingen[0];
        var last = metingen[^1];
        if (metingen.Count == 1)
            return $"{leefgebied}: één meting, op {PleinTime.DateText(first.MeasuredOn)}: stap {first.Step} ({Label(first.Step)}).";
        var change = (last.Step - first.Step) switch
        {
            > 0 => "omhoog",
            < 0 => "omlaag",
            _ => "gelijk gebleven",
        };
        return $"{leefgebied}: {metingen.Count} metingen, van stap {first.Step} ({Label(first.Step)}) op {PleinTime.DateText(first.MeasuredOn)} " +
               $"naar stap {last.Step} ({Label(last.Step)}) op {PleinTime.DateText(last.MeasuredOn)}: {change}.";
    }
}
