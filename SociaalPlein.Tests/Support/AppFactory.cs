using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace SociaalPlein.Tests.Support;

/// <summary>The real app (Program.cs, middleware, pages) on the test server, against a fixture's database.</summary>
public sealed class AppFactory(FixtureDatabase db, string environment = "Testing", TimeProvider? clock = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:SociaalPlein", db.ConnectionString);
        if (clock is not null) builder.ConfigureTestServices(s => s.AddSingleton(clock));
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
    /// <summary>GETs a page, then posts its form with the antiforgery token it carried, as a browser would.</summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(this HttpClient client, string url,
        IDictionary<string, string> fields, string? action = null)
    {
        var page = await client.GetStringAsync(url);
        var token = AntiforgeryToken().Match(page);
        if (!token.Success) throw new InvalidOperationException($"No antiforgery token on {url}");
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) };
        return await client.PostAsync(action ?? url, new FormUrlEncodedContent(form));
    }

    public static Task<HttpResponseMessage> LogInAsync(this HttpClient client, string email, string password) =>
        client.SubmitFormAsync("/account/inloggen", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    internal static partial Regex AntiforgeryToken();
}
