using System.Net;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Beheer;

/// <summary>/beheer/pleinen: the beheerder sets how long a plein keeps contact details; every change audited, bad input refused.</summary>
public sealed class PleinRetentionBeheerTests : AppFixture
{
    int _plein;

    protected override async Task ArrangeAsync() => _plein = await Arrange.PleinAsync(Db, "Plein Bewaartermijn");

    Task<short> MonthsAsync() => BeheerArrange.ScalarAsync<short>(Db, "SELECT contact_retention_months FROM plein WHERE id = @_plein", new { _plein });

    Task<HttpResponseMessage> SaveAsync(HttpClient browser, string months) =>
        browser.SubmitFormAsync("/beheer/pleinen", new Dictionary<string, string> { ["plein"] = _plein.ToString(), ["maanden"] = months });

    [Test]
    public async Task The_beheerder_changes_the_retention_and_the_change_is_audited()
    {
        var browser = await BeheerArrange.SignedInAsync(App, Db);
        var before = await MonthsAsync();

        var response = await SaveAsync(browser, "18");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await MonthsAsync(), Is.EqualTo(18));
        var entry = await BeheerArrange.ScalarAsync<string>(Db, """
            SELECT concat_ws('|', role, object_type, object_id, plein_id, outcome, detail::text)
            FROM audit_log WHERE action = 'plein.retention_change' AND plein_id = @_plein ORDER BY id DESC LIMIT 1
            """, new { _plein });
        Assert.That(entry, Is.EqualTo($"beheerder|plein|{_plein}|{_plein}|allowed|{{\"to_months\": 18, \"from_months\": {before}}}"));
        Assert.That(await browser.GetStringAsync("/beheer/pleinen"), Does.Contain("value=\"18\""));
        Assert.That(await browser.GetStringAsync("/beheer"), Does.Contain("href=\"/beheer/pleinen\""));
    }

    [TestCase("0")]
    [TestCase("61")]
    [TestCase("twaalf")]
    [TestCase("-3")]
    [TestCase("")]
    public async Task A_bad_number_of_months_is_refused_with_a_Dutch_message(string months)
    {
        var browser = await BeheerArrange.SignedInAsync(App, Db);
        var before = await MonthsAsync();

        var response = await SaveAsync(browser, months);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Vul een aantal maanden in van 1 tot en met 60."));
        Assert.That(await MonthsAsync(), Is.EqualTo(before));
    }

    [TestCase("professional")]
    [TestCase("projectleider")]
    public async Task Other_roles_cannot_open_or_change_the_retention(string role)
    {
        var browser = await BeheerArrange.SignedInAsync(App, Db, role);
        var before = await MonthsAsync();

        var get = await browser.GetAsync("/beheer/pleinen");
        var post = await browser.SubmitFormAsync("/", new Dictionary<string, string> { ["plein"] = _plein.ToString(), ["maanden"] = "2" },
            "/beheer/pleinen");

        Assert.That(get.Headers.Location?.AbsolutePath, Is.EqualTo("/account/geweigerd"));
        Assert.That(post.Headers.Location?.AbsolutePath, Is.EqualTo("/account/geweigerd"));
        Assert.That(await MonthsAsync(), Is.EqualTo(before));
    }
}
