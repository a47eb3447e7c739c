using System.Net;
using Dapper;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Accounts;

public sealed class SessionTests : DatabaseFixture
{

    [Test]
    public async Task Deactivating_an_account_ends_its_session_on_the_next_request()
    {
        await Arrange.UserAsync(Db, "sessie@test.nl");
        await using var app = new AppFactory(Db);
        var browser = app.Browser();
        await browser.LogInAsync("sessie@test.nl", Arrange.Password);
        Assert.That((await browser.GetAsync("/account/uitloggen")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await using (var conn = await Db.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("UPDATE app_user SET active = false WHERE email = 'sessie@test.nl'");

        var response = await browser.GetAsync("/account/uitloggen");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/account/inloggen"));
    }

    [Test]
    public async Task A_changed_security_stamp_refuses_the_old_cookie()
    {
        await Arrange.UserAsync(Db, "stempel@test.nl");
        await using var app = new AppFactory(Db);
        var browser = app.Browser();
        await browser.LogInAsync("stempel@test.nl", Arrange.Password);

        await using (var conn = await Db.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("UPDATE app_user SET security_stamp = gen_random_uuid() WHERE email = 'stempel@test.nl'");

        Assert.That((await browser.GetAsync("/account/uitloggen")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task A_cookie_from_one_instance_is_accepted_by_another_because_keys_live_in_the_database()
    {
        await Arrange.UserAsync(Db, "twee@test.nl");
        await using var first = new AppFactory(Db);
        var login = await first.Browser().LogInAsync("twee@test.nl", Arrange.Password);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sociaalplein=")).Split(';')[0];

        await using var second = new AppFactory(Db);
        var request = new HttpRequestMessage(HttpMethod.Get, "/account/uitloggen");
        request.Headers.Add("Cookie", cookie);
        var response = await second.Browser().SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        Assert.That(await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM data_protection_key"), Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public async Task Logging_out_clears_the_session()
    {
        await Arrange.UserAsync(Db, "uit@test.nl");
        await using var app = new AppFactory(Db);
        var browser = app.Browser();
        await browser.LogInAsync("uit@test.nl", Arrange.Password);

        var logout = await browser.SubmitFormAsync("/account/uitloggen", new Dictionary<string, string>());

        Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await browser.GetAsync("/account/uitloggen")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }
}
