using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Jobs;
using static SociaalPlein.Tests.Accounts.AccountArrange;

namespace SociaalPlein.Tests.Accounts;

/// <summary>"Wachtwoord vergeten": the same answer for every address, a mail only to an active account, a link for one hour.</summary>
public sealed partial class PasswordResetTests : AppFixture
{
    const string NewPassword = "Een nieuwe lange zin 2026";
    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    protected override TimeProvider? Clock => _clock;

    Task<HttpResponseMessage> AskAsync(string email, HttpClient? browser = null) =>
        (browser ?? App.Browser()).SubmitFormAsync("/account/wachtwoord-vergeten", new Dictionary<string, string> { ["Email"] = email });

    // The page only queues the request; the wachtwoord-mails job (every minute in the app) sends it.
    async Task<HttpResponseMessage> RequestAsync(string email, HttpClient? browser = null)
    {
        var response = await AskAsync(email, browser);
        await RunMailJobAsync();
        return response;
    }

    async Task<string> RunMailJobAsync()
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WachtwoordMailJob>().RunAsync(CancellationToken.None);
    }

    [Test]
    public async Task The_request_only_queues_a_row_for_known_and_unknown_alike_and_the_job_sends_the_mail()
    {
        await Arrange.UserAsync(Db, "wachtrij@plein.nl");

        await AskAsync("wachtrij@plein.nl");
        await AskAsync("niemand-wachtrij@plein.nl");

        Assert.That(MailsTo(App, "wachtrij@plein.nl"), Is.Empty, "nothing is sent in the request");
        Assert.That(await RegisterArrange.CountAsync(Db, "password_reset_request", "email IN ('wachtrij@plein.nl', 'niemand-wachtrij@plein.nl')"), Is.EqualTo(2));
        Assert.That(await RegisterArrange.CountAsync(Db, "audit_log", "action = 'password.reset_requested' AND user_email = 'wachtrij@plein.nl'"), Is.Zero,
            "not even the lookup happens in the request");

        var summary = await RunMailJobAsync();

        Assert.That(summary, Does.Contain("1 mails sent"));
        Assert.That(MailsTo(App, "wachtrij@plein.nl"), Has.Count.EqualTo(1));
        Assert.That(MailsTo(App, "niemand-wachtrij@plein.nl"), Is.Empty);
        Assert.That(await RegisterArrange.CountAsync(Db, "password_reset_request", "email IN ('wachtrij@plein.nl', 'niemand-wachtrij@plein.nl')"), Is.Zero,
            "an address without an account is not kept");
        Assert.That(await RunMailJobAsync(), Does.StartWith("0 requests"), "a request is handled once");
    }

    // What the page says: its main content (the layout around it may carry per-request values).
    static string Answer(string html) => MainContent().Match(html).Value;

    [GeneratedRegex("<main[^>]*>.*</main>", RegexOptions.Singleline)]
    private static partial Regex MainContent();

    [TestCase("a,b", TestName = "A_mangled_link_says_it_no_longer_works(two tokens)")]
    [TestCase("%FF", TestName = "A_mangled_link_says_it_no_longer_works(invalid UTF-8)")]
    [TestCase("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TestName = "A_mangled_link_says_it_no_longer_works(not base64url length)")]
    [TestCase("Zm9v+/8=", TestName = "A_mangled_link_says_it_no_longer_works(standard base64)")]
    public async Task A_mangled_link_says_it_no_longer_works(string token)
    {
        var response = await App.Browser().GetAsync("/account/wachtwoord-instellen?t=" + token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Deze link werkt niet meer"));
    }

    [Test]
    public async Task Reset_for_an_unknown_address_answers_the_same_and_sends_nothing()
    {
        var known = await Arrange.UserAsync(Db, "bestaat@plein.nl");

        var forKnown = await RequestAsync("bestaat@plein.nl");
        var forUnknown = await RequestAsync("onbekend@plein.nl");

        Assert.That(forUnknown.StatusCode, Is.EqualTo(forKnown.StatusCode));
        var unknownHtml = await forUnknown.Content.ReadAsStringAsync();
        Assert.That(unknownHtml, Does.Contain("Als er een account is met dit e-mailadres"));
        Assert.That(Answer(unknownHtml), Is.Not.Empty.And.EqualTo(Answer(await forKnown.Content.ReadAsStringAsync())));
        Assert.That(MailsTo(App, "onbekend@plein.nl"), Is.Empty);
        Assert.That(MailsTo(App, "bestaat@plein.nl"), Has.Count.EqualTo(1));
        Assert.That((await AuditAsync(Db, "password.reset_requested", known)).Single().Outcome, Is.EqualTo("allowed"));
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        Assert.That(await conn.ExecuteScalarAsync<string>("""
            SELECT detail->>'reason' FROM audit_log WHERE action = 'password.reset_requested' AND user_email = 'onbekend@plein.nl' AND outcome = 'refused'
            """), Is.EqualTo("unknown_account"));
    }

    [Test]
    public async Task Reset_link_sets_a_new_password_once_and_ends_the_other_sessions()
    {
        var id = await Arrange.UserAsync(Db, "vergeten@plein.nl");
        var signedIn = App.Browser();
        await signedIn.LogInAsync("vergeten@plein.nl", Arrange.Password);
        Assert.That((await signedIn.GetAsync("/account/uitloggen")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await RequestAsync("vergeten@plein.nl");
        var mail = MailsTo(App, "vergeten@plein.nl").Single();
        var link = LinkIn(mail);
        var set = await SetPasswordAsync(App.Browser(), link, NewPassword);

        Assert.That(mail.Subject, Is.EqualTo("Nieuw wachtwoord voor Sociaal Plein"));
        Assert.That(set.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var next = await signedIn.GetAsync("/account/uitloggen");
        Assert.That(next.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the session from before the reset has ended");
        Assert.That(next.Headers.Location?.AbsolutePath, Is.EqualTo("/account/inloggen"));
        Assert.That(await CanLogInAsync(App, "vergeten@plein.nl", Arrange.Password), Is.False);
        Assert.That(await CanLogInAsync(App, "vergeten@plein.nl", NewPassword), Is.True);
        Assert.That(await (await SetPasswordAsync(App.Browser(), link, "Nog een andere lange zin")).Content.ReadAsStringAsync(),
            Does.Contain("Deze link werkt niet meer"));
        Assert.That((await AuditAsync(Db, "password.set", id)).Single().Detail, Does.Contain("\"via\": \"reset\""));
    }

    [Test]
    public async Task Reset_link_is_refused_after_an_hour()
    {
        await Arrange.UserAsync(Db, "uur@plein.nl");
        await RequestAsync("uur@plein.nl");
        var link = LinkIn(MailsTo(App, "uur@plein.nl").Single());

        _clock.Advance(TimeSpan.FromMinutes(61));

        var set = await SetPasswordAsync(App.Browser(), link, NewPassword);
        Assert.That(await set.Content.ReadAsStringAsync(), Does.Contain("Deze link werkt niet meer"));
        Assert.That(await CanLogInAsync(App, "uur@plein.nl", NewPassword), Is.False);
        Assert.That(await CanLogInAsync(App, "uur@plein.nl", Arrange.Password), Is.True);
    }

    [Test]
    public async Task Setting_a_password_lifts_a_lockout()
    {
        await Arrange.UserAsync(Db, "opslot@plein.nl");
        for (var i = 0; i < SociaalPlein.Data.Accounts.Login.MaxFailures; i++)
            await App.Browser().LogInAsync("opslot@plein.nl", "fout-wachtwoord-" + i);
        Assert.That(await CanLogInAsync(App, "opslot@plein.nl", Arrange.Password), Is.False, "locked");

        await RequestAsync("opslot@plein.nl");
        await SetPasswordAsync(App.Browser(), LinkIn(MailsTo(App, "opslot@plein.nl").Single()), NewPassword);

        Assert.That(await CanLogInAsync(App, "opslot@plein.nl", NewPassword), Is.True);
    }

    [Test]
    public async Task A_deactivated_account_gets_no_reset_mail_and_the_same_answer()
    {
        var id = await Arrange.UserAsync(Db, "weg@plein.nl", active: false);

        var response = await RequestAsync("weg@plein.nl");

        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Als er een account is met dit e-mailadres"));
        Assert.That(MailsTo(App, "weg@plein.nl"), Is.Empty);
        Assert.That((await AuditAsync(Db, "password.reset_requested", id)).Single().Detail, Does.Contain("inactive"));
    }

    [TestCase("", "Vul je e-mailadres in")]
    [TestCase("geen-adres", "geen geldig e-mailadres")]
    public async Task An_invalid_address_gets_a_dutch_message_next_to_the_field(string email, string message)
    {
        var response = await RequestAsync(email);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(message).And.Not.Contain("Als er een account is"));
    }

    [Test]
    public async Task The_login_page_links_to_password_reset() =>
        Assert.That(await App.Browser().GetStringAsync("/account/inloggen"), Does.Contain("href=\"/account/wachtwoord-vergeten\""));
}
