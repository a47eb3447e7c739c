using SkiaSharp;

namespace SociaalPlein.Data.Nieuwsbrief.Pdf;

/// <summary>
/// The quarterly newsletter as an A4 PDF (SkiaSharp's PDF backend, ScottPlot charts drawn onto its pages as vectors,
/// DejaVu Sans embedded as a subset). Works on figures already read: no database, no files but the fonts, nothing
/// kept between calls, and the only large buffer is the PDF itself. The same input gives the same bytes. Safe to
/// call from several threads at once.
/// </summary>
public static class NewsletterPdf
{
    /// <summary>The sentence under every page, besides the page number.</summary>
    public const string PrivacyNote =
        SmallCounts.Note + " Deze nieuwsbrief bevat alleen totalen; er staan geen namen of andere persoonsgegevens in.";

    const float FooterGap = 14, FooterRuleGap = 6;

    /// <summary>Writes the PDF of <paramref name="figures"/> to <paramref name="output"/>.</summary>
    /// <param name="note">The projectleider's plain-text note (any characters, line breaks kept); none when null or blank.</param>
    /// <param name="madeOn">The date printed in the title and stored as the document's creation date.</param>
    /// <exception cref="InvalidOperationException">The font DejaVu Sans is not installed (the message says how to install it).</exception>
    public static void Render(NewsletterFigures figures, string? note, DateOnly madeOn, Stream output)
    {
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentNullException.ThrowIfNull(output);
        PdfFonts.EnsureLoaded();

        using var styles = new TextStyles([note, .. NewsletterSections.AllNames(figures)]);
        var footer = Footer.For(styles.Footer, figures.Quarter);
        var cursor = PageCursor.ForPages(styles, footer.Height + FooterGap);
        foreach (var block in NewsletterSections.For(figures, note, madeOn)) block.Flow(cursor);

        using var document = SKDocument.CreatePdf(output, Metadata(figures, madeOn))
            ?? throw new InvalidOperationException("SkiaSharp could not start a PDF document.");
        for (var i = 0; i < cursor.Pages.Count; i++)
        {
            var canvas = document.BeginPage(Look.PageWidth, Look.PageHeight);
            foreach (var step in cursor.Pages[i]) step(canvas);
            footer.Draw(canvas, i + 1, cursor.Pages.Count);
            document.EndPage();
        }
        document.Close();
    }

    /// <summary>The PDF of <paramref name="figures"/> as bytes.</summary>
    public static byte[] Render(NewsletterFigures figures, string? note, DateOnly madeOn)
    {
        using var buffer = new MemoryStream();
        Render(figures, note, madeOn, buffer);
        return buffer.ToArray();
    }

    static SKDocumentPdfMetadata Metadata(NewsletterFigures figures, DateOnly madeOn)
    {
        // The date it was made rather than the clock: the same figures on the same day give the same document.
        var made = madeOn.ToDateTime(TimeOnly.MinValue);
        return new SKDocumentPdfMetadata
        {
            Title = $"Nieuwsbrief {figures.Quarter} – {figures.Scope.Title}",
            Subject = $"Kwartaalcijfers {figures.Quarter.Months}",
            Author = figures.Scope.Title,
            Creator = "Sociaal Plein – kwartaalnieuwsbrief",
            Creation = made,
            Modified = made,
            RasterDpi = 300,
        };
    }

    /// <summary>The privacy note on the left and "Nieuwsbrief Q3 2026 · Pagina 2 van 3" on the right, above the bottom margin.</summary>
    sealed class Footer(TextStyle style, string quarter, IReadOnlyList<string> noteLines)
    {
        const float Gap = 16;

        public static Footer For(TextStyle style, Quarter quarter)
        {
            // Wide enough for any page label ("Pagina 99 van 99"), so the note's wrapping never depends on the page count.
            var labelWidth = style.Measure(Label($"Nieuwsbrief {quarter}", 99, 99));
            var lines = style.Wrap(PrivacyNote, Look.ContentWidth - 2 * Look.TextInset - labelWidth - Gap);
            return new Footer(style, $"Nieuwsbrief {quarter}", lines);
        }

        public float Height => style.Height(noteLines.Count) + FooterRuleGap;

        public void Draw(SKCanvas canvas, int page, int pages)
        {
            var top = Look.PageHeight - Look.MarginBottom - style.Height(noteLines.Count);
            using var rule = Look.Stroke(Look.Rule, 0.6f);
            canvas.DrawLine(Look.MarginLeft, top - FooterRuleGap, Look.PageWidth - Look.MarginRight, top - FooterRuleGap, rule);
            style.DrawLines(canvas, noteLines, Look.MarginLeft + Look.TextInset, top);
            style.Draw(canvas, Label(quarter, page, pages), Look.PageWidth - Look.MarginRight - Look.TextInset, top, SKTextAlign.Right);
        }

        static string Label(string quarter, int page, int pages) => $"{quarter} · Pagina {page} van {pages}";
    }
}
