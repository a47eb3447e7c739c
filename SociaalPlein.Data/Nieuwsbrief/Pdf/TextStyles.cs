using System.Globalization;
using SkiaSharp;

namespace SociaalPlein.Data.Nieuwsbrief.Pdf;

/// <summary>
/// The newsletter's text styles for one render, on fonts reduced to the characters that render can print: the
/// template's own (Latin letters, digits, Dutch punctuation) and those of the names and the note it is given.
/// </summary>
sealed class TextStyles : IDisposable
{
    // Everything the template itself prints: printable ASCII, Latin-1 and the typography it uses.
    static readonly IEnumerable<int> TemplateCharacters =
        Enumerable.Range(0x20, 0x5F).Concat(Enumerable.Range(0xA0, 0x60)).Concat("–—‘’“”„…·−€•".Select(c => (int)c));

    readonly SKTypeface regular, bold;
    readonly List<TextStyle> all = [];

    public TextStyles(IEnumerable<string?> texts)
    {
        (regular, bold) = PdfFonts.Subset(CodePoints(texts));
        Body = Style(regular, 9.5f, Look.Ink);
        Cell = Style(regular, 8.8f, Look.Ink);
        CellBold = Style(bold, 8.8f, Look.Ink);
        Small = Style(regular, 8f, Look.Muted);
        SmallBold = Style(bold, 8f, Look.Ink);
        Heading = Style(bold, 13f, Look.Accent);
        TileValue = Style(bold, 17f, Look.Accent);
        Axis = Style(regular, 7.5f, Look.Muted);
        Footer = Style(regular, 7f, Look.Muted);
        TitleKicker = Style(bold, 9f, Look.AccentLight);
        TitleLarge = Style(bold, 22f, Look.White);
        TitleSmaller = Style(bold, 14f, Look.White);
        TitleSubtitle = Style(regular, 11f, Look.White);
        TitleMade = Style(regular, 8f, Look.AccentLight);
    }

    public TextStyle Body { get; }
    public TextStyle Cell { get; }
    public TextStyle CellBold { get; }
    public TextStyle Small { get; }
    public TextStyle SmallBold { get; }
    public TextStyle Heading { get; }
    public TextStyle TileValue { get; }
    public TextStyle Axis { get; }
    public TextStyle Footer { get; }
    public TextStyle TitleKicker { get; }
    public TextStyle TitleLarge { get; }
    public TextStyle TitleSmaller { get; }
    public TextStyle TitleSubtitle { get; }
    public TextStyle TitleMade { get; }

    TextStyle Style(SKTypeface typeface, float size, SKColor color)
    {
        var style = new TextStyle(typeface, size, color);
        all.Add(style);
        return style;
    }

    /// <summary>The template's characters and every character of <paramref name="texts"/>, in both cases (names are capitalised).</summary>
    static HashSet<int> CodePoints(IEnumerable<string?> texts)
    {
        var codePoints = TemplateCharacters.ToHashSet();
        foreach (var text in texts)
        {
            if (string.IsNullOrEmpty(text)) continue;
            foreach (var variant in new[] { text, text.ToUpper(CultureInfo.InvariantCulture), text.ToLower(CultureInfo.InvariantCulture) })
                foreach (var rune in variant.EnumerateRunes()) codePoints.Add(rune.Value);
        }
        return codePoints;
    }

    public void Dispose()
    {
        foreach (var style in all) style.Dispose();
        regular.Dispose();
        bold.Dispose();
    }
}
