using SkiaSharp;

namespace SociaalPlein.Data.Nieuwsbrief.Pdf;

/// <summary>The page, its margins and the colours (the text styles are in <see cref="TextStyles"/>).</summary>
static class Look
{
    // A4 in PostScript points (1/72 inch).
    public const float PageWidth = 595.28f;
    public const float PageHeight = 841.89f;

    // Every letter stays inside these (the tests check it); only plain colour (the title band) reaches the paper's edge.
    public const float MarginLeft = 56.7f;   // 20 mm
    public const float MarginRight = 56.7f;
    public const float MarginTop = 48f;
    public const float MarginBottom = 36f;

    public const float ContentWidth = PageWidth - MarginLeft - MarginRight;

    // A glyph's ink may start a little left of where it is drawn (the hook of a "J", about 5% of the font size), as
    // type does; text starts this far inside the margins, so even a 22-point title never crosses them.
    public const float TextInset = 2f;

    // A calm palette: one dark blue for structure, a lighter blue for data, greys for everything secondary.
    public static readonly SKColor Ink = new(0x22, 0x2B, 0x33);
    public static readonly SKColor Muted = new(0x5C, 0x67, 0x70);
    public static readonly SKColor Accent = new(0x1F, 0x4E, 0x79);
    public static readonly SKColor AccentLight = new(0xC9, 0xDB, 0xEA);
    public static readonly SKColor Data = new(0x3A, 0x73, 0xA8);
    public static readonly SKColor Data2 = new(0x2E, 0x8B, 0x7E);
    public static readonly SKColor Data3 = new(0xC0, 0x7A, 0x2C);
    public static readonly SKColor Tint = new(0xEE, 0xF3, 0xF8);
    public static readonly SKColor Rule = new(0xD5, 0xDC, 0xE2);
    public static readonly SKColor White = SKColors.White;

    public static SKPaint Fill(SKColor color) => new() { Color = color, IsAntialias = true, Style = SKPaintStyle.Fill };

    public static SKPaint Stroke(SKColor color, float width = 0.6f) =>
        new() { Color = color, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = width };

    public static ScottPlot.Color ToPlot(this SKColor c) => new(c.Red, c.Green, c.Blue, c.Alpha);
}
