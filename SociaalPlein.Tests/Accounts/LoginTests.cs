using System.Net;
using Dapper;
using Microsoft.Extensions.Time.Testing;
using SociaalPlein.Data.Accounts;
using SociaalPlein.Data.Audit;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Pages.Account;

namespace SociaalPlein.Tests.Accounts;

public sealed class LoginTests : DatabaseFixture
{
    FakeTimeProvider _clock = null!;
    Login _login = null!;

    [SetUp]
    public void NewClock()
    {
        _clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        _login = new Login(Db.DataSource, new AuditLog(Db.DataSource), _clock);
    }

    [Test]
    public async Task Right_password_signs_in_with_role_and_pleinen()
    {
        var plein = await Arrange.PleinAsync(Db, "Plein Rechts");
        await Arrange.UserAsync(Db, "juist@test.nl", "projectleider", [plein], twoFactor: false);

        var user = await _login.AttemptAsync("Juist@Test.nl ", Arrange.Password, IPAddress.Loopback);

        Assert.That(user, Is.Not.Null);
        Assert.That(user!.Role, Is.EqualTo("projectleider"));
        Assert.That(user.PleinIds, Is.EqualTo(new[] { plein }));
    }

    [Test]
    public async Task Wrong_password_is_refused()
    {
        await Arrange.UserAsync(Db, "fout@test.nl");

        Assert.That(await _login.AttemptAsync("fout@test.nl", "niet-het-wachtwoord", IPAddress.Loopback), Is.Null);
    }

    [Test]
    public async Task Fifth_failure_locks_the_account_even_for_the_right_password_until_the_lockout_ends()
    {
        await Arrange.UserAsync(Db, "slot@test.nl");
        for (var i = 0; i < Login.MaxFailures; i++)
            await _login.AttemptAsync("slot@test.nl", "verkeerd-wachtwoord", IPAddress.Loopback);

        Assert.That(await _login.AttemptAsync("slot@test.nl", Arrange.Password, IPAddress.Loopback), Is.Null);

        _clock.Advance(Login.LockoutPeriod + TimeSpan.FromSeconds(1));
        Assert.That(await _login.AttemptAsync("slot@test.nl", Arrange.Password, IPAddress.Loopback), Is.Not.Null);
    }

    [Test]
    public async Task Four_failures_do_not_lock_the_account()
    {
        await Arrange.UserAsync(Db, "vier@test.nl");
        for (var i = 0; i < Login.MaxFailures - 1; i++)
            await _login.AttemptAsync("vier@test.nl", "verkeerd-wachtwoord", IPAddress.Loopback);

        Assert.That(await _login.AttemptAsync("vier@test.nl", Arrange.Password, IPAddress.Loopback), Is.Not.Null);
    }

    [Test]
    public async Task Deactivated_account_is_refused_with_the_right_password()
    {
        await Arrange.UserAsync(Db, "weg@test.nl", active: false);

        Assert.That(await _login.AttemptAsync("weg@test.nl", Arrange.Password, IPAddress.Loopback), Is.Null);
    }

    [Test]
    public async Task Success_and_failure_are_written_to_the_audit_log_with_the_client_address()
    {
        var id = await Arrange.UserAsync(Db, "audit@test.nl");

        await _login.AttemptAsync("audit@test.nl", "verkeerd-wachtwoord", IPAddress.Parse("192.0.2.7"));
        await _login.AttemptAsync("audit@test.nl", Arrange.Password, IPAddress.Parse("192.0.2.7"));

        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var rows = (await conn.QueryAsync<(string Action, string Outcome, string Address)>("""
            SELECT action, outcome, host(client_address) FROM audit_log WHERE user_id = @id ORDER BY id
            """, new { id })).ToList();
        Assert.That(rows, Is.EqualTo(new[] { ("login.failure", "refused", "192.0.2.7"), ("login.success", "allowed", "192.0.2.7") }));
    }

    [Test]
    public async Task Unknown_wrong_locked_and_deactivated_accounts_all_get_the_same_message()
    {
        await Arrange.UserAsync(Db, "bekend@test.nl");
        await Arrange.UserAsync(Db, "gedeactiveerd@test.nl", active: false);
        await Arrange.UserAsync(Db, "geblokkeerd@test.nl");
        await using (var conn = await Db.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("UPDATE app_user SET locked_until = now() + interval '1 hour' WHERE email = 'geblokkeerd@test.nl'");
        await using var app = new AppFactory(Db);

        var pages = new List<string>();
        foreach (var (email, password) in new[]
                 {
                     ("onbekend@test.nl", Arrange.Password), ("bekend@test.nl", "verkeerd-wachtwoord"),
                     ("geblokkeerd@test.nl", Arrange.Password), ("gedeactiveerd@test.nl", Arrange.Password),
                 })
        {
            var response = await app.Browser().LogInAsync(email, password);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), email);
            pages.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.That(pages, Has.All.Contains(WebUtility.HtmlEncode(InloggenModel.Failed)));
    }

    [Test]
    public async Task Successful_login_through_the_form_redirects_to_the_return_url_and_opens_protected_pages()
    {
        await Arrange.UserAsync(Db, "formulier@test.nl");
        await using var app = new AppFactory(Db);
        var browser = app.Browser();

        var response = await browser.SubmitFormAsync("/account/inloggen?returnUrl=%2Faccount%2Fuitloggen",
            new Dictionary<string, string> { ["Input.Email"] = "formulier@test.nl", ["Input.Password"] = Arrange.Password });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/account/uitloggen"));
        Assert.That((await browser.GetAsync("/account/uitloggen")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Return_url_to_another_site_is_ignored()
    {
        await Arrange.UserAsync(Db, "omleiding@test.nl");
        await using var app = new AppFactory(Db);

        var response = await app.Browser().SubmitFormAsync("/account/inloggen?returnUrl=https%3A%2F%2Fevil.example",
            new Dictionary<string, string> { ["Input.Email"] = "omleiding@test.nl", ["Input.Password"] = Arrange.Password });

        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/"));
    }

    [Test]
    public async Task Empty_fields_show_a_dutch_message_next_to_each_field()
    {
        await using var app = new AppFactory(Db);

        var response = await app.Browser().LogInAsync("", "");
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Contain("Vul je e-mailadres in."));
        Assert.That(html, Does.Contain("Vul je wachtwoord in."));
    }
}
