using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using SociaalPlein.Data.Accounts;
using SociaalPlein.Tests.Benchmarks;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.E2E;

/// <summary>
/// End-to-end tests in a real browser: the app on Kestrel over HTTPS on a loopback port (<see cref="RealServer"/>)
/// against the fixture's own database, seeded with the demo as of <see cref="Today"/> (the app's clock stands still at
/// 10:00 that day in Amsterdam, so dates and screenshots do not drift), and one headless Chromium for the fixture.
/// Each test opens its own windows (browser contexts, so its own cookies); they are closed after the test.
/// </summary>
[Category("E2E")]
public abstract class BrowserFixture : AppFixture
{
    /// <summary>Monday 23 November 2026.</summary>
    protected static readonly DateOnly Today = new(2026, 11, 23);

    protected override TimeProvider? Clock { get; } = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    IPlaywright? _playwright;
    IBrowser? _browser;
    Uri? _address;
    readonly List<IBrowserContext> _windows = [];
    // What Chromium refused under the Content-Security-Policy (no inline script or style anywhere).
    readonly List<string> _cspViolations = [];

    protected sealed override async Task ArrangeAsync()
    {
        Chromium.Require();
        await new DemoSeed(Db.DataSource).RunAsync(Today, Passwords.Hash(DemoAccounts.Password));
        // The app requires two-factor of staff, here as in production: their "phones" know the arranged secret.
        foreach (var staff in new[] { DemoAccounts.Projectleider, DemoAccounts.Beheerder })
            await TwoFactorArrange.EnrolAsync(Db, staff);
        await ArrangeFlowsAsync();
    }

    /// <summary>What the fixture's flows need beside the demo.</summary>
    protected virtual Task ArrangeFlowsAsync() => Task.CompletedTask;

    [OneTimeSetUp]
    public async Task StartBrowser()
    {
        _address = RealServer.Start(App);
        // Generous waits: CI shares two cores between the app, PostgreSQL and the browser.
        Assertions.SetDefaultExpectTimeout(10_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
    }

    [TearDown]
    public async Task CloseWindows()
    {
        // A failed flow leaves a picture of where it stood, next to the screenshots.
        var failed = TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed;
        for (var i = 0; i < _windows.Count; i++)
        {
            if (failed)
                foreach (var page in _windows[i].Pages)
                    await Screenshots.SaveAsync(page, $"failed-{TestContext.CurrentContext.Test.Name}-{i}", publish: false);
            await _windows[i].CloseAsync();
        }
        _windows.Clear();
        var violations = _cspViolations.ToList();
        _cspViolations.Clear();
        Assert.That(violations, Is.Empty, "the Content-Security-Policy refused something on a page of this flow");
    }

    [OneTimeTearDown]
    public async Task StopBrowser()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
    }

    /// <summary>A new browser window (its own cookies) at the given size, Dutch and in Amsterdam time.</summary>
    protected async Task<IPage> OpenAsync(ViewportSize? size = null)
    {
        var browser = _browser ?? throw new InvalidOperationException("The browser is not started.");
        var window = await browser.NewContextAsync(new()
        {
            BaseURL = _address!.ToString(),
            IgnoreHTTPSErrors = true, // the server's certificate is a throwaway self-signed one
            Locale = "nl-NL",
            TimezoneId = "Europe/Amsterdam",
            ViewportSize = size ?? PageChecks.Desktop,
            HasTouch = size?.Width <= PageChecks.Phone.Width, // a phone: tapped, not clicked
            AcceptDownloads = true,
        });
        window.SetDefaultTimeout(15_000);
        window.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
                _cspViolations.Add($"{message.Location}: {message.Text}");
        };
        _windows.Add(window);
        return await window.NewPageAsync();
    }

    /// <summary>
    /// Opens a window and logs in through the login form, as a person would, with the code from their app when the
    /// account has two-factor; ends on the page it leads to.
    /// </summary>
    protected async Task<IPage> SignInAsync(string email, string password = DemoAccounts.Password, ViewportSize? size = null)
    {
        var page = await OpenAsync(size);
        await page.GotoAsync("/account/inloggen");
        await page.GetByLabel("E-mailadres").FillAsync(email);
        await page.GetByLabel("Wachtwoord").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath != "/account/inloggen");
        if (new Uri(page.Url).AbsolutePath == BrowserExtensions.CodePage)
        {
            await page.GetByLabel("Code", new() { Exact = true }).FillAsync(await TwoFactorArrange.NextCodeAsync(email));
            await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
            await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/account/inloggen", StringComparison.Ordinal));
        }
        return page;
    }

    /// <summary>
    /// Every page a flow reaches goes through here: axe and the checks beyond it (<see cref="PageChecks"/>) at desktop
    /// width and at 390 px, and, when named, a screenshot for the README.
    /// </summary>
    protected static async Task LookAsync(IPage page, string? screenshot = null)
    {
        await page.WaitForLoadStateAsync(LoadState.Load);
        var problems = await PageChecks.AtBothWidthsAsync(page);
        Assert.That(problems, Is.Empty, $"{new Uri(page.Url).PathAndQuery} has accessibility problems");
        if (screenshot is not null) await Screenshots.SaveAsync(page, screenshot);
    }

    /// <summary>What a click (or key) downloads, saved under the test output; returns the file's path.</summary>
    protected static async Task<string> DownloadAsync(IPage page, Func<Task> action)
    {
        var download = await page.RunAndWaitForDownloadAsync(action);
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "downloads");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, download.SuggestedFilename);
        await download.SaveAsAsync(file);
        return file;
    }

    /// <summary>The app's mail pickup folder: every mail it sends is an .eml file there.</summary>
    protected string MailFolder => App.MailFolder;

    /// <summary>
    /// Runs a background job now, in its own scope, as Hangfire would: the test app runs no job server, so nothing
    /// happens behind a flow's back.
    /// </summary>
    protected Task<T> RunJobAsync<TJob, T>(Func<TJob, Task<T>> run) where TJob : notnull => App.RunJobAsync(run);
}
