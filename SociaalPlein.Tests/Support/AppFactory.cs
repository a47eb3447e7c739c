using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace SociaalPlein.Tests.Support;

/// <summary>
/// The real app (Program.cs, middleware, pages) on the test server, against a fixture's database. Its mail goes to
/// <see cref="MailFolder"/>; the Hangfire server does not run unless a test's settings ask for it
/// (<c>SociaalPlein:Jobs:RunServer</c>): tests call job classes directly, so nothing runs behind a test's back.
/// </summary>
/// <param name="testServices">Services a fixture adds after the app's own (a benchmark's measuring hook); never a stand-in for a part of ours.</param>
public sealed class AppFactory(string connectionString, string environment = "Testing", TimeProvider? clock = null,
    IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? testServices = null)
    : WebApplicationFactory<Program>
{
    public AppFactory(FixtureDatabase db, string environment = "Testing", TimeProvider? clock = null,
        IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? testServices = null)
        : this(db.ConnectionString, environment, clock, settings, testServices)
    {
    }

    /// <summary>This app's mail pickup folder (.eml files), removed with the app.</summary>
    public string MailFolder { get; } = Path.Combine(Path.GetTempPath(), $"sociaalplein-mail-{Guid.NewGuid():N}");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:SociaalPlein", connectionString);
        builder.UseSetting("SociaalPlein:Jobs:RunServer", "false");
        builder.UseSetting("Mail:PickupFolder", MailFolder);
        // Fixtures sign in dozens of times a minute as one account from one address; the rate limiter's own tests
        // (Security/RateLimitTests) start the app with its production limits.
        builder.UseSetting("SociaalPlein:RateLimits:AccountPostsPerAddressPerMinute", "100000");
        builder.UseSetting("SociaalPlein:RateLimits:AccountPostsPerEmailPer15Minutes", "100000");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        if (clock is not null) builder.ConfigureTestServices(s => s.AddSingleton(clock));
        if (testServices is not null) builder.ConfigureTestServices(testServices);
        // The login helper computes two-factor codes against the clock this app reads.
        TwoFactorArrange.AppClock(connectionString, clock ?? TimeProvider.System);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(MailFolder)) Directory.Delete(MailFolder, recursive: true);
    }

    /// <summary>
    /// A browser-like client: keeps cookies, does not follow redirects (tests look at them), and speaks https
    /// as production does, so the Secure session cookie is sent back.
    /// </summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        BaseAddress = new Uri("https://localhost"),
    });
}

public static partial class BrowserExtensions
{
    /// <summary>
    /// GETs a page, then posts its form with the antiforgery token it carried, as a browser would. A name may
    /// occur more than once (checkboxes).
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(this HttpClient client, string url,
        IEnumerable<KeyValuePair<string, string>> fields, string? action = null)
    {
        var page = await client.GetStringAsync(url);
        var token = AntiforgeryToken().Match(page);
        if (!token.Success) throw new InvalidOperationException($"No antiforgery token on {url}");
        var form = fields.Append(new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)));
        return await client.PostAsync(action ?? url, new FormUrlEncodedContent(form));
    }

    /// <summary>
    /// Logs in through the form. An account with two-factor (every arranged projectleider and beheerder) is then asked
    /// for a code, and answers with the one its app would show (<see cref="TwoFactorArrange"/>); the response is that of
    /// the last step.
    /// </summary>
    public static async Task<HttpResponseMessage> LogInAsync(this HttpClient client, string email, string password)
    {
        var response = await client.SubmitFormAsync("/account/inloggen", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        var next = response.Headers.Location?.OriginalString;
        if (next is null || !next.StartsWith(CodePage, StringComparison.Ordinal)) return response;
        return await client.SubmitFormAsync(next, new Dictionary<string, string> { ["Code"] = await TwoFactorArrange.NextCodeAsync(email) });
    }

    public const string CodePage = "/account/inloggen/code";

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    internal static partial Regex AntiforgeryToken();
}
