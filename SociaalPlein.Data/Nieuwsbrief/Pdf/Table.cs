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

    sealed record Row(IReadOnlyList<string>[] Cells, float Height, bool Header, bool Striped);

    public void Flow(PageCursor cursor)
    {
        var widths = columns.Select(c => c.Weight / columns.Sum(x => x.Weight) * cursor.Width).ToArray();
        var header = Measure(columns.Select(c => c.Header).ToList(), widths, header: true, striped: false);
        var all = rows.ToList();
        for (var index = 0; index < all.Count; index++)
        {
            var row = Measure(all[index], widths, header: false, striped: index % 2 == 1);
            if (index > 0 && !cursor.Fits(row.Height)) cursor.NewPage();
            if (index == 0 || cursor.AtPageTop) Place(cursor, header, widths, keepWithNext: true);
            // The header and the first rows go to the next page together rather than leave one row behind.
            Place(cursor, row, widths, keepWithNext: index < KeptFirstRows && index < all.Count - 1);
        }
        if (all.Count == 0) new Paragraph("Geen gegevens in dit kwartaal.", Look.Small).Flow(cursor);
        cursor.Skip(After);
    }

    Row Measure(IReadOnlyList<string> cells, float[] widths, bool header, bool striped)
    {
        var lines = new IReadOnlyList<string>[columns.Count];
        for (var i = 0; i < columns.Count; i++)
            lines[i] = StyleOf(i, header).Wrap(i < cells.Count ? cells[i] : "", widths[i] - 2 * PadX);
        var height = Enumerable.Range(0, columns.Count).Max(i => StyleOf(i, header).Height(lines[i].Count)) + 2 * PadY;
        return new Row(lines, height, header, striped);
    }

    TextStyle StyleOf(int column, bool header) =>
        header ? Look.SmallBold : rowHeaders && column == 0 ? Look.CellBold : Look.Cell;

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
            var style = StyleOf(i, row.Header);
            if (columns[i].Numeric) style.DrawLines(canvas, row.Cells[i], x + widths[i] - PadX, box.Top + PadY, SKTextAlign.Right);
            else style.DrawLines(canvas, row.Cells[i], x + PadX, box.Top + PadY);
            x += widths[i];
        }
        using var rule = row.Header ? Look.Stroke(Look.Accent, 1f) : Look.Stroke(Look.Rule, 0.5f);
        canvas.DrawLine(box.Left, box.Bottom, box.Right, box.Bottom, rule);
    }, keepWithNext);
}
