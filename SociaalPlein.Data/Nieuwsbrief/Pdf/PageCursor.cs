using SkiaSharp;

namespace SociaalPlein.Data.Nieuwsbrief.Pdf;

/// <summary>
/// A piece of the newsletter (heading, paragraph, tiles, table, chart). It measures itself at the cursor's width and
/// hands the cursor indivisible pieces (a line, a table row, a chart); the cursor decides on which page each goes.
/// </summary>
interface IBlock
{
    void Flow(PageCursor cursor);
}

/// <summary>
/// Lays pieces top to bottom in the content box of a page and starts a new page when the next piece does not fit on
/// the rest of this one. Nothing is drawn yet: each page is a list of drawing steps, replayed once the page count (for
/// "Pagina 2 van 3") is known. The steps hold only measured lines and the figures, so memory stays small.
/// </summary>
sealed class PageCursor
{
    readonly float top, bottom;
    readonly List<List<Action<SKCanvas>>> pages = [[]];
    // Pieces placed with keepWithNext since the last ordinary piece: they move along when that piece needs a new page.
    readonly List<(float Gap, float Height, Action<SKCanvas, SKRect> Draw)> kept = [];
    float y, lastEnd;

    PageCursor(TextStyles styles, float left, float top, float width, float bottom)
    {
        (Styles, Left, Width, this.top, this.bottom) = (styles, left, width, top, bottom);
        y = lastEnd = top;
    }

    /// <summary>A cursor for the body of A4 pages above a footer of <paramref name="footerHeight"/>.</summary>
    public static PageCursor ForPages(TextStyles styles, float footerHeight) =>
        new(styles, Look.MarginLeft + Look.TextInset, Look.MarginTop, Look.ContentWidth - 2 * Look.TextInset,
            Look.PageHeight - Look.MarginBottom - footerHeight);

    /// <summary>One endless page at the origin, to measure a group of blocks that is placed as one piece.</summary>
    public PageCursor Endless(float width) => new(Styles, 0, 0, width, float.MaxValue);

    /// <summary>The text styles of this render, for the blocks to measure and draw with.</summary>
    public TextStyles Styles { get; }

    public float Left { get; }
    public float Width { get; }

    /// <summary>How far down the current page (or the endless page) the next piece goes.</summary>
    public float Y => y;

    public float SpaceLeft => bottom - y;

    /// <summary>The height of a whole, empty page's content box.</summary>
    public float PageContentHeight => bottom - top;

    public bool AtPageTop => y <= top;

    public IReadOnlyList<IReadOnlyList<Action<SKCanvas>>> Pages => pages;

    /// <summary>A piece taller than a whole page still goes at the top of one rather than nowhere.</summary>
    public bool Fits(float height) => height <= SpaceLeft || AtPageTop;

    /// <summary>Continues on a new page, taking along the pieces kept with the next one (a heading stays with its text).</summary>
    public void NewPage()
    {
        if (AtPageTop) return;
        var page = pages[^1];
        // Kept pieces that start the page stay where they are: a new page would not give them more room.
        var carry = kept.Count < page.Count ? kept.ToList() : [];
        kept.Clear();
        page.RemoveRange(page.Count - carry.Count, carry.Count);
        pages.Add([]);
        y = lastEnd = top;
        for (var i = 0; i < carry.Count; i++)
        {
            if (i > 0) y += carry[i].Gap;
            kept.Add(carry[i]);
            Put(carry[i].Height, carry[i].Draw);
        }
    }

    /// <summary>Vertical space; none at the top of a page.</summary>
    public void Skip(float height)
    {
        if (!AtPageTop) y = Math.Min(y + height, bottom);
    }

    /// <summary>
    /// Places one indivisible piece, on a new page if it does not fit here; <paramref name="draw"/> gets its box. A piece
    /// kept with the next one (a heading, a table header) goes to the next page together with it.
    /// </summary>
    public void Place(float height, Action<SKCanvas, SKRect> draw, bool keepWithNext = false)
    {
        if (!Fits(height)) NewPage();
        if (keepWithNext) kept.Add((y - lastEnd, height, draw));
        else kept.Clear();
        Put(height, draw);
    }

    void Put(float height, Action<SKCanvas, SKRect> draw)
    {
        var box = SKRect.Create(Left, y, Width, height);
        pages[^1].Add(canvas => draw(canvas, box));
        y = lastEnd = y + height;
    }

    /// <summary>Draws what was placed on the endless page, moved to <paramref name="origin"/>.</summary>
    public void Replay(SKCanvas canvas, SKPoint origin)
    {
        canvas.Save();
        canvas.Translate(origin.X, origin.Y);
        foreach (var step in pages[0]) step(canvas);
        canvas.Restore();
    }
}
