using System.Net;
using Dapper;
using Microsoft.Extensions.Time.Testing;
using SociaalPlein.Data.Accounts;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Accounts;

public sealed class SessionTests : DatabaseFixture
{
    static string SessionCookie(HttpResponseMessage login) =>
        login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sociaalplein=", StringComparison.Ordinal)).Split(';')[0];

    static Task<HttpResponseMessage> WithCookieAsync(HttpClient client, string cookie, string url = "/account/uitloggen")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", cookie);
        return client.SendAsync(request);
    }

    [Test]
    public async Task Logging_out_ends_the_server_session_so_a_copied_cookie_is_refused_afterwards()
    {
        await Arrange.UserAsync(Db, "kopie@test.nl");
        await using var app = new AppFactory(Db);
        var browser = app.Browser();
        var cookie = SessionCookie(await browser.LogInAsync("kopie@test.nl", Arrange.Password));
        Assert.That((await WithCookieAsync(app.Browser(), cookie)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the copy works while logged in");

        await browser.SubmitFormAsync("/account/uitloggen", new Dictionary<string, string>());

        var replayed = await WithCookieAsync(app.Browser(), cookie);
        Assert.That(replayed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(replayed.Headers.Location?.AbsolutePath, Is.EqualTo("/account/inloggen"));
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        Assert.That(await conn.QuerySingleAsync<string>("""
            SELECT s.ended_reason FROM user_session s JOIN app_user u ON u.id = s.user_id WHERE u.email = 'kopie@test.nl'
            """), Is.EqualTo("logout"));
    }

    [Test]
    public async Task Logout_is_audited_with_the_session_it_ended()
    {
        var id = await Arrange.UserAsync(Db, "afmelden@test.nl", "projectleider");
        await using var app = new AppFactory(Db);
        var browser = app.Browser();
        await browser.LogInAsync("afmelden@test.nl", Arrange.Password);

        await browser.SubmitFormAsync("/account/uitloggen", new Dictionary<string, string>());

        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var (objectType, objectId, role) = await conn.QuerySingleAsync<(string, string, string)>(
            "SELECT object_type, object_id, role FROM audit_log WHERE user_id = @id AND action = 'logout'", new { id });
        var session = await conn.QuerySingleAsync<Guid>("SELECT id FROM user_session WHERE user_id = @id", new { id });
        Assert.That((objectType, objectId, role), Is.EqualTo(("user_session", session.ToString(), "projectleider")));
    }

    [Test]
    public async Task A_session_is_refused_12_hours_after_login_even_while_in_use()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero));
        var id = await Arrange.UserAsync(Db, "lange-dag@test.nl");
        await using var app = new AppFactory(Db, clock: clock);
        var browser = app.Browser();
        await browser.LogInAsync("lange-dag@test.nl", Arrange.Password);

        // Busy all day: each request is well within the cookie's sliding 8 hours.
        clock.Advance(TimeSpan.FromHours(7));
        Assert.That((await browser.GetAsync("/account/uitloggen")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        clock.Advance(UserSessions.AbsoluteExpiry - TimeSpan.FromHours(7) - TimeSpan.FromMinutes(1));
        Assert.That((await browser.GetAsync("/account/uitloggen")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "a minute before the end");
        clock.Advance(TimeSpan.FromMinutes(2));

        var response = await browser.GetAsync("/account/uitloggen");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/account/inloggen"));
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        Assert.That(await conn.QuerySingleAsync<DateTime>("SELECT last_seen_at FROM user_session WHERE user_id = @id", new { id }),
            Is.EqualTo(new DateTime(2026, 11, 23, 18, 59, 0, DateTimeKind.Utc)), "the last request it allowed");
    }

    [Test]
    public async Task Deactivating_an_account_or_changing_its_stamp_ends_its_open_session_rows()
    {
        var gone = await Arrange.UserAsync(Db, "rij-weg@test.nl");
        var changed = await Arrange.UserAsync(Db, "rij-stempel@test.nl");
        await using var app = new AppFactory(Db);
        await app.Browser().LogInAsync("rij-weg@test.nl", Arrange.Password);
        await app.Browser().LogInAsync("rij-stempel@test.nl", Arrange.Password);

        await using var conn = await Db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("UPDATE app_user SET active = false WHERE id = @gone", new { gone });
        await conn.ExecuteAsync("UPDATE app_user SET security_stamp = gen_random_uuid() WHERE id = @changed", new { changed });

        var reasons = (await conn.QueryAsync<(int, string?)>(
            "SELECT user_id, ended_reason FROM user_session WHERE user_id IN (@gone, @changed) ORDER BY user_id", new { gone, changed })).ToList();
        Assert.That(reasons, Is.EqualTo(new[] { (gone, (string?)"deactivated"), (changed, (string?)"security_stamp") }));
    }

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
        var cookie = SessionCookie(await first.Browser().LogInAsync("twee@test.nl", Arrange.Password));

        await using var second = new AppFactory(Db);
        var response = await WithCookieAsync(second.Browser(), cookie);

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
