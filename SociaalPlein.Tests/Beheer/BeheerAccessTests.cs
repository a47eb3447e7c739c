using System.Net;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Beheer;

public sealed class BeheerAccessTests : AppFixture
{
    int _organisation;

    protected override async Task ArrangeAsync() => _organisation = await BeheerArrange.OrganisationAsync(Db, "Toegang BV");

    // Which role opens which beheer page (each of them, as every role): Security/AuthorizationMatrixTests.

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
    public async Task Beheerder_sees_the_beheer_link()
    {
        var browser = await BeheerArrange.SignedInAsync(App, Db);

        Assert.That(await browser.GetStringAsync("/"), Does.Contain("href=\"/beheer\""));
    }

    [Test]
    public async Task Professional_does_not_see_the_beheer_link()
    {
        var browser = await BeheerArrange.SignedInAsync(App, Db, "professional");

        Assert.That(await browser.GetStringAsync("/"), Does.Not.Contain("href=\"/beheer\""));
    }
}
