using System.Net;
using Dapper;
using SociaalPlein.Tests.Support;
using static SociaalPlein.Tests.Accounts.AccountArrange;

namespace SociaalPlein.Tests.Beheer;

/// <summary>
/// /beheer/accounts/{id}: role, pleinen and (de)activation end the account's session on its next request and are
/// audited; the gids beheer takes the account along when a professional or organisation is deactivated.
/// </summary>
public sealed class AccountBeheerTests : AppFixture
{
    int _plein, _otherPlein, _organisation;
    HttpClient _beheerder = null!;

    protected override async Task ArrangeAsync()
    {
        _plein = await Arrange.PleinAsync(Db, "Plein Noord");
        _otherPlein = await Arrange.PleinAsync(Db, "Plein Zuid");
        _organisation = await BeheerArrange.OrganisationAsync(Db, "Welzijn Noord", "welzijn");
    }

    [SetUp]
    public async Task SignIn() => _beheerder ??= await BeheerArrange.SignedInAsync(App, Db);

    /// <summary>A browser signed in as a new account; a GET of the logout page answers 200 while its session lives.</summary>
    async Task<(int Id, HttpClient Browser)> SignedInUserAsync(string email, string role = "professional", int[]? pleinen = null)
    {
        var id = await Arrange.UserAsync(Db, email, role, pleinen ?? [_plein]);
        var browser = App.Browser();
        await browser.LogInAsync(email, Arrange.Password);
        Assert.That((await browser.GetAsync("/account/uitloggen")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "signed in");
        return (id, browser);
    }

    /// <summary>A professional in the gids whose linked account is signed in.</summary>
    async Task<(int Professional, int Id, HttpClient Browser)> SignedInProfessionalAsync(int organisation, string name, string email)
    {
        var professional = await BeheerArrange.ProfessionalAsync(Db, organisation, name);
        var (id, browser) = await SignedInUserAsync(email);
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("UPDATE app_user SET professional_id = @professional WHERE id = @id", new { professional, id });
        return (professional, id, browser);
    }

    static async Task<bool> SessionLivesAsync(HttpClient browser) =>
        (await browser.GetAsync("/account/uitloggen")).StatusCode == HttpStatusCode.OK;

    Task<HttpResponseMessage> SaveAsync(HttpClient browser, int id, string role, params int[] pleinen) =>
        browser.SubmitFormAsync($"/beheer/accounts/{id}",
            pleinen.Select(p => new KeyValuePair<string, string>("Input.PleinIds", p.ToString()))
                .Append(new("Input.Role", role)));

    Task<HttpResponseMessage> PostAsync(HttpClient browser, string page, string handler) =>
        browser.SubmitFormAsync(page, [], $"{page}?handler={handler}");

    /// <summary>The second POST of an action with a confirmation step: the one its "… deactiveren" button sends.</summary>
    Task<HttpResponseMessage> ConfirmAsync(HttpClient browser, string page, string handler) =>
        browser.SubmitFormAsync(page, [new("bevestigd", "ja")], $"{page}?handler={handler}");

    async Task<T> ScalarAsync<T>(string sql, object args)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, args))!;
    }

    [Test]
    public async Task Changing_the_role_ends_the_users_session_on_the_next_request_and_is_audited()
    {
        var (id, user) = await SignedInUserAsync("rol@plein.nl");

        var save = await SaveAsync(_beheerder, id, "projectleider", _plein);

        Assert.That(save.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await SessionLivesAsync(user), Is.False);
        Assert.That(await ScalarAsync<string>("SELECT role FROM app_user WHERE id = @id", new { id }), Is.EqualTo("projectleider"));
        var entry = (await AuditAsync(Db, "account.role_changed", id)).Single();
        Assert.That(entry.Detail, Does.Contain("\"from\": \"professional\"").And.Contain("\"to\": \"projectleider\""));
        Assert.That(entry.UserId, Is.Not.EqualTo(id), "the beheerder is who changed it");
        Assert.That(await AuditAsync(Db, "account.pleinen_changed", id), Is.Empty);
    }

    [Test]
    public async Task Changing_the_pleinen_ends_the_session_and_is_audited()
    {
        var (id, user) = await SignedInUserAsync("pleinen@plein.nl");

        await SaveAsync(_beheerder, id, "professional", _plein, _otherPlein);

        Assert.That(await SessionLivesAsync(user), Is.False);
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM app_user_plein WHERE user_id = @id", new { id }), Is.EqualTo(2));
        Assert.That((await AuditAsync(Db, "account.pleinen_changed", id)).Single().Detail,
            Does.Contain($"\"from\": [{_plein}]").And.Contain($"\"to\": [{Math.Min(_plein, _otherPlein)}, {Math.Max(_plein, _otherPlein)}]"));
        Assert.That(await AuditAsync(Db, "account.role_changed", id), Is.Empty);
    }

    [Test]
    public async Task Saving_without_a_change_keeps_the_session_and_audits_nothing()
    {
        var (id, user) = await SignedInUserAsync("zelfde@plein.nl");

        await SaveAsync(_beheerder, id, "professional", _plein);

        Assert.That(await SessionLivesAsync(user), Is.True);
        Assert.That(await AuditAsync(Db, "account.role_changed", id), Is.Empty);
    }

    [Test]
    public async Task Removing_every_plein_of_a_professional_gives_a_dutch_message_and_stores_nothing()
    {
        var (id, user) = await SignedInUserAsync("geenplein@plein.nl");

        var save = await SaveAsync(_beheerder, id, "professional");

        Assert.That(save.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await save.Content.ReadAsStringAsync(), Does.Contain("Kies minstens één plein"));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM app_user_plein WHERE user_id = @id", new { id }), Is.EqualTo(1));
        Assert.That(await SessionLivesAsync(user), Is.True);
    }

    [Test]
    public async Task Deactivating_ends_the_session_and_refuses_login_and_activating_lets_the_user_in_again()
    {
        var (id, user) = await SignedInUserAsync("deactiveren@plein.nl");

        var deactivate = await ConfirmAsync(_beheerder, $"/beheer/accounts/{id}", "Deactiveren");

        Assert.That(deactivate.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await SessionLivesAsync(user), Is.False);
        Assert.That(await CanLogInAsync(App, "deactiveren@plein.nl", Arrange.Password), Is.False);
        Assert.That((await AuditAsync(Db, "account.deactivated", id)).Single().Outcome, Is.EqualTo("allowed"));

        await PostAsync(_beheerder, $"/beheer/accounts/{id}", "Activeren");

        Assert.That(await CanLogInAsync(App, "deactiveren@plein.nl", Arrange.Password), Is.True);
        Assert.That(await AuditAsync(Db, "account.activated", id), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_beheerder_switches_off_another_accounts_lost_two_factor_which_ends_its_session_and_is_audited()
    {
        var (id, user) = await SignedInUserAsync("telefoon-kwijt@plein.nl", "projectleider");
        Assert.That(await ScalarAsync<bool>("SELECT totp_enabled_at IS NOT NULL FROM app_user WHERE id = @id", new { id }), "arranged with two-factor");

        var reset = await PostAsync(_beheerder, $"/beheer/accounts/{id}", "TweestapsUitzetten");

        Assert.That(reset.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await SessionLivesAsync(user), Is.False);
        Assert.That(await ScalarAsync<bool>("""
            SELECT totp_secret_protected IS NULL AND totp_enabled_at IS NULL
                   AND NOT EXISTS (SELECT 1 FROM recovery_code WHERE user_id = @id)
            FROM app_user WHERE id = @id
            """, new { id }), Is.True);
        Assert.That((await AuditAsync(Db, "account.2fa_reset", id)).Single().Outcome, Is.EqualTo("allowed"));
        // The password step now sends the projectleider to set two-factor up again.
        var login = await App.Browser().SubmitFormAsync("/account/inloggen", new Dictionary<string, string>
        {
            ["Input.Email"] = "telefoon-kwijt@plein.nl",
            ["Input.Password"] = Arrange.Password,
        });
        Assert.That(login.Headers.Location?.OriginalString, Does.StartWith("/account/tweestapsverificatie"));
    }

    [Test]
    public async Task A_beheerder_cannot_switch_off_their_own_two_factor_here()
    {
        var (id, self) = await SignedInUserAsync("eigen-tweestaps@gemeente.nl", "beheerder", []);

        var reset = await PostAsync(self, $"/beheer/accounts/{id}", "TweestapsUitzetten");

        Assert.That(await reset.Content.ReadAsStringAsync(), Does.Contain("Je kunt je eigen tweestapsverificatie hier niet uitzetten"));
        Assert.That(await ScalarAsync<bool>("SELECT totp_enabled_at IS NOT NULL FROM app_user WHERE id = @id", new { id }), Is.True);
        Assert.That(await SessionLivesAsync(self), Is.True);
    }

    [Test]
    public async Task A_beheerder_cannot_deactivate_or_demote_themselves()
    {
        var (id, self) = await SignedInUserAsync("zelf@gemeente.nl", "beheerder", []);

        var demote = await SaveAsync(self, id, "professional", _plein);
        var deactivate = await PostAsync(self, $"/beheer/accounts/{id}", "Deactiveren");

        Assert.That(await demote.Content.ReadAsStringAsync(), Does.Contain("Je kunt je eigen rol niet wijzigen"));
        Assert.That(await deactivate.Content.ReadAsStringAsync(), Does.Contain("Je kunt je eigen account niet deactiveren"));
        Assert.That(await ScalarAsync<string>("SELECT role FROM app_user WHERE id = @id AND active", new { id }), Is.EqualTo("beheerder"));
        Assert.That(await SessionLivesAsync(self), Is.True);
    }

    [Test]
    public async Task Deactivating_a_professional_deactivates_the_linked_account_and_reactivating_does_not_reactivate_it()
    {
        var (professional, id, user) = await SignedInProfessionalAsync(_organisation, "Karim Haddou", "karim@welzijn-noord.nl");

        await ConfirmAsync(_beheerder, $"/beheer/professionals/{professional}", "Deactiveren");

        Assert.That(await SessionLivesAsync(user), Is.False);
        Assert.That(await ScalarAsync<bool>("SELECT active FROM app_user WHERE id = @id", new { id }), Is.False);
        Assert.That((await AuditAsync(Db, "account.deactivated", id)).Single().Detail, Does.Contain("\"via\": \"professional\""));

        await PostAsync(_beheerder, $"/beheer/professionals/{professional}", "Activeren");

        Assert.That(await ScalarAsync<bool>("SELECT active FROM professional WHERE id = @professional", new { professional }), Is.True);
        Assert.That(await ScalarAsync<bool>("SELECT active FROM app_user WHERE id = @id", new { id }), Is.False);
        Assert.That(await CanLogInAsync(App, "karim@welzijn-noord.nl", Arrange.Password), Is.False);
    }

    [Test]
    public async Task The_account_of_an_inactive_professional_cannot_be_activated_until_the_professional_is()
    {
        var professional = await BeheerArrange.ProfessionalAsync(Db, _organisation, "Lotte Bakker");
        var id = await Arrange.UserAsync(Db, "lotte@welzijn-noord.nl", pleinIds: [_plein], active: false);
        await using (var conn = await Db.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("""
                UPDATE app_user SET professional_id = @professional WHERE id = @id;
                UPDATE professional SET active = false WHERE id = @professional;
                """, new { professional, id });

        var activate = await PostAsync(_beheerder, $"/beheer/accounts/{id}", "Activeren");

        Assert.That(await activate.Content.ReadAsStringAsync(), Does.Contain("Activeer eerst de professional"));
        Assert.That(await ScalarAsync<bool>("SELECT active FROM app_user WHERE id = @id", new { id }), Is.False);
    }

    [Test]
    public async Task Deactivating_an_organisation_deactivates_the_accounts_of_its_professionals()
    {
        var organisation = await BeheerArrange.OrganisationAsync(Db, "Stoppende Stichting");
        var (_, id, user) = await SignedInProfessionalAsync(organisation, "Ineke Smit", "ineke@stoppend.nl");

        await ConfirmAsync(_beheerder, $"/beheer/organisaties/{organisation}", "Deactiveren");

        Assert.That(await SessionLivesAsync(user), Is.False);
        Assert.That((await AuditAsync(Db, "account.deactivated", id)).Single().Detail, Does.Contain("\"via\": \"organisation\""));
    }

    [Test]
    public async Task A_beheerder_cannot_deactivate_their_own_gids_entry_or_organisation()
    {
        var organisation = await BeheerArrange.OrganisationAsync(Db, "Eigen Stichting");
        var professional = await BeheerArrange.ProfessionalAsync(Db, organisation, "Bea Beheer");
        var (id, self) = await SignedInUserAsync("bea@eigen.nl", "beheerder", []);
        await using (var conn = await Db.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("UPDATE app_user SET professional_id = @professional WHERE id = @id", new { professional, id });

        // Refused at the first step, before a confirmation is asked; and a confirmed POST is refused all the same.
        var entry = await PostAsync(self, $"/beheer/professionals/{professional}", "Deactiveren");
        var own = await PostAsync(self, $"/beheer/organisaties/{organisation}", "Deactiveren");
        var entryConfirmed = await ConfirmAsync(self, $"/beheer/professionals/{professional}", "Deactiveren");
        var ownConfirmed = await ConfirmAsync(self, $"/beheer/organisaties/{organisation}", "Deactiveren");

        var entryHtml = await entry.Content.ReadAsStringAsync();
        Assert.That(entryHtml, Does.Contain("Je kunt je eigen gidsvermelding niet deactiveren"));
        Assert.That(entryHtml, Does.Not.Contain("name=\"bevestigd\""), "no confirmation step for what is refused");
        Assert.That(await own.Content.ReadAsStringAsync(), Does.Contain("Je kunt je eigen organisatie niet deactiveren"));
        Assert.That(await entryConfirmed.Content.ReadAsStringAsync(), Does.Contain("Je kunt je eigen gidsvermelding niet deactiveren"));
        Assert.That(await ownConfirmed.Content.ReadAsStringAsync(), Does.Contain("Je kunt je eigen organisatie niet deactiveren"));
        Assert.That(await ScalarAsync<bool>("SELECT active FROM professional WHERE id = @professional", new { professional }), Is.True);
        Assert.That(await ScalarAsync<bool>("SELECT active FROM organisation WHERE id = @organisation", new { organisation }), Is.True);
        Assert.That(await ScalarAsync<bool>("SELECT active FROM app_user WHERE id = @id", new { id }), Is.True);
        Assert.That(await SessionLivesAsync(self), Is.True);
    }

    [Test]
    public async Task Deactivating_an_invited_account_closes_its_open_link()
    {
        var invite = await _beheerder.SubmitFormAsync("/beheer/accounts/uitnodigen", new Dictionary<string, string>
        {
            ["Input.Email"] = "uitgenodigd@plein.nl", ["Input.DisplayName"] = "Uitgenodigd", ["Input.Role"] = "professional",
            ["Input.PleinIds"] = _plein.ToString(),
        });
        var id = BeheerArrange.RedirectedId(invite);
        var link = LinkIn(MailsTo(App, "uitgenodigd@plein.nl").Single());

        await ConfirmAsync(_beheerder, $"/beheer/accounts/{id}", "Deactiveren");

        Assert.That(await App.Browser().GetStringAsync(link), Does.Contain("Deze link werkt niet meer"));
        Assert.That(await ScalarAsync<string>("SELECT closed_because FROM account_token WHERE user_id = @id", new { id }),
            Is.EqualTo("deactivated"));
    }

    [Test]
    public async Task A_new_invitation_is_refused_for_an_account_that_has_a_password()
    {
        var id = await Arrange.UserAsync(Db, "heeftwachtwoord@plein.nl", pleinIds: [_plein]);

        var response = await PostAsync(_beheerder, $"/beheer/accounts/{id}", "Uitnodigen");

        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("nog geen wachtwoord heeft"));
        Assert.That(MailsTo(App, "heeftwachtwoord@plein.nl"), Is.Empty);
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM account_token WHERE user_id = @id", new { id }), Is.Zero);
    }

    [TestCase("professional")]
    [TestCase("projectleider")]
    public async Task Other_roles_cannot_change_an_account(string role)
    {
        var id = await Arrange.UserAsync(Db, $"doelwit-{role}@plein.nl", pleinIds: [_plein]);
        var browser = await BeheerArrange.SignedInAsync(App, Db, role);

        var response = await browser.SubmitFormAsync("/", [new("Input.Role", "beheerder")], $"/beheer/accounts/{id}");

        Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/account/geweigerd"));
        Assert.That(await ScalarAsync<string>("SELECT role FROM app_user WHERE id = @id", new { id }), Is.EqualTo("professional"));
    }

    [Test]
    public async Task Deactivating_takes_a_confirmation_step_that_names_the_account_and_one_post_changes_nothing()
    {
        var (id, user) = await SignedInUserAsync("bevestigen@plein.nl");

        var first = await PostAsync(_beheerder, $"/beheer/accounts/{id}", "Deactiveren");
        var html = WebUtility.HtmlDecode(await first.Content.ReadAsStringAsync());

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Match("Account van .+ deactiveren\\?").And.Contain("(bevestigen@plein.nl) kan daarna niet meer inloggen"));
        Assert.That(html, Does.Contain(">Terug, niet deactiveren</a>"));
        Assert.That(await SessionLivesAsync(user), Is.True);
        Assert.That(await ScalarAsync<bool>("SELECT active FROM app_user WHERE id = @id", new { id }), Is.True);
    }
}
