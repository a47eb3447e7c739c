using System.Globalization;
using ScottPlot;
using SkiaSharp;

namespace SociaalPlein.Data.Nieuwsbrief.Pdf;

/// <summary>
/// What every chart shares: ScottPlot set up in the newsletter's look and rendered straight onto the PDF page (so it
/// stays vector), the scale and its ticks, and the one rule for small counts in a chart. ScottPlot draws the shapes
/// and grid only; every label is the newsletter's own text (wrapped, in the newsletter's fonts).
/// </summary>
static class Charts
{
    /// <summary>
    /// A count from 1 to 4 is labelled "&lt;5" like everywhere else, and its bar or point must not give the exact value
    /// away by its length or height either. The rule: such a value is drawn at the height of 5, as an outline (a dashed
    /// bar, an open circle) instead of a filled shape, so the reader sees "something below 5", never which number.
    /// Scales step by 5 at least, so no gridline suggests a finer reading either.
    /// </summary>
    public const double HiddenAt = 5;

    public static double Plotted(long count) => SmallCounts.IsHidden(count) ? HiddenAt : count;

    static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    /// <summary>A plot with a fixed data area (<paramref name="padding"/> inside the figure) and quiet axes.</summary>
    public static Plot NewPlot(PixelPadding padding)
    {
        var plot = new Plot();
        plot.Font.Set(PdfFonts.Family);
        plot.FigureBackground.Color = Colors.Transparent;
        plot.DataBackground.Color = Colors.Transparent;
        plot.Layout.Fixed(padding);
        plot.Axes.Frame(false);
        plot.Grid.MajorLineColor = Look.Rule.ToPlot();
        plot.Grid.MajorLineWidth = 0.5f;
        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
        {
            axis.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
            axis.MajorTickStyle.Length = 0;
            axis.MinorTickStyle.Length = 0;
            axis.FrameLineStyle.Width = 0;
        }
        return plot;
    }

    /// <summary>The data area ScottPlot gets inside <paramref name="figure"/> with a fixed <paramref name="padding"/>.</summary>
    public static SKRect DataArea(SKRect figure, PixelPadding padding) =>
        new(figure.Left + padding.Left, figure.Top + padding.Top, figure.Right - padding.Right, figure.Bottom - padding.Bottom);

    /// <summary>Gridlines at <paramref name="values"/> on <paramref name="axis"/>, unlabelled (the labels are drawn by <see cref="Tick"/>).</summary>
    public static void Gridlines(IAxis axis, IEnumerable<double> values)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var value in values) ticks.AddMajor(value, "");
        axis.TickGenerator = ticks;
    }

    /// <summary>An upper axis limit with room above the largest value (for its label).</summary>
    public static double Top(IEnumerable<double> values, double room) => Math.Max(HiddenAt, values.DefaultIfEmpty(0).Max()) * room;

    /// <summary>Round steps (5, 10, 20, 50, 100, …, never below 5) from 0 up to <paramref name="top"/>, about five of them.</summary>
    public static IReadOnlyList<double> Ticks(double top)
    {
        var rough = top / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(rough, 1))));
        var step = Math.Max(HiddenAt, new[] { 1, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= rough));
        return Enumerable.Range(0, (int)(top / step) + 1).Select(i => i * step).ToList();
    }

    /// <summary>A tick's label: "1.250".</summary>
    public static string Tick(double value) => value.ToString("N0", Dutch);

    /// <summary>Renders <paramref name="plot"/> into <paramref name="rect"/> of the page and disposes it.</summary>
    public static void Draw(Plot plot, SKCanvas canvas, SKRect rect)
    {
        using (plot)
        {
            // ScottPlot lays out and renders twice on a plot's first render; on a PDF page both passes would stay in the
            // document. A first render on a canvas that draws nothing takes that pass.
            var area = new PixelRect(rect.Left, rect.Right, rect.Bottom, rect.Top);
            plot.RenderManager.ClearCanvasBeforeEachRender = false;
            using (var nowhere = new SKNoDrawCanvas((int)Math.Ceiling(rect.Right), (int)Math.Ceiling(rect.Bottom)))
                plot.Render(nowhere, area);
            canvas.Save();
            plot.Render(canvas, area);
            canvas.Restore();
        }
    }

    const float Swatch = 14, ItemGap = 16;

    /// <summary>A small legend: a stroke of each colour and its label, on one line (or more when narrow).</summary>
    public static float LegendHeight(TextStyle style, IReadOnlyList<(string Label, SKColor Color)> items, float width) =>
        LegendLayout(style, items, width).Max(i => i.Y) + style.LineHeight;

    public static void DrawLegend(SKCanvas canvas, TextStyle style, IReadOnlyList<(string Label, SKColor Color)> items, SKPoint at, float width)
    {
        foreach (var (label, color, x, y) in LegendLayout(style, items, width))
        {
            using var stroke = Look.Stroke(color, 2.2f);
            var middle = at.Y + y + style.LineHeight / 2;
            canvas.DrawLine(at.X + x, middle, at.X + x + Swatch, middle, stroke);
            style.Draw(canvas, label, at.X + x + Swatch + 4, at.Y + y);
        }
    }

    static List<(string Label, SKColor Color, float X, float Y)> LegendLayout(TextStyle style, IReadOnlyList<(string Label, SKColor Color)> items, float width)
    {
        var placed = new List<(string, SKColor, float, float)>();
        float x = 0, y = 0;
        foreach (var (label, color) in items)
        {
            var itemWidth = Swatch + 4 + style.Measure(label);
            if (x > 0 && x + itemWidth > width) { x = 0; y += style.LineHeight; }
            placed.Add((label, color, x, y));
            x += itemWidth + ItemGap;
        }
        return placed;
    }
}
