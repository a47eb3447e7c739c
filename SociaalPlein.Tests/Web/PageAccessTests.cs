using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Web;

public sealed class PageAccessTests : AppFixture
{
    // The pages anyone may open; every other page must send an anonymous visitor to the login page. The newsletter's
    // unsubscribe page is opened from a mail by partners without an account; its signed token says who. Password reset and
    // the set-password link of an invitation or reset mail are used before one can sign in.
    static readonly string[] PublicPages =
        ["/Index", "/Error", "/Account/Inloggen", "/Account/Geweigerd", "/Spreekuren/Index", "/Nieuwsbrieven/Afmelden",
         "/Account/WachtwoordVergeten", "/Account/WachtwoordInstellen"];

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
                // A route parameter ({id:int}) gets a plausible value, so the request reaches the page's authorization.
                var route = Regex.Replace("/" + e.RoutePattern.RawText!.ToLowerInvariant(), @"\{[^}]+\}", "1");
                return (g.Key, route, e.Metadata.GetMetadata<IAllowAnonymous>() is not null);
            });

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
    [TestCase("/account/wachtwoord-vergeten")]
    [TestCase("/account/wachtwoord-instellen?t=onbekend")]
    [TestCase("/health")]
    public async Task Public_address_answers_without_login(string url)
    {
        var response = await App.Browser().GetAsync(url);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Unknown_address_sends_an_anonymous_visitor_to_login_without_saying_whether_it_exists()
    {
        var response = await App.Browser().GetAsync("/bestaat-niet");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/account/inloggen"));
    }

    [Test]
    public async Task Unknown_address_answers_a_signed_in_user_404_with_a_dutch_page()
    {
        await Arrange.UserAsync(Db, "verdwaald@test.nl");
        var browser = App.Browser();
        await browser.LogInAsync("verdwaald@test.nl", Arrange.Password);

        var response = await browser.GetAsync("/bestaat-niet");

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

    [TestCase("/gids?q=a%00b")]
    [TestCase("/beheer/organisaties?q=%00")]
    [TestCase("/spreekuren?plein=%00")]
    public async Task A_nul_character_in_the_address_answers_400_with_a_dutch_page_not_500(string url)
    {
        await Arrange.UserAsync(Db, $"nul{url.Length}{url[1]}@test.nl", "beheerder");
        var browser = App.Browser();
        await browser.LogInAsync($"nul{url.Length}{url[1]}@test.nl", Arrange.Password);

        var response = await browser.GetAsync(url);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Verzoek niet begrepen"));
    }
}
