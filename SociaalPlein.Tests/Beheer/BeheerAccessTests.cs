using System.Net;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Beheer;

public sealed class BeheerAccessTests : AppFixture
{
    int _organisation;

    protected override async Task ArrangeAsync() => _organisation = await BeheerArrange.OrganisationAsync(Db, "Toegang BV");

    static readonly string[] Pages =
    [
        "/beheer", "/beheer/organisaties", "/beheer/organisaties/nieuw", "/beheer/professionals", "/beheer/professionals/nieuw",
        "/beheer/leefgebieden", "/beheer/leefgebieden/nieuw", "/beheer/leefgebieden/1", "/beheer/import",
        "/beheer/import?handler=Voorbeeld&soort=organisaties", "/beheer/accounts", "/beheer/accounts/uitnodigen",
    ];

    [TestCase("professional")]
    [TestCase("projectleider")]
    public async Task Other_roles_are_sent_to_the_access_denied_page_for_every_beheer_page(string role)
    {
        var browser = await BeheerArrange.SignedInAsync(App, Db, role);

        foreach (var page in Pages.Append($"/beheer/organisaties/{_organisation}"))
        {
            var response = await browser.GetAsync(page);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), page);
            Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/account/geweigerd"), page);
        }
    }

    [TestCase("professional")]
    [TestCase("projectleider")]
    public async Task Other_roles_cannot_post_a_change(string role)
    {
        var browser = await BeheerArrange.SignedInAsync(App, Db, role);

        // With the antiforgery token of a page they may open (the logout form on the start page).
        var response = await browser.SubmitFormAsync("/", new Dictionary<string, string> { ["Input.Name"] = "Overgenomen" },
            $"/beheer/organisaties/{_organisation}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/account/geweigerd"));
        Assert.That(await BeheerArrange.ScalarAsync<string>(Db, "SELECT name FROM organisation WHERE id = @_organisation", new { _organisation }),
            Is.EqualTo("Toegang BV"));
    }

    [Test]
    public async Task Beheerder_opens_every_beheer_page_and_sees_the_beheer_link()
    {
        var browser = await BeheerArrange.SignedInAsync(App, Db);

        foreach (var page in Pages.Append($"/beheer/organisaties/{_organisation}"))
            Assert.That((await browser.GetAsync(page)).StatusCode, Is.EqualTo(HttpStatusCode.OK), page);
        Assert.That(await browser.GetStringAsync("/"), Does.Contain("href=\"/beheer\""));
    }

    [Test]
    public async Task Professional_does_not_see_the_beheer_link()
    {
        var browser = await BeheerArrange.SignedInAsync(App, Db, "professional");

        Assert.That(await browser.GetStringAsync("/"), Does.Not.Contain("href=\"/beheer\""));
    }
}
