using SkiaSharp;

namespace SociaalPlein.Data.Nieuwsbrief.Pdf;

/// <summary>A section heading with a rule under it; never the last thing on a page.</summary>
sealed class Heading(string text) : IBlock
{
    const float Before = 15, After = 6, Rule = 3;

    public void Flow(PageCursor cursor)
    {
        var style = cursor.Styles.Heading;
        var lines = style.Wrap(text, cursor.Width);
        var height = style.Height(lines.Count) + Rule;
        cursor.Skip(Before);
        cursor.Place(height, (canvas, box) =>
        {
            style.DrawLines(canvas, lines, box.Left, box.Top);
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
sealed class Paragraph(string? text, Func<TextStyles, TextStyle> styleOf, bool quote = false, bool keepWithNext = false) : IBlock
{
    const float QuoteIndent = 12, BarWidth = 2.5f, After = 6;

    public void Flow(PageCursor cursor)
    {
        var indent = quote ? QuoteIndent : 0;
        var style = styleOf(cursor.Styles);
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
        cursor.Skip(After);
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
        var (value, label, detail) = (cursor.Styles.TileValue, cursor.Styles.SmallBold, cursor.Styles.Small);
        foreach (var row in tiles.Chunk(perRow))
        {
            var measured = row.Select(t => (
                Value: value.Wrap(t.Value, textWidth),
                Label: label.Wrap(t.Label, textWidth),
                Detail: t.Detail is null ? [] : detail.Wrap(t.Detail, textWidth))).ToList();
            var height = measured.Max(m => value.Height(m.Value.Count) + label.Height(m.Label.Count)
                + detail.Height(m.Detail.Count)) + 2 * Padding + 2;
            cursor.Place(height, (canvas, box) =>
            {
                using var fill = Look.Fill(Look.Tint);
                for (var i = 0; i < measured.Count; i++)
                {
                    var x = box.Left + i * (tileWidth + Gap);
                    canvas.DrawRoundRect(SKRect.Create(x, box.Top, tileWidth, box.Height), Radius, Radius, fill);
                    var y = box.Top + Padding;
                    y += value.DrawLines(canvas, measured[i].Value, x + Padding, y) + 2;
                    y += label.DrawLines(canvas, measured[i].Label, x + Padding, y);
                    detail.DrawLines(canvas, measured[i].Detail, x + Padding, y);
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
            var column = cursor.Endless(columnWidth);
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
        var s = cursor.Styles;
        var kickerLines = s.TitleKicker.Wrap(kicker, cursor.Width);
        var titleStyle = s.TitleLarge.Wrap(title, cursor.Width).Count <= MaxLargeLines ? s.TitleLarge : s.TitleSmaller;
        var titleLines = titleStyle.Wrap(title, cursor.Width);
        var subtitleLines = s.TitleSubtitle.Wrap(subtitle, cursor.Width);
        var madeLines = s.TitleMade.Wrap(madeOn, cursor.Width);
        var height = s.TitleKicker.Height(kickerLines.Count) + 4 + titleStyle.Height(titleLines.Count) + 4
            + s.TitleSubtitle.Height(subtitleLines.Count) + s.TitleMade.Height(madeLines.Count) + PaddingBottom;
        cursor.Place(height, (canvas, box) =>
        {
            using var band = Look.Fill(Look.Accent);
            canvas.DrawRect(0, 0, Look.PageWidth, box.Bottom, band);
            var y = box.Top;
            y += s.TitleKicker.DrawLines(canvas, kickerLines, box.Left, y) + 4;
            y += titleStyle.DrawLines(canvas, titleLines, box.Left, y) + 4;
            y += s.TitleSubtitle.DrawLines(canvas, subtitleLines, box.Left, y);
            s.TitleMade.DrawLines(canvas, madeLines, box.Left, y);
        });
        cursor.Skip(10);
    }
}
