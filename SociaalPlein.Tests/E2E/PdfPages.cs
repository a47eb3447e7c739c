using System.ComponentModel;
using System.Diagnostics;

namespace SociaalPlein.Tests.E2E;

/// <summary>
/// A PDF as a person sees it: how many pages it has and what a page looks like, by poppler's pdfinfo and pdftoppm
/// (Debian's poppler-utils, which .ci/run installs).
/// </summary>
public static partial class PdfPages
{
    public static async Task<int> CountAsync(string pdf)
    {
        var info = await RunAsync("pdfinfo", pdf);
        return int.Parse(PagesLine().Match(info).Groups[1].Value);
    }

    /// <summary>The first page as a PNG, kept and published like a screenshot; returns its path.</summary>
    public static async Task<string> FirstPageAsPngAsync(string pdf, string name)
    {
        var png = Screenshots.OutputPath(name);
        // 80 dpi: an A4 page of about 660 × 935 px, readable in the README and small in the repository.
        await RunAsync("pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdf, png[..^".png".Length]);
        Screenshots.Publish(png);
        return png;
    }

    static async Task<string> RunAsync(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception)
        {
            MissingTool.Stop(tool, "poppler-utils");
            throw;
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.That(process.ExitCode, Is.Zero, $"{tool} {string.Join(' ', args)}: {await errors}");
            return await output;
        }
    }

    [GeneratedRegex(@"^Pages:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex PagesLine();
}
