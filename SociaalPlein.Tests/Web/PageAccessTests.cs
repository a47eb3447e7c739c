using System.Net;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Web;

public sealed class PageAccessTests : AppFixture
{
    // Who may open which page, for every page and endpoint the app has: Security/AuthorizationMatrixTests.

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
