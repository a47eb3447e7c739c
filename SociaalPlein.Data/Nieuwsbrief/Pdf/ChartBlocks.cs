using ScottPlot;
using SkiaSharp;

namespace SociaalPlein.Data.Nieuwsbrief.Pdf;

/// <summary>
/// Horizontal bars, one per named count, each with its value at its end. A long name wraps beside its bar instead of
/// running off the page. Many bars continue on the next page, on the same scale. A withheld count
/// (<see cref="SmallCounts.Secondary"/>) has its "x" and no bar, and the scale is of the drawn bars only.
/// </summary>
sealed class BarChart(IReadOnlyList<PrintedCount> items) : IBlock
{
    const float LabelShare = 0.36f, LabelGap = 8, MinRow = 15, MinRowsOnPage = 3;
    static readonly PixelPadding Padding = new(0, 14, 18, 5);

    /// <summary>The bars measured at the cursor's width: the wrapped names, one row height for all, the scale.</summary>
    sealed record Measured(TextStyles Styles, IReadOnlyList<IReadOnlyList<string>> Labels, float LabelWidth, float RowHeight, double AxisMax)
    {
        public float HeightOf(int rows) => Padding.Top + rows * RowHeight + Padding.Bottom;
    }

    public void Flow(PageCursor cursor)
    {
        if (items.Count == 0) new Paragraph("Geen gegevens in dit kwartaal.", s => s.Small).Flow(cursor);
        var m = Measure(cursor.Styles, cursor.Width);
        var start = 0;
        while (start < items.Count)
        {
            // The whole chart on one page when a page can hold it; otherwise as many bars as fit, then the rest.
            var rest = items.Count - start;
            var fit = (int)((cursor.SpaceLeft - m.HeightOf(0)) / m.RowHeight);
            var wholeFitsOnAPage = m.HeightOf(rest) <= cursor.PageContentHeight;
            if (!cursor.AtPageTop && (fit < Math.Min(MinRowsOnPage, rest) || (fit < rest && wholeFitsOnAPage))) { cursor.NewPage(); continue; }
            var (from, count) = (start, Math.Clamp(fit, 1, rest));
            cursor.Place(m.HeightOf(count), (canvas, box) => Draw(canvas, box, m, from, count));
            start += count;
        }
        cursor.Skip(8);
    }

    Measured Measure(TextStyles styles, float width)
    {
        var labelWidth = width * LabelShare;
        var labels = items.Select(i => styles.Cell.Wrap(Names.Capitalised(i.Name), labelWidth - LabelGap)).ToList();
        var rowHeight = Math.Max(MinRow, labels.DefaultIfEmpty([""]).Max(l => styles.Cell.Height(l.Count)) + 5);
        return new Measured(styles, labels, labelWidth, rowHeight, Charts.Top(items.Where(i => !i.Withheld).Select(i => Charts.Plotted(i.Count)), room: 1.16));
    }

    void Draw(SKCanvas canvas, SKRect box, Measured m, int from, int count)
    {
        var (cell, axis) = (m.Styles.Cell, m.Styles.Axis);
        var figure = new SKRect(box.Left + m.LabelWidth, box.Top, box.Right, box.Bottom);
        var data = Charts.DataArea(figure, Padding);
        var ticks = Charts.Ticks(m.AxisMax);
        Charts.Draw(Bars(from, count, m.AxisMax, ticks), canvas, figure);
        float X(double value) => data.Left + (float)(value / m.AxisMax) * data.Width;
        foreach (var tick in ticks) axis.Draw(canvas, Charts.Tick(tick), X(tick), data.Bottom + 3, SKTextAlign.Center);
        for (var i = 0; i < count; i++)
        {
            var (lines, item) = (m.Labels[from + i], items[from + i]);
            var middle = data.Top + (i + 0.5f) * m.RowHeight;
            cell.DrawLines(canvas, lines, box.Left, middle - cell.Height(lines.Count) / 2);
            cell.Draw(canvas, item.Text, X(Plotted(item)) + 4, middle - cell.LineHeight / 2);
        }
    }

    static double Plotted(PrintedCount item) => item.Withheld ? 0 : Charts.Plotted(item.Count);

    Plot Bars(int from, int count, double axisMax, IEnumerable<double> ticks)
    {
        var plot = Charts.NewPlot(Padding);
        var bars = new List<Bar>();
        for (var i = 0; i < count; i++)
        {
            var item = items[from + i];
            var hidden = item.Hidden;
            bars.Add(new Bar
            {
                // The first item on top.
                Position = count - 1 - i,
                Value = Plotted(item),
                Size = 0.62,
                Orientation = Orientation.Horizontal,
                FillColor = hidden ? Colors.Transparent : Look.Data.ToPlot(),
                LineColor = Look.Data.ToPlot(),
                LineWidth = hidden ? 1 : 0,
                LinePattern = hidden ? LinePattern.Dashed : LinePattern.Solid,
            });
        }
        plot.Add.Bars(bars).Horizontal = true;
        plot.Axes.SetLimits(0, axisMax, -0.5, count - 0.5);
        Charts.Gridlines(plot.Axes.Bottom, ticks);
        plot.Grid.YAxisStyle.IsVisible = false;
        return plot;
    }
}

