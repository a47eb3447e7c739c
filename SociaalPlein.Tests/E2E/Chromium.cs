using Microsoft.Playwright;

namespace SociaalPlein.Tests.E2E;

/// <summary>
/// The machine's own Chromium (Debian's package), driven by Playwright's Node driver that ships inside the
/// Microsoft.Playwright package. No browser is ever downloaded: nothing here calls <c>playwright install</c>.
/// </summary>
public static class Chromium
{
    /// <summary>Debian's Chromium; SOCIAALPLEIN_CHROMIUM names another build of the machine's own.</summary>
    public static string ExecutablePath { get; } =
        Environment.GetEnvironmentVariable("SOCIAALPLEIN_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    static readonly string[] Args =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

    public static void Require()
    {
        if (!File.Exists(ExecutablePath)) MissingTool.Stop($"Chromium at {ExecutablePath}", "chromium");
    }

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = ExecutablePath,
        Headless = true,
        Args = Args,
    });
}
