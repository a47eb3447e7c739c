using Microsoft.Playwright;

namespace SociaalPlein.Tests.E2E;

/// <summary>
/// Screenshots of the main pages: always under the test output (<c>screenshots/NAME.png</c> next to the test
/// assembly, and attached to the test), and also into the folder named by SOCIAALPLEIN_SCREENSHOTS (relative to the
/// repository), which is how README's <c>docs/screenshots/</c> are refreshed:
/// <c>SOCIAALPLEIN_SCREENSHOTS=docs/screenshots dotnet test --filter TestCategory=E2E</c>.
/// </summary>
public static class Screenshots
{
    public const string FolderVariable = "SOCIAALPLEIN_SCREENSHOTS";

    public static string OutputFolder => Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");

    /// <summary>The visible part of the page (a desktop screen), as PNG; <paramref name="publish"/> also for the README.</summary>
    public static async Task SaveAsync(IPage page, string name, bool publish = true)
    {
        var file = OutputPath(name);
        await page.ScreenshotAsync(new() { Path = file, Animations = ScreenshotAnimations.Disabled, Caret = ScreenshotCaret.Hide });
        if (publish) Publish(file);
        else TestContext.AddTestAttachment(file);
    }

    /// <summary>A PNG made elsewhere (a PDF page, say), kept and published like a screenshot.</summary>
    public static string OutputPath(string name)
    {
        Directory.CreateDirectory(OutputFolder);
        return Path.Combine(OutputFolder, name + ".png");
    }

    public static void Publish(string file)
    {
        TestContext.AddTestAttachment(file);
        if (Environment.GetEnvironmentVariable(FolderVariable) is not { Length: > 0 } folder) return;
        var target = Path.IsPathRooted(folder) ? folder : Path.Combine(RepositoryRoot(), folder);
        Directory.CreateDirectory(target);
        File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SociaalPlein.sln"))) return dir.FullName;
        throw new InvalidOperationException("SociaalPlein.sln not found above the test assembly.");
    }
}
