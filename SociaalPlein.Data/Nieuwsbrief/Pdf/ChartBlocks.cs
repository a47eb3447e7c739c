using ScottPlot;
using SkiaSharp;

namespace SociaalPlein.Data.Nieuwsbrief.Pdf;

/// <summary>
/// Horizontal bars, one per named count, each labelled with its value at its end. The names and values are drawn by
/// the newsletter, not by ScottPlot, so a long name wraps beside its bar instead of running off the page. Many bars
/// continue on the next page, on the same scale.
/// </summary>
sealed class BarChart(IReadOnlyList<NamedCount> items) : IBlock
{
    const float LabelShare = 0.36f, LabelGap = 8, AxisHeight = 18, PadTop = 5, PadRight = 14, MinRow = 15, MinRowsOnPage = 3;

    /// <summary>The bars measured at the cursor's width: the wrapped names, one row height for all, the scale.</summary>
    sealed record Measured(IReadOnlyList<IReadOnlyList<string>> Labels, float LabelWidth, float RowHeight, double AxisMax)
    {
        public float HeightOf(int rows) => PadTop + rows * RowHeight + AxisHeight;
    }

    public void Flow(PageCursor cursor)
    {
        if (items.Count == 0) new Paragraph("Geen gegevens in dit kwartaal.", Look.Small).Flow(cursor);
        var m = Measure(cursor.Width);
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

    Measured Measure(float width)
    {
        var labelWidth = width * LabelShare;
        var labels = items.Select(i => Look.Cell.Wrap(Names.Capitalised(i.Name), labelWidth - LabelGap)).ToList();
        var rowHeight = Math.Max(MinRow, labels.DefaultIfEmpty([""]).Max(l => Look.Cell.Height(l.Count)) + 5);
        return new Measured(labels, labelWidth, rowHeight, Charts.Top(items.Select(i => Charts.Plotted(i.Count)), room: 1.16));
    }

    void Draw(SKCanvas canvas, SKRect box, Measured m, int from, int count)
    {
        var bars = new SKRect(box.Left + m.LabelWidth, box.Top, box.Right, box.Bottom);
        Charts.Draw(Bars(from, count, m.AxisMax), canvas, bars);
        for (var i = 0; i < count; i++)
        {
            var (lines, value) = (m.Labels[from + i], items[from + i].Count);
            var middle = box.Top + PadTop + (i + 0.5f) * m.RowHeight;
            Look.Cell.DrawLines(canvas, lines, box.Left, middle - Look.Cell.Height(lines.Count) / 2);
            // The value just past the end of its bar, in the data area ScottPlot was given (fixed padding).
            var end = bars.Left + (float)(Charts.Plotted(value) / m.AxisMax) * (bars.Width - PadRight);
            Look.Cell.Draw(canvas, SmallCounts.Format(value), end + 4, middle - Look.Cell.LineHeight / 2);
        }
    }

    Plot Bars(int from, int count, double axisMax)
    {
        var plot = Charts.NewPlot(new PixelPadding(0, PadRight, AxisHeight, PadTop));
        var bars = new List<Bar>();
        for (var i = 0; i < count; i++)
        {
            var value = items[from + i].Count;
            var hidden = SmallCounts.IsHidden(value);
            bars.Add(new Bar
            {
                // The first item on top.
                Position = count - 1 - i,
                Value = Charts.Plotted(value),
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
        Charts.CountTicks(plot.Axes.Bottom);
        Charts.NoTicks(plot.Axes.Left);
        plot.Grid.YAxisStyle.IsVisible = false;
        return plot;
    }
}

/// <summary>
/// The last quarters as lines (unique visitors, visits, referrals), with its own legend above. A small count is an open
/// circle at the height of 5 with "&lt;5" beside it (see <see cref="Charts.HiddenAt"/>).
/// </summary>
sealed class TrendChart(IReadOnlyList<QuarterTrend> trend) : IBlock
{
    const float PlotHeight = 175, LegendGap = 6;

    static readonly (string Label, SKColor Color, Func<QuarterTrend, long> Value)[] Series =
    [
        ("Unieke bezoekers", Look.Data, t => t.UniqueVisitors),
        ("Bezoeken", Look.Data2, t => t.Visits),
        ("Verwijzingen", Look.Data3, t => t.Referrals),
    ];

    public void Flow(PageCursor cursor)
    {
        var legend = Series.Select(s => (s.Label, s.Color)).ToList();
        var legendHeight = Charts.LegendHeight(legend, cursor.Width);
        cursor.Place(legendHeight + LegendGap + PlotHeight, (canvas, box) =>
        {
            Charts.DrawLegend(canvas, legend, box.Left, box.Top, box.Width);
            Charts.Draw(Lines(), canvas, new SKRect(box.Left, box.Top + legendHeight + LegendGap, box.Right, box.Bottom));
        });
        cursor.Skip(8);
    }

    Plot Lines()
    {
        var plot = Charts.NewPlot(new PixelPadding(44, 18, 22, 6));
        var xs = Enumerable.Range(0, trend.Count).Select(i => (double)i).ToArray();
        foreach (var (_, color, value) in Series)
        {
            var ys = trend.Select(t => Charts.Plotted(value(t))).ToArray();
            var line = plot.Add.ScatterLine(xs, ys, color.ToPlot());
            line.LineWidth = 2;
            line.MarkerSize = 0;
            for (var i = 0; i < trend.Count; i++)
            {
                var hidden = SmallCounts.IsHidden(value(trend[i]));
                var marker = plot.Add.Marker(xs[i], ys[i], hidden ? MarkerShape.OpenCircle : MarkerShape.FilledCircle, hidden ? 7 : 5, color.ToPlot());
                if (hidden) marker.MarkerLineWidth = 1.2f;
                if (!hidden) continue;
                var text = plot.Add.Text(SmallCounts.Hidden, xs[i], ys[i]);
                text.LabelFontSize = 7.5f;
                text.LabelFontColor = color.ToPlot();
                text.LabelAlignment = Alignment.LowerLeft;
                text.OffsetX = 4;
                text.OffsetY = -2;
            }
        }
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var i = 0; i < trend.Count; i++) ticks.AddMajor(i, trend[i].Quarter.ToString());
        plot.Axes.Bottom.TickGenerator = ticks;
        Charts.CountTicks(plot.Axes.Left);
        plot.Grid.XAxisStyle.IsVisible = false;
        var top = Charts.Top(Series.SelectMany(s => trend.Select(t => Charts.Plotted(s.Value(t)))), room: 1.12);
        plot.Axes.SetLimits(-0.4, Math.Max(0.4, trend.Count - 0.6), 0, top);
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
