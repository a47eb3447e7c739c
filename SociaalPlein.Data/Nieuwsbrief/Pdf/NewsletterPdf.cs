namespace SociaalPlein.Data.Nieuwsbrief.Pdf;
// TEMPORARY STUB on branch nieuwsbrief, replaced by the pdf branch at merge.
public static class NewsletterPdf
{
    public static void Render(NewsletterFigures figures, string? note, DateOnly madeOn, Stream output)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n% stub " + figures.Scope.Title + " " + figures.Quarter + "\n%%EOF\n");
        output.Write(bytes);
    }
    public static byte[] Render(NewsletterFigures figures, string? note, DateOnly madeOn)
    {
        using var ms = new MemoryStream();
        Render(figures, note, madeOn, ms);
        return ms.ToArray();
    }
}
