using SkiaSharp;

namespace SociaalPlein.Data.Nieuwsbrief.Pdf;

/// <summary>The page, its margins, the colours and the text styles: the newsletter's whole look in one place.</summary>
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

    public static readonly TextStyle Body = new(bold: false, 9.5f, Ink);
    public static readonly TextStyle BodyBold = new(bold: true, 9.5f, Ink);
    public static readonly TextStyle Cell = new(bold: false, 8.8f, Ink);
    public static readonly TextStyle CellBold = new(bold: true, 8.8f, Ink);
    public static readonly TextStyle Small = new(bold: false, 8f, Muted);
    public static readonly TextStyle SmallBold = new(bold: true, 8f, Ink);
    public static readonly TextStyle Heading = new(bold: true, 13f, Accent);
    public static readonly TextStyle TileValue = new(bold: true, 17f, Accent);
    public static readonly TextStyle Footer = new(bold: false, 7f, Muted);
    public static readonly TextStyle TitleKicker = new(bold: true, 9f, AccentLight);
    public static readonly TextStyle TitleLarge = new(bold: true, 22f, White);
    public static readonly TextStyle TitleSmaller = new(bold: true, 14f, White);
    public static readonly TextStyle TitleSubtitle = new(bold: false, 11f, White);
    public static readonly TextStyle TitleMade = new(bold: false, 8f, AccentLight);

    public static SKPaint Fill(SKColor color) => new() { Color = color, IsAntialias = true, Style = SKPaintStyle.Fill };

    public static SKPaint Stroke(SKColor color, float width = 0.6f) =>
        new() { Color = color, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = width };

    public static ScottPlot.Color ToPlot(this SKColor c) => new(c.Red, c.Green, c.Blue, c.Alpha);
}
