using System.Globalization;
using ScottPlot;
using SkiaSharp;

namespace SociaalPlein.Data.Nieuwsbrief.Pdf;

/// <summary>
/// What every chart shares: ScottPlot set up in the newsletter's look, rendered straight onto the PDF page (so it stays
/// vector), and the one rule for small counts in a chart.
/// </summary>
static class Charts
{
    /// <summary>
    /// A count from 1 to 4 is labelled "&lt;5" like everywhere else, and its bar or point must not give the exact value
    /// away by its length or height either. The rule: such a value is drawn at the height of 5, as an outline (a dashed
    /// bar, an open circle) instead of a filled shape, so the reader sees "something below 5", never which number.
    /// </summary>
    public const double HiddenAt = 5;

    public static double Plotted(long count) => SmallCounts.IsHidden(count) ? HiddenAt : count;

    static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    /// <summary>A plot with a fixed data area (<paramref name="padding"/> inside the figure), DejaVu text and quiet axes.</summary>
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
            axis.TickLabelStyle.FontSize = 7.5f;
            axis.TickLabelStyle.ForeColor = Look.Muted.ToPlot();
            axis.MajorTickStyle.Color = Look.Rule.ToPlot();
            axis.MinorTickStyle.Length = 0;
            axis.FrameLineStyle.Width = 0;
        }
        return plot;
    }

    /// <summary>Whole numbers in the Dutch way ("1.250") on an axis.</summary>
    public static void CountTicks(IAxis axis) =>
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            IntegerTicksOnly = true,
            TargetTickCount = 6,
            LabelFormatter = value => value.ToString("N0", Dutch),
        };

    /// <summary>No ticks and no labels on <paramref name="axis"/> (the newsletter draws its own labels there).</summary>
    public static void NoTicks(IAxis axis)
    {
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
        axis.MajorTickStyle.Length = 0;
    }

    /// <summary>An upper axis limit with room above the largest value for its label.</summary>
    public static double Top(IEnumerable<double> values, double room) => Math.Max(HiddenAt, values.DefaultIfEmpty(0).Max()) * room;

    /// <summary>Renders <paramref name="plot"/> into <paramref name="rect"/> of the page and disposes it.</summary>
    public static void Draw(Plot plot, SKCanvas canvas, SKRect rect)
    {
        using (plot)
        {
            // ScottPlot lays out and renders twice on a plot's first render; on a PDF page both passes would stay in the
            // document (every label twice in its text). A first render on a canvas that draws nothing takes that pass.
            var area = new PixelRect(rect.Left, rect.Right, rect.Bottom, rect.Top);
            plot.RenderManager.ClearCanvasBeforeEachRender = false;
            using (var nowhere = new SKNoDrawCanvas((int)Math.Ceiling(rect.Right), (int)Math.Ceiling(rect.Bottom)))
                plot.Render(nowhere, area);
            canvas.Save();
            plot.Render(canvas, area);
            canvas.Restore();
        }
    }

    /// <summary>A small legend: a stroke of each colour and its label, on one line (wrapping when long).</summary>
    public static float LegendHeight(IReadOnlyList<(string Label, SKColor Color)> items, float width) =>
        LegendLayout(items, width).Max(i => i.Y) + Look.Small.LineHeight;

    public static void DrawLegend(SKCanvas canvas, IReadOnlyList<(string Label, SKColor Color)> items, float left, float top, float width)
    {
        foreach (var (label, color, x, y) in LegendLayout(items, width))
        {
            using var stroke = Look.Stroke(color, 2.2f);
            var middle = top + y + Look.Small.LineHeight / 2;
            canvas.DrawLine(left + x, middle, left + x + Swatch, middle, stroke);
            Look.Small.Draw(canvas, label, left + x + Swatch + 4, top + y);
        }
    }

    const float Swatch = 14, ItemGap = 16;

    static List<(string Label, SKColor Color, float X, float Y)> LegendLayout(IReadOnlyList<(string Label, SKColor Color)> items, float width)
    {
        var placed = new List<(string, SKColor, float, float)>();
        float x = 0, y = 0;
        foreach (var (label, color) in items)
        {
            var itemWidth = Swatch + 4 + Look.Small.Measure(label);
            if (x > 0 && x + itemWidth > width) { x = 0; y += Look.Small.LineHeight; }
            placed.Add((label, color, x, y));
            x += itemWidth + ItemGap;
        }
        return placed;
    }
}
