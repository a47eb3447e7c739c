using SkiaSharp;

namespace SociaalPlein.Data.Nieuwsbrief.Pdf;

/// <summary>A table column: its header, its share of the table's width, and whether it holds numbers (right-aligned).</summary>
sealed record Column(string Header, float Weight, bool Numeric = false);

/// <summary>
/// A table whose cells wrap within their column. A row is one piece: a table too long for the page continues on the
/// next one, with its header repeated; the header is never left alone at the bottom of a page.
/// </summary>
sealed class Table(IReadOnlyList<Column> columns, IEnumerable<IReadOnlyList<string>> rows, bool rowHeaders = false) : IBlock
{
    const float PadX = 5, PadY = 3f, After = 8;
    const int KeptFirstRows = 2;

    public void Flow(PageCursor cursor)
    {
        var widths = columns.Select(c => c.Weight / columns.Sum(x => x.Weight) * cursor.Width).ToArray();
        var styles = cursor.Styles;
        var header = Measure(styles, columns.Select(c => c.Header).ToList(), widths, header: true, striped: false);
        var all = rows.ToList();
        for (var index = 0; index < all.Count; index++)
        {
            var row = Measure(styles, all[index], widths, header: false, striped: index % 2 == 1);
            if (index > 0 && !cursor.Fits(row.Height)) cursor.NewPage();
            if (index == 0 || cursor.AtPageTop) Place(cursor, header, widths, keepWithNext: true);
            // Never one row alone: the header and the first two rows stay together, and so do the last two.
            var keep = index < all.Count - 1 && (index < KeptFirstRows - 1 || index == all.Count - 2);
            Place(cursor, row, widths, keepWithNext: keep);
        }
        if (all.Count == 0) new Paragraph("Geen gegevens in dit kwartaal.", s => s.Small).Flow(cursor);
        cursor.Skip(After);
    }

    sealed record Row(IReadOnlyList<string>[] Cells, TextStyle[] Styles, float Height, bool Header, bool Striped);

    Row Measure(TextStyles styles, IReadOnlyList<string> cells, float[] widths, bool header, bool striped)
    {
        var cellStyles = Enumerable.Range(0, columns.Count)
            .Select(i => header ? styles.SmallBold : rowHeaders && i == 0 ? styles.CellBold : styles.Cell).ToArray();
        var lines = new IReadOnlyList<string>[columns.Count];
        for (var i = 0; i < columns.Count; i++)
            lines[i] = cellStyles[i].Wrap(i < cells.Count ? cells[i] : "", widths[i] - 2 * PadX);
        var height = Enumerable.Range(0, columns.Count).Max(i => cellStyles[i].Height(lines[i].Count)) + 2 * PadY;
        return new Row(lines, cellStyles, height, header, striped);
    }

    void Place(PageCursor cursor, Row row, float[] widths, bool keepWithNext) => cursor.Place(row.Height, (canvas, box) =>
    {
        if (row.Striped)
        {
            using var stripe = Look.Fill(Look.Tint);
            canvas.DrawRect(box, stripe);
        }
        var x = box.Left;
        for (var i = 0; i < columns.Count; i++)
        {
            var style = row.Styles[i];
            if (columns[i].Numeric) style.DrawLines(canvas, row.Cells[i], x + widths[i] - PadX, box.Top + PadY, SKTextAlign.Right);
            else style.DrawLines(canvas, row.Cells[i], x + PadX, box.Top + PadY);
            x += widths[i];
        }
        using var rule = row.Header ? Look.Stroke(Look.Accent, 1f) : Look.Stroke(Look.Rule, 0.5f);
        canvas.DrawLine(box.Left, box.Bottom, box.Right, box.Bottom, rule);
    }, keepWithNext);
}
