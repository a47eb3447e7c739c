using System.Runtime.InteropServices;
using HarfBuzzSharp;
using SkiaSharp;

namespace SociaalPlein.Data.Nieuwsbrief.Pdf;

/// <summary>
/// DejaVu Sans, regular and bold, embedded in every newsletter. Found once per process; a machine without it fails
/// with a message that says what to install, instead of a PDF in some fallback font.
/// This build of SkiaSharp embeds a font whole (750 kB each), so every render embeds a subset instead, made with
/// HarfBuzz's subsetter: only the characters that render can print, and the PDF stays small.
/// </summary>
static class PdfFonts
{
    /// <summary>The family name the charts ask ScottPlot for.</summary>
    public const string Family = "DejaVu Sans";

    // Debian/Ubuntu (fonts-dejavu-core), Fedora, Arch.
    static readonly string[] Folders =
        ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu-sans-fonts", "/usr/share/fonts/TTF"];

    // The font files, kept for subsetting; HarfBuzz faces are immutable and safe to share between threads.
    static readonly Lazy<(Face Regular, Face Bold)> Loaded = new(Load);

    /// <summary>Loads the fonts; throws when one is missing.</summary>
    public static void EnsureLoaded() => _ = Loaded.Value;

    /// <summary>Regular and bold reduced to <paramref name="codePoints"/> (characters the font lacks stay out).</summary>
    public static (SKTypeface Regular, SKTypeface Bold) Subset(IReadOnlyCollection<int> codePoints) =>
        (Subset(Loaded.Value.Regular, codePoints), Subset(Loaded.Value.Bold, codePoints));

    static (Face, Face) Load()
    {
        var regular = Find(Family, "DejaVuSans.ttf", bold: false, Folders);
        var bold = Find(Family, "DejaVuSans-Bold.ttf", bold: true, Folders);
        // ScottPlot draws no text in the newsletter's charts, but it does look its fonts up; answer from here rather
        // than let it search the system.
        ScottPlot.Fonts.FontResolvers.Insert(0, new SameTypefaces(regular, bold));
        return (FaceOf(regular), FaceOf(bold));
    }

    internal static SKTypeface Find(string family, string file, bool bold, IEnumerable<string> folders)
    {
        var path = folders.Select(folder => Path.Combine(folder, file)).FirstOrDefault(File.Exists);
        if (path is not null && SKTypeface.FromFile(path) is { } fromFile) return fromFile;
        // Elsewhere (another distribution's folder): the system font manager.
        var matched = SKFontManager.Default.MatchFamily(family, bold ? SKFontStyle.Bold : SKFontStyle.Normal);
        if (matched is not null && matched.FamilyName == family && matched.IsBold == bold) return matched;
        throw new InvalidOperationException(
            $"The newsletter PDF needs the font {family}{(bold ? " Bold" : "")} ({file}), which is not installed. " +
            "On Debian or Ubuntu install it with: apt-get install fonts-dejavu-core");
    }

    static Face FaceOf(SKTypeface typeface)
    {
        using var stream = typeface.OpenStream(out var index);
        using var data = SKData.Create(stream);
        // HarfBuzz reads the font from this memory for as long as the process lives.
        var memory = Marshal.AllocHGlobal((int)data.Size);
        Marshal.Copy(data.ToArray(), 0, memory, (int)data.Size);
        var face = new Face(new Blob(memory, (int)data.Size, MemoryMode.ReadOnly, () => Marshal.FreeHGlobal(memory)), index);
        face.MakeImmutable();
        return face;
    }

    static SKTypeface Subset(Face face, IReadOnlyCollection<int> codePoints)
    {
        var input = Native.hb_subset_input_create_or_fail();
        if (input == IntPtr.Zero) throw new InvalidOperationException("HarfBuzz could not start a font subset.");
        try
        {
            var unicodes = Native.hb_subset_input_unicode_set(input);
            foreach (var codePoint in codePoints) Native.hb_set_add(unicodes, (uint)codePoint);
            var subset = Native.hb_subset_or_fail(face.Handle, input);
            if (subset == IntPtr.Zero) throw new InvalidOperationException("HarfBuzz could not subset " + Family + ".");
            var blob = Native.hb_face_reference_blob(subset);
            try
            {
                var bytes = Native.hb_blob_get_data(blob, out var length);
                using var data = SKData.CreateCopy(bytes, length);
                return SKTypeface.FromData(data) ?? throw new InvalidOperationException("Skia could not read the subset of " + Family + ".");
            }
            finally
            {
                Native.hb_blob_destroy(blob);
                Native.hb_face_destroy(subset);
            }
        }
        finally
        {
            Native.hb_subset_input_destroy(input);
        }
    }

    /// <summary>The subsetter's C API, which HarfBuzzSharp ships in its native library but does not wrap.</summary>
    static class Native
    {
        const string Library = "libHarfBuzzSharp";
        [DllImport(Library)] public static extern IntPtr hb_subset_input_create_or_fail();
        [DllImport(Library)] public static extern IntPtr hb_subset_input_unicode_set(IntPtr input);
        [DllImport(Library)] public static extern void hb_set_add(IntPtr set, uint codePoint);
        [DllImport(Library)] public static extern IntPtr hb_subset_or_fail(IntPtr face, IntPtr input);
        [DllImport(Library)] public static extern void hb_subset_input_destroy(IntPtr input);
        [DllImport(Library)] public static extern IntPtr hb_face_reference_blob(IntPtr face);
        [DllImport(Library)] public static extern IntPtr hb_blob_get_data(IntPtr blob, out uint length);
        [DllImport(Library)] public static extern void hb_blob_destroy(IntPtr blob);
        [DllImport(Library)] public static extern void hb_face_destroy(IntPtr face);
    }

    /// <summary>Answers ScottPlot's requests for <see cref="Family"/> with the fonts found here.</summary>
    sealed class SameTypefaces(SKTypeface regular, SKTypeface boldFace) : ScottPlot.IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            fontName == Family && !italic ? (bold ? boldFace : regular) : null;

        public SKTypeface? CreateTypeface(string fontName, ScottPlot.FontWeight weight, ScottPlot.FontSlant slant, ScottPlot.FontSpacing spacing) =>
            CreateTypeface(fontName, weight >= ScottPlot.FontWeight.SemiBold, slant != ScottPlot.FontSlant.Upright);
    }
}