/// <summary>
/// The last quarters as lines (unique visitors, visits, referrals), with a legend above. A small count is an open
/// circle at the height of 5 with "&lt;5" beside it (see <see cref="Charts.HiddenAt"/>); a withheld one (always small,
/// <see cref="PrintedFigures"/>) likewise with "x", and the scale is of the other points only.
/// </summary>
sealed class TrendChart(IReadOnlyList<PrintedTrend> trend) : IBlock
{
    const float PlotHeight = 175, LegendGap = 6;
    static readonly PixelPadding Padding = new(44, 18, 20, 6);

    static readonly (string Label, SKColor Color, Func<PrintedTrend, PrintedCount> Value)[] Series =
    [
        ("Unieke bezoekers", Look.Data, t => t.UniqueVisitors),
        ("Bezoeken", Look.Data2, t => t.Visits),
        ("Verwijzingen", Look.Data3, t => t.Referrals),
    ];

    static bool Open(PrintedCount c) => c.Withheld || c.Hidden;

    static double Plotted(PrintedCount c) => c.Withheld ? Charts.HiddenAt : Charts.Plotted(c.Count);

    public void Flow(PageCursor cursor)
    {
        var legend = Series.Select(s => (s.Label, s.Color)).ToList();
        var small = cursor.Styles.Small;
        var legendHeight = Charts.LegendHeight(small, legend, cursor.Width);
        var axis = cursor.Styles.Axis;
        cursor.Place(legendHeight + LegendGap + PlotHeight, (canvas, box) =>
        {
            Charts.DrawLegend(canvas, small, legend, new SKPoint(box.Left, box.Top), box.Width);
            Draw(canvas, axis, new SKRect(box.Left, box.Top + legendHeight + LegendGap, box.Right, box.Bottom));
        });
        cursor.Skip(8);
    }

    void Draw(SKCanvas canvas, TextStyle axis, SKRect figure)
    {
        var top = Charts.Top(Series.SelectMany(s => trend.Select(t => Plotted(s.Value(t)))), room: 1.12);
        var ticks = Charts.Ticks(top);
        var (left, right) = (-0.4, Math.Max(0.4, trend.Count - 0.6));
        Charts.Draw(Lines(ticks, left, right, top), canvas, figure);

        var data = Charts.DataArea(figure, Padding);
        float X(double x) => data.Left + (float)((x - left) / (right - left)) * data.Width;
        float Y(double y) => data.Bottom - (float)(y / top) * data.Height;
        foreach (var tick in ticks) axis.Draw(canvas, Charts.Tick(tick), data.Left - 6, Y(tick) - axis.LineHeight / 2, SKTextAlign.Right);
        for (var i = 0; i < trend.Count; i++)
        {
            axis.Draw(canvas, trend[i].Quarter.ToString(), X(i), data.Bottom + 4, SKTextAlign.Center);
            var label = string.Join(" ", new[] { SmallCounts.Hidden, SmallCounts.Secondary }.Where(text => Series.Any(s => s.Value(trend[i]).Text == text)));
            if (label != "") axis.Draw(canvas, label, X(i) - 5, Y(Charts.HiddenAt) - axis.LineHeight - 1, SKTextAlign.Right);
        }
    }

    Plot Lines(IEnumerable<double> ticks, double left, double right, double top)
    {
        var plot = Charts.NewPlot(Padding);
        var xs = Enumerable.Range(0, trend.Count).Select(i => (double)i).ToArray();
        foreach (var (_, color, value) in Series)
        {
            var ys = trend.Select(t => Plotted(value(t))).ToArray();
            var line = plot.Add.ScatterLine(xs, ys, color.ToPlot());
            line.LineWidth = 2;
            line.MarkerSize = 0;
            for (var i = 0; i < trend.Count; i++)
            {
                var hidden = Open(value(trend[i]));
                var marker = plot.Add.Marker(xs[i], ys[i], hidden ? MarkerShape.OpenCircle : MarkerShape.FilledCircle, hidden ? 7 : 5, color.ToPlot());
                marker.MarkerLineWidth = 1.2f;
            }
        }
        Charts.Gridlines(plot.Axes.Left, ticks);
        plot.Grid.XAxisStyle.IsVisible = false;
        plot.Axes.SetLimits(left, right, 0, top);
        return plot;
    }
}

/// <summary>Names from the database as a heading or label shows them.</summary>
static class Names
{
    /// <summary>"financiën" → "Financiën"; a name that starts with a capital or a digit stays as it is.</summary>
    public static string Capitalised(string name) =>
        name.Length > 0 && char.IsLower(name[0]) ? char.ToUpper(name[0], System.Globalization.CultureInfo.GetCultureInfo("nl-NL")) + name[1..] : name;
}
