using System.Globalization;
using System.Text;
using SkiaSharp;

namespace SociaalPlein.Data.Nieuwsbrief.Pdf;

/// <summary>
/// A font, size and colour, and the two things the layout does with text: wrap it to a width (measured, so nothing runs
/// past a margin) and draw one line of it. Lines are drawn without shaping, exactly as they were measured.
/// </summary>
sealed class TextStyle(SKTypeface typeface, float size, SKColor color) : IDisposable
{
    readonly SKFont font = new(typeface, size) { Subpixel = true };
    readonly SKPaint paint = new() { Color = color, IsAntialias = true };

    /// <summary>Distance between baselines.</summary>
    public float LineHeight => size * 1.32f;

    /// <summary>
    /// The width the text needs: its advance, widened where a glyph's ink reaches past it. (Ink may also reach a little
    /// left of the pen, as the hook of a "J" does; <see cref="Look.TextInset"/> keeps that inside the margins.)
    /// </summary>
    public float Measure(string text)
    {
        var advance = font.MeasureText(text, out var ink);
        return Math.Max(advance, ink.Right) - Math.Min(0, ink.Left);
    }

    /// <summary>Height of <paramref name="lines"/> lines.</summary>
    public float Height(int lines) => lines * LineHeight;

    /// <summary>Draws one line whose box starts at <paramref name="top"/>; x is the left, centre or right edge per <paramref name="align"/>.</summary>
    public void Draw(SKCanvas canvas, string line, float x, float top, SKTextAlign align = SKTextAlign.Left)
    {
        // The line box is LineHeight tall; centre the font's ascent+descent in it.
        var metrics = font.Metrics;
        var baseline = top + (LineHeight - (metrics.Descent - metrics.Ascent)) / 2 - metrics.Ascent;
        canvas.DrawText(line, x, baseline, align, font, paint);
    }

    /// <summary>Draws wrapped lines one below the other; returns the height used.</summary>
    public float DrawLines(SKCanvas canvas, IReadOnlyList<string> lines, float x, float top, SKTextAlign align = SKTextAlign.Left)
    {
        for (var i = 0; i < lines.Count; i++) Draw(canvas, lines[i], x, top + i * LineHeight, align);
        return Height(lines.Count);
    }

    public void Dispose()
    {
        font.Dispose();
        paint.Dispose();
    }

    /// <summary>
    /// The text broken into lines no wider than <paramref name="width"/>: at spaces where it can, inside a word where a
    /// single word is wider than the line. Line breaks in the text are kept; runs of blank lines count as one.
    /// Never returns no lines (an empty text is one empty line).
    /// </summary>
    public IReadOnlyList<string> Wrap(string? text, float width)
    {
        var lines = new List<string>();
        var blank = false;
        foreach (var paragraph in Clean(text).Split('\n'))
        {
            var words = paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                if (!blank && lines.Count > 0) lines.Add("");
                blank = true;
                continue;
            }
            blank = false;
            WrapParagraph(words, width, lines);
        }
        while (lines.Count > 1 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines.Count == 0 ? [""] : lines;
    }

    void WrapParagraph(string[] words, float width, List<string> lines)
    {
        var line = "";
        foreach (var word in words)
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (Measure(candidate) <= width) { line = candidate; continue; }
            if (line.Length > 0) lines.Add(line);
            line = word;
            while (Measure(line) > width)
            {
                var cut = FittingPrefix(line, width);
                lines.Add(line[..cut]);
                line = line[cut..];
            }
        }
        lines.Add(line);
    }

    /// <summary>The length of the longest start of <paramref name="word"/> that fits, cut between text elements (never inside an emoji or accent), at least one.</summary>
    int FittingPrefix(string word, float width)
    {
        var starts = StringInfo.ParseCombiningCharacters(word);
        int low = 1, high = starts.Length - 1, best = starts.Length > 1 ? starts[1] : word.Length;
        while (low <= high)
        {
            var mid = (low + high) / 2;
            if (Measure(word[..starts[mid]]) <= width) { best = starts[mid]; low = mid + 1; }
            else high = mid - 1;
        }
        return best;
    }

    /// <summary>One kind of line break and of space; control characters dropped (the note is free text).</summary>
    static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r') { if (i + 1 >= text.Length || text[i + 1] != '\n') sb.Append('\n'); }
            else if (c is '\n' or '\u2028' or '\u2029') sb.Append('\n');
            else if (char.IsWhiteSpace(c)) sb.Append(' ');
            else if (!char.IsControl(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format) sb.Append(c);
        }
        return sb.ToString();
    }
}
