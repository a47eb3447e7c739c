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

    /// <summary>
    /// Without the browser a developer's run marks the browser tests ignored and passes the rest; CI (CI=true, set by
    /// .ci/run, which installs the browser) fails them instead, so a missing browser never passes unnoticed.
    /// </summary>
    public static void Require()
    {
        if (File.Exists(ExecutablePath)) return;
        var message = $"No Chromium at {ExecutablePath}: install it with `apt-get install chromium` (Debian; run as root) " +
                      "to run the browser tests.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail(message + " CI runs them, so a missing browser fails the run.");
        Assert.Ignore(message);
    }

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = ExecutablePath,
        Headless = true,
        Args = Args,
    });
}
