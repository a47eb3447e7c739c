using SkiaSharp;

namespace SociaalPlein.Data.Nieuwsbrief.Pdf;

/// <summary>
/// DejaVu Sans, regular and bold, for the text and the charts. The PDF embeds (a subset of) it, so the newsletter looks
/// the same on every reader's machine. Found once per process; a machine without it fails with a message that says
/// what to install, instead of a PDF in some fallback font.
/// </summary>
static class PdfFonts
{
    /// <summary>The family name the charts ask ScottPlot for.</summary>
    public const string Family = "DejaVu Sans";

    // Debian/Ubuntu (fonts-dejavu-core), Fedora, Arch.
    static readonly string[] Folders =
        ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu-sans-fonts", "/usr/share/fonts/TTF"];

    static readonly Lazy<(SKTypeface Regular, SKTypeface Bold)> Loaded = new(Load);

    public static SKTypeface Regular => Loaded.Value.Regular;
    public static SKTypeface Bold => Loaded.Value.Bold;

    /// <summary>Loads the fonts (and registers them with ScottPlot); throws when one is missing.</summary>
    public static void EnsureLoaded() => _ = Loaded.Value;

    static (SKTypeface, SKTypeface) Load() =>
        (Find(Family, "DejaVuSans.ttf", bold: false, Folders), Find(Family, "DejaVuSans-Bold.ttf", bold: true, Folders));

    internal static SKTypeface Find(string family, string file, bool bold, IEnumerable<string> folders)
    {
        var path = folders.Select(folder => Path.Combine(folder, file)).FirstOrDefault(File.Exists);
        if (path is not null && SKTypeface.FromFile(path) is { } fromFile)
        {
            // ScottPlot looks fonts up by family name; give it this very file, not whatever the system would match.
            ScottPlot.Fonts.AddFontFile(family, path, bold, italic: false);
            return fromFile;
        }
        // Elsewhere (another distribution's folder): the system font manager, which ScottPlot's own lookup also uses.
        var matched = SKFontManager.Default.MatchFamily(family, bold ? SKFontStyle.Bold : SKFontStyle.Normal);
        if (matched is not null && matched.FamilyName == family && matched.IsBold == bold) return matched;
        throw new InvalidOperationException(
            $"The newsletter PDF needs the font {family}{(bold ? " Bold" : "")} ({file}), which is not installed. " +
            "On Debian or Ubuntu install it with: apt-get install fonts-dejavu-core");
    }
}
