using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Tests.Security;

/// <summary>The security headers on every route of the matrix, for an anonymous visitor and a signed-in beheerder.</summary>
public sealed class SecurityHeadersTests : AppFixture
{
    SecurityWorld _world = null!;

    protected override async Task ArrangeAsync() => _world = await SecurityWorld.ArrangeAsync(Db, App.Services);

    static readonly string[] NotForEveryone = ["Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy",
        "Cross-Origin-Opener-Policy"];

    [TestCase(Asker.Anonymous)]
    [TestCase(Asker.Beheerder)]
    public async Task Every_route_answers_with_the_security_headers(Asker asker)
    {
        using var browser = await _world.BrowserAsync(App, asker);
        var wrong = new List<string>();

        foreach (var row in AuthorizationMatrix.Rows)
        {
            using var response = await AuthorizationMatrixTests.SendAsync(browser, row.Method, _world.Fill(row.Url));
            var headers = Headers(response);
            foreach (var name in NotForEveryone.Where(n => !headers.ContainsKey(n))) wrong.Add($"{row.Pattern}: no {name}");
            var csp = headers.GetValueOrDefault("Content-Security-Policy", "");
            if (!row.Pattern.StartsWith("/hangfire", StringComparison.Ordinal) && csp != SecurityHeaders.ContentSecurityPolicy)
                wrong.Add($"{row.Pattern}: Content-Security-Policy {csp}");
            if (csp.Contains("script-src") && csp.Split(';').Single(d => d.Trim().StartsWith("script-src")).Contains("unsafe"))
                wrong.Add($"{row.Pattern}: scripts may run inline");
        }

        Assert.That(wrong, Is.Empty);
    }

    [Test]
    public async Task The_policy_forbids_inline_scripts_plugins_framing_and_foreign_forms()
    {
        var response = await App.Browser().GetAsync("/account/inloggen");
        var csp = Headers(response)["Content-Security-Policy"];

        Assert.That(csp, Does.Contain("script-src 'self'").And.Contain("style-src 'self'").And.Contain("object-src 'none'")
            .And.Contain("frame-ancestors 'none'").And.Contain("form-action 'self'").And.Contain("base-uri 'self'").And.Not.Contain("unsafe"));
        Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
        Assert.That(response.Headers.GetValues("Referrer-Policy").Single(), Is.EqualTo("same-origin"));
        Assert.That(response.Headers.GetValues("Permissions-Policy").Single(),
            Does.Contain("camera=()").And.Contain("microphone=()").And.Contain("geolocation=()"));
    }

    [Test]
    public async Task Every_route_a_signed_in_account_opens_is_not_stored_by_any_cache()
    {
        using var browser = await _world.BrowserAsync(App, Asker.Projectleider);
        var stored = new List<string>();

        foreach (var row in AuthorizationMatrix.Rows)
        {
            using var response = await AuthorizationMatrixTests.SendAsync(browser, row.Method, _world.Fill(row.Url));
            if (response.Headers.CacheControl?.NoStore != true) stored.Add($"{row.Pattern}: Cache-Control {response.Headers.CacheControl}");
        }

        Assert.That(stored, Is.Empty);
    }

    [Test]
    public async Task A_page_that_needs_a_login_is_not_stored_even_as_the_redirect_to_login()
    {
        var response = await App.Browser().GetAsync("/verwijzingen");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
    }

    [Test]
    public async Task Static_files_stay_cacheable_for_a_signed_in_account()
    {
        using var browser = await _world.BrowserAsync(App, Asker.Beheerder);

        var response = await browser.GetAsync("/css/site.css");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.CacheControl?.NoStore ?? false, Is.False);
        Assert.That(Headers(response), Does.ContainKey("X-Content-Type-Options"));
    }

    [Test]
    public async Task The_job_dashboard_allows_its_own_inline_styles_but_no_inline_script()
    {
        using var browser = await _world.BrowserAsync(App, Asker.Beheerder);

        var response = await browser.GetAsync("/hangfire");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Headers(response)["Content-Security-Policy"], Is.EqualTo(SecurityHeaders.JobDashboardPolicy));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Match(@"<script(?![^>]*\bsrc=)[^>]*>"), "every script of the dashboard is a file");
    }

    [Test]
    public async Task Hsts_of_a_year_outside_development()
    {
        // UseHsts leaves out localhost, so ask by a name as production is asked.
        var browser = App.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            BaseAddress = new Uri("https://sociaalplein.example"),
        });

        var response = await browser.GetAsync("/account/inloggen");

        Assert.That(response.Headers.GetValues("Strict-Transport-Security").Single(), Does.StartWith("max-age=31536000"));
    }

    [Test]
    public async Task No_hsts_in_development()
    {
        await using var app = new AppFactory(Db, environment: "Development");
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            BaseAddress = new Uri("https://sociaalplein.example"),
        });

        var response = await browser.GetAsync("/account/inloggen");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.Contains("Strict-Transport-Security"), Is.False);
        Assert.That(Headers(response), Does.ContainKey("Content-Security-Policy"), "the other headers are there in Development too");
    }

    static Dictionary<string, string> Headers(HttpResponseMessage response) =>
        response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
}
