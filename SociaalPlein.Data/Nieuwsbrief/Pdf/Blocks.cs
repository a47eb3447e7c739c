using SkiaSharp;

namespace SociaalPlein.Data.Nieuwsbrief.Pdf;

/// <summary>A section heading with a rule under it; never the last thing on a page.</summary>
sealed class Heading(string text) : IBlock
{
    const float Before = 15, After = 6, Rule = 3;

    public void Flow(PageCursor cursor)
    {
        var lines = Look.Heading.Wrap(text, cursor.Width);
        var height = Look.Heading.Height(lines.Count) + Rule;
        cursor.Skip(Before);
        cursor.Place(height, (canvas, box) =>
        {
            Look.Heading.DrawLines(canvas, lines, box.Left, box.Top);
            using var rule = Look.Stroke(Look.AccentLight, 1f);
            canvas.DrawLine(box.Left, box.Bottom - 0.5f, box.Right, box.Bottom - 0.5f, rule);
        }, keepWithNext: true);
        cursor.Skip(After);
    }
}

/// <summary>
/// Running text, wrapped to the width; a page may break between any two lines. A quote gets a bar beside it; an
/// introduction to what follows is kept with it.
/// </summary>
sealed class Paragraph(string? text, TextStyle style, bool quote = false, bool keepWithNext = false, float after = 6) : IBlock
{
    const float QuoteIndent = 12, BarWidth = 2.5f;

    public void Flow(PageCursor cursor)
    {
        var indent = quote ? QuoteIndent : 0;
        foreach (var line in style.Wrap(text, cursor.Width - indent))
        {
            cursor.Place(style.LineHeight, (canvas, box) =>
            {
                if (quote)
                {
                    using var bar = Look.Fill(Look.AccentLight);
                    canvas.DrawRect(box.Left, box.Top, BarWidth, box.Height, bar);
                }
                style.Draw(canvas, line, box.Left + indent, box.Top);
            }, keepWithNext);
        }
        cursor.Skip(after);
    }
}

/// <summary>One kerncijfer tile: the value big, its label, and a line of context (the change) under it.</summary>
sealed record Tile(string Value, string Label, string? Detail);

/// <summary>Tiles in rows of <paramref name="perRow"/>; a row is one piece, so a page breaks between rows.</summary>
sealed class Tiles(IReadOnlyList<Tile> tiles, int perRow) : IBlock
{
    const float Gap = 8, Padding = 8, Radius = 4;

    public void Flow(PageCursor cursor)
    {
        var tileWidth = (cursor.Width - Gap * (perRow - 1)) / perRow;
        var textWidth = tileWidth - 2 * Padding;
        foreach (var row in tiles.Chunk(perRow))
        {
            var measured = row.Select(t => (
                Value: Look.TileValue.Wrap(t.Value, textWidth),
                Label: Look.SmallBold.Wrap(t.Label, textWidth),
                Detail: t.Detail is null ? [] : Look.Small.Wrap(t.Detail, textWidth))).ToList();
            var height = measured.Max(m => Look.TileValue.Height(m.Value.Count) + Look.SmallBold.Height(m.Label.Count)
                + Look.Small.Height(m.Detail.Count)) + 2 * Padding + 2;
            cursor.Place(height, (canvas, box) =>
            {
                using var fill = Look.Fill(Look.Tint);
                for (var i = 0; i < measured.Count; i++)
                {
                    var x = box.Left + i * (tileWidth + Gap);
                    canvas.DrawRoundRect(SKRect.Create(x, box.Top, tileWidth, box.Height), Radius, Radius, fill);
                    var y = box.Top + Padding;
                    y += Look.TileValue.DrawLines(canvas, measured[i].Value, x + Padding, y) + 2;
                    y += Look.SmallBold.DrawLines(canvas, measured[i].Label, x + Padding, y);
                    Look.Small.DrawLines(canvas, measured[i].Detail, x + Padding, y);
                }
            });
            cursor.Skip(Gap);
        }
    }
}

/// <summary>
/// Blocks next to each other in equal columns, placed as one piece (short tables that belong together). When together
/// they would not fit on a page, they follow each other instead.
/// </summary>
sealed class SideBySide(params IBlock[] blocks) : IBlock
{
    const float Gap = 18;

    public void Flow(PageCursor cursor)
    {
        var columnWidth = (cursor.Width - Gap * (blocks.Length - 1)) / blocks.Length;
        var columns = blocks.Select(block =>
        {
            var column = PageCursor.Endless(columnWidth);
            block.Flow(column);
            return column;
        }).ToList();
        var height = columns.Max(c => c.Y);
        if (height > cursor.PageContentHeight)
        {
            foreach (var block in blocks) block.Flow(cursor);
            return;
        }
        cursor.Place(height, (canvas, box) =>
        {
            for (var i = 0; i < columns.Count; i++)
                columns[i].Replay(canvas, new SKPoint(box.Left + i * (columnWidth + Gap), box.Top));
        });
    }
}

/// <summary>Blocks one below the other, as one block (a column of a <see cref="SideBySide"/>).</summary>
sealed class Stack(params IBlock[] blocks) : IBlock
{
    public void Flow(PageCursor cursor)
    {
        foreach (var block in blocks) block.Flow(cursor);
    }
}

/// <summary>
/// The first page's title: a band of colour from the top edge of the paper with the kind of newsletter, the plein
/// (or region), the quarter's months and the date it was made. A long region title is set smaller.
/// </summary>
sealed class TitleBlock(string kicker, string title, string subtitle, string madeOn) : IBlock
{
    const float PaddingBottom = 22, MaxLargeLines = 3;

    public void Flow(PageCursor cursor)
    {
        var kickerLines = Look.TitleKicker.Wrap(kicker, cursor.Width);
        var titleStyle = Look.TitleLarge.Wrap(title, cursor.Width).Count <= MaxLargeLines ? Look.TitleLarge : Look.TitleSmaller;
        var titleLines = titleStyle.Wrap(title, cursor.Width);
        var subtitleLines = Look.TitleSubtitle.Wrap(subtitle, cursor.Width);
        var madeLines = Look.TitleMade.Wrap(madeOn, cursor.Width);
        var height = Look.TitleKicker.Height(kickerLines.Count) + 4 + titleStyle.Height(titleLines.Count) + 4
            + Look.TitleSubtitle.Height(subtitleLines.Count) + Look.TitleMade.Height(madeLines.Count) + PaddingBottom;
        cursor.Place(height, (canvas, box) =>
        {
            using var band = Look.Fill(Look.Accent);
            canvas.DrawRect(0, 0, Look.PageWidth, box.Bottom, band);
            var y = box.Top;
            y += Look.TitleKicker.DrawLines(canvas, kickerLines, box.Left, y) + 4;
            y += titleStyle.DrawLines(canvas, titleLines, box.Left, y) + 4;
            y += Look.TitleSubtitle.DrawLines(canvas, subtitleLines, box.Left, y);
            Look.TitleMade.DrawLines(canvas, madeLines, box.Left, y);
        });
        cursor.Skip(10);
    }
}
