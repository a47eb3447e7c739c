using System.Net;
using System.Text.RegularExpressions;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Observability;

public sealed class PrestatiesPageTests : AppFixture
{
    protected override async Task ArrangeAsync()
    {
        var plein = await Arrange.PleinAsync(Db, "Sociaal Plein Prestaties");
        await Arrange.UserAsync(Db, "beheer@prestaties.nl", "beheerder", pleinIds: [plein]);
        await Arrange.UserAsync(Db, "pl@prestaties.nl", "projectleider", pleinIds: [plein]);
    }

    [Test]
    public async Task The_last_hours_requests_are_listed_by_page_and_queries_by_their_text_with_counts()
    {
        var browser = App.Browser();
        await browser.LogInAsync("beheer@prestaties.nl", Arrange.Password);
        for (var i = 0; i < 3; i++) await browser.GetAsync("/spreekuren");
        await browser.GetAsync("/bezoekers/B-2026-4242");

        var html = await browser.GetStringAsync("/beheer/prestaties");

        Assert.That(html, Does.Contain("<code>/Spreekuren/Index</code>"));
        Assert.That(html, Does.Contain("<code>/Bezoekers/Index</code>"));
        Assert.That(html, Does.Not.Contain("B-2026-4242"), "an address is never kept, only its page");
        // The schedule's plein list, read once on each of the three visits, with its count beside it.
        Assert.That(Regex.Replace(html, @"\s+", " "),
            Does.Contain("<code>SELECT id, name, address FROM plein WHERE active ORDER BY name</code></pre> </td> <td>3</td>"));
    }

    [Test]
    public async Task Only_a_beheerder_may_open_it()
    {
        var browser = App.Browser();
        await browser.LogInAsync("pl@prestaties.nl", Arrange.Password);

        var response = await browser.GetAsync("/beheer/prestaties");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/account/geweigerd"));
    }
}
