using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Web;

public sealed partial class PageAccessTests : AppFixture
{
    // The pages anyone may open; every other page must send an anonymous visitor to the login page.
    static readonly string[] PublicPages = ["/Index", "/Error", "/Account/Inloggen", "/Account/Geweigerd", "/Spreekuren/Index"];

    // Discovered from the app's own endpoints, so a new page is covered the day it is added.
    IEnumerable<(string Page, string Route, bool Anonymous)> RazorPages() =>
        App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => (Page: e.Metadata.GetMetadata<PageActionDescriptor>()?.ViewEnginePath, Endpoint: e))
            .Where(p => p.Page is not null)
            .GroupBy(p => p.Page!)
            .Select(g =>
            {
                var e = g.OrderBy(x => x.Endpoint.RoutePattern.RawText!.Length).First().Endpoint;
                return (g.Key, Address(e.RoutePattern.RawText!), e.Metadata.GetMetadata<IAllowAnonymous>() is not null);
            });

    // A route with parameters ("beheer/organisaties/{id:int}") is asked for with 1 in each, so it matches.
    static string Address(string route) => "/" + RouteParameter().Replace(route, "1").ToLowerInvariant();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();

    [Test]
    public void Exactly_the_intended_pages_are_public()
    {
        var open = RazorPages().Where(p => p.Anonymous).Select(p => p.Page);

        Assert.That(open, Is.EquivalentTo(PublicPages));
    }

    [Test]
    public async Task Anonymous_request_to_every_non_public_page_redirects_to_login()
    {
        var closed = RazorPages().Where(p => !p.Anonymous).ToList();
        Assert.That(closed, Is.Not.Empty);

        foreach (var (page, route, _) in closed)
        {
            var response = await App.Browser().GetAsync(route);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), page);
            Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/account/inloggen"), page);
        }
    }

    [TestCase("/")]
    [TestCase("/spreekuren")]
    [TestCase("/account/inloggen")]
    [TestCase("/health")]
    public async Task Public_address_answers_without_login(string url)
    {
        var response = await App.Browser().GetAsync(url);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Unknown_address_answers_404_with_a_dutch_page()
    {
        var response = await App.Browser().GetAsync("/bestaat-niet");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Pagina niet gevonden"));
    }

    [Test]
    public async Task Health_answers_503_when_the_database_is_gone()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var app = new AppFactory(db);
        var browser = app.Browser();
        Assert.That((await browser.GetAsync("/health")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await TestDatabase.ExecuteOnServerAsync($"DROP DATABASE \"{db.Name}\" WITH (FORCE)");

        Assert.That((await browser.GetAsync("/health")).StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }

    [Test]
    public async Task Pages_are_in_dutch()
    {
        var html = await App.Browser().GetStringAsync("/");

        Assert.That(html, Does.Contain("<html lang=\"nl\">"));
    }
}
