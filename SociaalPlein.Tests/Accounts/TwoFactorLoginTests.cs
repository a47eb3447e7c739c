using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using SociaalPlein.Data.Accounts;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Infrastructure;
using SociaalPlein.Web.Pages.Account.Inloggen;

namespace SociaalPlein.Tests.Accounts;

/// <summary>Two-factor through the pages: the second login step, enrolment, and who must use it.</summary>
public sealed partial class TwoFactorLoginTests : AppFixture
{
    const string Enrolment = "/account/tweestapsverificatie";

    // Pages a half-signed-in user must not reach (the home page is public anyway).
    static readonly string[] SignedInPages = ["/gids", "/verwijzingen", "/profiel", "/beheer", "/veelbezoekers", "/account/uitloggen"];

    static Task<HttpResponseMessage> PasswordAsync(HttpClient browser, string email) =>
        browser.SubmitFormAsync("/account/inloggen", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = Arrange.Password,
        });

    static async Task AssertSentToLoginAsync(HttpClient browser)
    {
        foreach (var url in SignedInPages)
        {
            var response = await browser.GetAsync(url);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), url);
            Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/account/inloggen"), url);
        }
    }

    /// <summary>Reads the new secret off the enrolment page, as a person types it into their app, and confirms it.</summary>
    static async Task<HttpResponseMessage> EnrolAsync(HttpClient browser, Func<byte[], string>? code = null)
    {
        var page = await browser.GetStringAsync(Enrolment);
        var secret = Totp.FromBase32(WebUtility.HtmlDecode(Secret().Match(page).Groups[1].Value))!;
        return await browser.PostAsync(Enrolment + "?handler=Aanzetten", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["ProtectedSecret"] = WebUtility.HtmlDecode(ProtectedSecret().Match(page).Groups[1].Value),
            ["Code"] = code?.Invoke(secret) ?? Totp.Code(secret, Totp.StepAt(TimeProvider.System.GetUtcNow())),
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(BrowserExtensions.AntiforgeryToken().Match(page).Groups[1].Value),
        }));
    }

    [GeneratedRegex("<code id=\"sleutel\">([^<]+)</code>")]
    private static partial Regex Secret();

    [GeneratedRegex("name=\"ProtectedSecret\" value=\"([^\"]+)\"")]
    private static partial Regex ProtectedSecret();

    [GeneratedRegex(@"<li><code>([A-Z2-7]{4}(?:-[A-Z2-7]{4}){3})</code></li>")]
    private static partial Regex RecoveryCode();

    [Test]
    public async Task Staff_without_two_factor_are_sent_to_enrolment_and_reach_no_other_page_until_it_is_set_up()
    {
        var id = await Arrange.UserAsync(Db, "nog-instellen@test.nl", "beheerder", twoFactor: false);
        var browser = App.Browser();

        var login = await PasswordAsync(browser, "nog-instellen@test.nl");

        Assert.That(login.Headers.Location?.OriginalString, Is.EqualTo(Enrolment));
        await AssertSentToLoginAsync(browser);

        var enrolled = await EnrolAsync(browser);
        var html = await enrolled.Content.ReadAsStringAsync();

        Assert.That(enrolled.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(RecoveryCode().Matches(html), Has.Count.EqualTo(TwoFactor.RecoveryCodeCount), "the recovery codes, shown once");
        Assert.That((await browser.GetAsync("/beheer")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "signed in once it is set up");
        Assert.That(RecoveryCode().Matches(await browser.GetStringAsync(Enrolment)), Is.Empty, "never shown again");
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        Assert.That(await conn.ExecuteScalarAsync<bool>("SELECT totp_enabled_at IS NOT NULL FROM app_user WHERE id = @id", new { id }));
    }

    [Test]
    public async Task A_wrong_code_at_enrolment_shows_a_dutch_message_and_signs_in_nobody()
    {
        await Arrange.UserAsync(Db, "verkeerd-instellen@test.nl", "projectleider", twoFactor: false);
        var browser = App.Browser();
        await PasswordAsync(browser, "verkeerd-instellen@test.nl");

        var response = await EnrolAsync(browser, secret => "12345");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(WebUtility.HtmlEncode(
            SociaalPlein.Web.Pages.Account.TweestapsverificatieModel.WrongCode)));
        await AssertSentToLoginAsync(browser);
    }

    [Test]
    public async Task Half_signed_in_with_a_code_to_type_reaches_no_page_not_even_enrolment()
    {
        await Arrange.UserAsync(Db, "halverwege@test.nl", "beheerder");
        var browser = App.Browser();

        var login = await PasswordAsync(browser, "halverwege@test.nl");

        Assert.That(login.Headers.Location?.OriginalString, Does.StartWith(BrowserExtensions.CodePage));
        await AssertSentToLoginAsync(browser);
        Assert.That((await browser.GetAsync(Enrolment)).StatusCode, Is.Not.EqualTo(HttpStatusCode.OK), "no new secret without the old one");

        var code = await browser.SubmitFormAsync(login.Headers.Location!.OriginalString,
            new Dictionary<string, string> { ["Code"] = await TwoFactorArrange.NextCodeAsync("halverwege@test.nl") });

        Assert.That(code.Headers.Location?.OriginalString, Is.EqualTo("/"));
        Assert.That((await browser.GetAsync("/beheer")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_wrong_code_at_login_shows_a_dutch_message_and_signs_in_nobody()
    {
        await Arrange.UserAsync(Db, "foute-code@test.nl", "projectleider");
        var browser = App.Browser();
        var login = await PasswordAsync(browser, "foute-code@test.nl");

        var response = await browser.SubmitFormAsync(login.Headers.Location!.OriginalString,
            new Dictionary<string, string> { ["Code"] = "12345" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(WebUtility.HtmlEncode(CodeModel.Failed)));
        await AssertSentToLoginAsync(browser);
    }

    [Test]
    public async Task The_code_page_without_the_password_step_sends_to_login()
    {
        var response = await App.Browser().GetAsync(BrowserExtensions.CodePage);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/account/inloggen"));
    }

    [Test]
    public async Task A_professional_without_two_factor_signs_in_with_the_password_alone()
    {
        await Arrange.UserAsync(Db, "direct@test.nl");
        var browser = App.Browser();

        var login = await PasswordAsync(browser, "direct@test.nl");

        Assert.That(login.Headers.Location?.OriginalString, Is.EqualTo("/"));
        Assert.That((await browser.GetAsync("/gids")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_professional_can_switch_two_factor_on_from_the_profile_and_off_again()
    {
        await Arrange.UserAsync(Db, "vrijwillig@test.nl");
        var browser = App.Browser();
        await PasswordAsync(browser, "vrijwillig@test.nl");
        Assert.That(await browser.GetStringAsync("/profiel"), Does.Contain($"href=\"{Enrolment}\""));
        Assert.That(await browser.GetStringAsync(Enrolment), Does.Contain("<svg").And.Contain("href=\"otpauth://totp/Sociaal%20Plein:"),
            "the key as a QR code and as a link for the phone");

        byte[] secret = [];
        var enrolled = await EnrolAsync(browser, s =>
        {
            secret = s;
            return Totp.Code(s, Totp.StepAt(TimeProvider.System.GetUtcNow()));
        });
        var recoveryCodes = RecoveryCode().Matches(await enrolled.Content.ReadAsStringAsync()).Select(m => m.Groups[1].Value).ToList();
        Assert.That(recoveryCodes, Has.Count.EqualTo(TwoFactor.RecoveryCodeCount));
        await browser.SubmitFormAsync("/account/uitloggen", new Dictionary<string, string>());

        var again = App.Browser();
        var login = await PasswordAsync(again, "vrijwillig@test.nl");
        Assert.That(login.Headers.Location?.OriginalString, Does.StartWith(BrowserExtensions.CodePage), "now asked for a code");
        var recovered = await again.SubmitFormAsync(login.Headers.Location!.OriginalString,
            new Dictionary<string, string> { ["Code"] = recoveryCodes[0] });
        Assert.That(recovered.Headers.Location?.OriginalString, Is.EqualTo("/"), "a recovery code instead of the app");

        // A code of a later step than the one enrolment used: each code works once.
        var off = await again.SubmitFormAsync(Enrolment, new Dictionary<string, string>
        {
            ["Code"] = Totp.Code(secret, Totp.StepAt(TimeProvider.System.GetUtcNow()) + 1),
        }, action: Enrolment + "?handler=Uitzetten");
        Assert.That(off.Headers.Location?.OriginalString, Does.Contain("uitgezet=true").IgnoreCase);
        Assert.That((await PasswordAsync(App.Browser(), "vrijwillig@test.nl")).Headers.Location?.OriginalString, Is.EqualTo("/"));
    }

    [Test]
    public async Task Staff_cannot_switch_two_factor_off()
    {
        await Arrange.UserAsync(Db, "verplicht@test.nl", "projectleider");
        var browser = App.Browser();
        await browser.LogInAsync("verplicht@test.nl", Arrange.Password);
        var page = await browser.GetStringAsync(Enrolment);
        Assert.That(page, Does.Not.Contain("handler=Uitzetten"));

        var response = await browser.SubmitFormAsync(Enrolment, new Dictionary<string, string>
        {
            ["Code"] = await TwoFactorArrange.NextCodeAsync("verplicht@test.nl"),
        }, action: Enrolment + "?handler=Uitzetten");

        Assert.That(response.StatusCode, Is.Not.EqualTo(HttpStatusCode.OK));
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        Assert.That(await conn.ExecuteScalarAsync<bool>(
            "SELECT totp_enabled_at IS NOT NULL FROM app_user WHERE email = 'verplicht@test.nl'"), Is.True);
    }

    [TestCase("Production")]
    [TestCase("Testing")]
    public void Relaxing_two_factor_outside_development_stops_the_app_at_start(string environment)
    {
        using var app = new AppFactory(Db, environment, settings: new Dictionary<string, string> { [TwoFactorRules.Setting] = "false" });

        var error = Assert.Catch(() => app.Browser());

        Assert.That(error!.ToString(), Does.Contain(TwoFactorRules.Setting));
    }

    [Test]
    public async Task Development_may_relax_two_factor_so_staff_sign_in_with_the_password_alone()
    {
        await Arrange.UserAsync(Db, "demo-beheer@test.nl", "beheerder", twoFactor: false);
        await using var app = new AppFactory(Db, "Development", settings: new Dictionary<string, string> { [TwoFactorRules.Setting] = "false" });
        var browser = app.Browser();

        var login = await PasswordAsync(browser, "demo-beheer@test.nl");

        Assert.That(login.Headers.Location?.OriginalString, Is.EqualTo("/"));
        Assert.That((await browser.GetAsync("/beheer")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
