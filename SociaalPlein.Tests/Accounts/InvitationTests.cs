using System.Net;
using Dapper;
using Microsoft.Extensions.Time.Testing;
using SociaalPlein.Tests.Support;
using static SociaalPlein.Tests.Accounts.AccountArrange;

namespace SociaalPlein.Tests.Accounts;

/// <summary>The beheerder invites an account; the invitee chooses a password through a single-use link that expires.</summary>
public sealed class InvitationTests : AppFixture
{
    const string NewPassword = "Een eigen lange zin 2026";
    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    int _plein, _organisation;
    HttpClient _beheerder = null!;

    protected override TimeProvider? Clock => _clock;

    protected override async Task ArrangeAsync()
    {
        _plein = await Arrange.PleinAsync(Db, "Plein Noord");
        _organisation = await BeheerArrange.OrganisationAsync(Db, "Welzijn Noord", "welzijn");
    }

    // Each test signs in anew: a test that moves the clock a week on ends the beheerder's session of the one before.
    [SetUp]
    public async Task SignIn() => _beheerder = await BeheerArrange.SignedInAsync(App, Db);

    Task<HttpResponseMessage> InviteAsync(string email, string role = "professional", string? name = "Nieuwe Collega",
        int? plein = -1, int? professional = null)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("Input.Email", email), new("Input.DisplayName", name ?? ""), new("Input.Role", role),
        };
        if (plein is not null) form.Add(new("Input.PleinIds", (plein == -1 ? _plein : plein.Value).ToString()));
        if (professional is int p) form.Add(new("Input.ProfessionalId", p.ToString()));
        return _beheerder.SubmitFormAsync("/beheer/accounts/uitnodigen", form);
    }

    async Task<long> CountAsync(string sql, object? args = null)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>(sql, args);
    }

    [Test]
    public async Task Invitation_mail_carries_a_link_that_sets_the_password_once_and_then_is_refused()
    {
        var invite = await InviteAsync("eerste@welzijn-noord.nl");

        Assert.That(invite.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var id = BeheerArrange.RedirectedId(invite);
        var mail = MailsTo(App, "eerste@welzijn-noord.nl").Single();
        Assert.That(mail.Subject, Is.EqualTo("Je account voor Sociaal Plein"));
        var link = LinkIn(mail);
        Assert.That(await CanLogInAsync(App, "eerste@welzijn-noord.nl", NewPassword), Is.False, "no password before the link is used");

        var visitor = App.Browser();
        Assert.That(await visitor.GetStringAsync(link), Does.Contain("eerste@welzijn-noord.nl").And.Contain("name=\"Password\""));
        var set = await SetPasswordAsync(visitor, link, NewPassword);

        Assert.That(set.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await CanLogInAsync(App, "eerste@welzijn-noord.nl", NewPassword), Is.True);

        var again = await SetPasswordAsync(visitor, link, "Een tweede lange zin 2026");
        Assert.That(await again.Content.ReadAsStringAsync(), Does.Contain("Deze link werkt niet meer"));
        Assert.That(await CanLogInAsync(App, "eerste@welzijn-noord.nl", "Een tweede lange zin 2026"), Is.False);
        Assert.That(await visitor.GetStringAsync(link), Does.Contain("Deze link werkt niet meer").And.Not.Contain("name=\"Password\""));

        var invited = (await AuditAsync(Db, "account.invited", id)).Single();
        Assert.That(invited.Outcome, Is.EqualTo("allowed"));
        Assert.That(invited.Detail, Does.Contain("\"role\": \"professional\"").And.Contain($"\"pleinen\": [{_plein}]"));
        Assert.That((await AuditAsync(Db, "password.set", id)).Single().Detail, Does.Contain("\"via\": \"invitation\""));
    }

    [Test]
    public async Task Only_the_hash_of_the_token_is_stored()
    {
        var id = BeheerArrange.RedirectedId(await InviteAsync("hash@welzijn-noord.nl"));
        var token = LinkIn(MailsTo(App, "hash@welzijn-noord.nl").Single()).Split("?t=")[1];

        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var stored = await conn.QuerySingleAsync<byte[]>("SELECT token_hash FROM account_token WHERE user_id = @id", new { id });
        Assert.That(System.Buffers.Text.Base64Url.DecodeFromChars(token), Has.Length.EqualTo(32));
        Assert.That(stored, Is.EqualTo(System.Security.Cryptography.SHA256.HashData(System.Buffers.Text.Base64Url.DecodeFromChars(token))));
    }

    [Test]
    public async Task Invitation_link_works_until_seven_days_and_is_refused_after()
    {
        await InviteAsync("verloopt@welzijn-noord.nl");
        var link = LinkIn(MailsTo(App, "verloopt@welzijn-noord.nl").Single());
        var visitor = App.Browser();

        _clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Assert.That(await visitor.GetStringAsync(link), Does.Contain("name=\"Password\""));

        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.That(await visitor.GetStringAsync(link), Does.Contain("Deze link werkt niet meer"));
        var set = await SetPasswordAsync(visitor, link, NewPassword);
        Assert.That(await set.Content.ReadAsStringAsync(), Does.Contain("Deze link werkt niet meer"));
        Assert.That(await CanLogInAsync(App, "verloopt@welzijn-noord.nl", NewPassword), Is.False);
    }

    [Test]
    public async Task A_new_invitation_makes_the_older_link_useless()
    {
        var id = BeheerArrange.RedirectedId(await InviteAsync("opnieuw@welzijn-noord.nl"));
        var first = LinkIn(MailsTo(App, "opnieuw@welzijn-noord.nl").Single());

        var resend = await _beheerder.SubmitFormAsync($"/beheer/accounts/{id}", [], $"/beheer/accounts/{id}?handler=Uitnodigen");

        Assert.That(resend.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var second = LinkIn(MailsTo(App, "opnieuw@welzijn-noord.nl")[1]);
        var visitor = App.Browser();
        Assert.That(await visitor.GetStringAsync(first), Does.Contain("Deze link werkt niet meer"));
        Assert.That((await SetPasswordAsync(visitor, second, NewPassword)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await CanLogInAsync(App, "opnieuw@welzijn-noord.nl", NewPassword), Is.True);
        Assert.That(await AuditAsync(Db, "account.invited", id), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task A_password_that_breaks_the_rules_is_refused_next_to_the_field_and_the_link_stays_usable()
    {
        await InviteAsync("regels@welzijn-noord.nl");
        var link = LinkIn(MailsTo(App, "regels@welzijn-noord.nl").Single());
        var visitor = App.Browser();

        var common = await (await SetPasswordAsync(visitor, link, "qwerty123456")).Content.ReadAsStringAsync();
        var ownAddress = await (await SetPasswordAsync(visitor, link, "regels zijn regels 2026")).Content.ReadAsStringAsync();
        var different = await (await SetPasswordAsync(visitor, link, NewPassword, "Een andere lange zin")).Content.ReadAsStringAsync();

        Assert.That(common, Does.Contain("veel gebruikt of is eerder uitgelekt"));
        Assert.That(ownAddress, Does.Contain("e-mailadres"));
        Assert.That(different, Does.Contain("niet gelijk"));
        Assert.That(common + ownAddress + different, Does.Not.Contain("qwerty123456").And.Not.Contain(NewPassword));
        Assert.That((await SetPasswordAsync(visitor, link, NewPassword)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task Inviting_an_address_that_has_an_account_gives_a_dutch_message_and_stores_nothing()
    {
        await Arrange.UserAsync(Db, "bestaat@welzijn-noord.nl", pleinIds: [_plein]);
        var users = await CountAsync("SELECT count(*) FROM app_user");

        var response = await InviteAsync("Bestaat@Welzijn-Noord.nl", name: "Dubbel");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Er is al een account met dit e-mailadres"));
        Assert.That(await CountAsync("SELECT count(*) FROM app_user"), Is.EqualTo(users));
        Assert.That(MailsTo(App, "bestaat@welzijn-noord.nl"), Is.Empty);
    }

    [TestCase("geen-adres", "geen geldig e-mailadres")]
    [TestCase("iemand@plein", "geen geldig e-mailadres")]
    [TestCase("", "Vul het e-mailadres in")]
    [TestCase("josé@plein.nl", "alleen gewone letters")]
    public async Task Inviting_an_invalid_address_gives_a_dutch_message_and_stores_nothing(string email, string message)
    {
        var users = await CountAsync("SELECT count(*) FROM app_user");
        var tokens = await CountAsync("SELECT count(*) FROM account_token");

        var response = await InviteAsync(email);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(message));
        Assert.That(await CountAsync("SELECT count(*) FROM app_user"), Is.EqualTo(users));
        Assert.That(await CountAsync("SELECT count(*) FROM account_token"), Is.EqualTo(tokens));
    }

    [TestCase("professional")]
    [TestCase("projectleider")]
    public async Task Inviting_without_a_plein_gives_a_dutch_message_and_stores_nothing(string role)
    {
        var response = await InviteAsync($"zonderplein-{role}@welzijn-noord.nl", role, plein: null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Kies minstens één plein"));
        Assert.That(await AccountIdAsync(Db, $"zonderplein-{role}@welzijn-noord.nl"), Is.Null);
    }

    [Test]
    public async Task A_beheerder_may_be_invited_without_a_plein()
    {
        var response = await InviteAsync("nieuwe-beheerder@gemeente.nl", "beheerder", plein: null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await CountAsync("SELECT count(*) FROM app_user WHERE email = 'nieuwe-beheerder@gemeente.nl' AND role = 'beheerder'"),
            Is.EqualTo(1));
    }

    [Test]
    public async Task An_unknown_role_or_plein_gives_a_dutch_message_and_stores_nothing()
    {
        var role = await InviteAsync("rol@welzijn-noord.nl", "admin");
        var plein = await InviteAsync("plein@welzijn-noord.nl", plein: 987_654);

        Assert.That(await role.Content.ReadAsStringAsync(), Does.Contain("Kies een rol"));
        Assert.That(await plein.Content.ReadAsStringAsync(), Does.Contain("Plein 987654 bestaat niet"));
        Assert.That(await AccountIdAsync(Db, "rol@welzijn-noord.nl"), Is.Null);
        Assert.That(await AccountIdAsync(Db, "plein@welzijn-noord.nl"), Is.Null);
    }

    [Test]
    public async Task Inviting_from_the_gids_fills_in_the_professional_and_links_the_account_once()
    {
        var professional = await BeheerArrange.ProfessionalAsync(Db, _organisation, "Sanne de Vries");
        await using (var conn = await Db.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("""
                UPDATE professional SET email = 'sanne@welzijn-noord.nl' WHERE id = @professional;
                INSERT INTO professional_plein (professional_id, plein_id) VALUES (@professional, @_plein);
                """, new { professional, _plein });

        var form = await _beheerder.GetStringAsync($"/beheer/accounts/uitnodigen?professional={professional}");
        var first = await InviteAsync("sanne@welzijn-noord.nl", name: "Sanne de Vries", professional: professional);
        var second = await InviteAsync("sanne.prive@welzijn-noord.nl", name: "Sanne de Vries", professional: professional);

        Assert.That(form, Does.Contain("value=\"sanne@welzijn-noord.nl\"").And.Contain("Sanne de Vries"));
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await CountAsync("SELECT count(*) FROM app_user WHERE professional_id = @professional", new { professional }), Is.EqualTo(1));
        Assert.That(await second.Content.ReadAsStringAsync(), Does.Contain("Deze professional heeft al een account"));
        Assert.That(await AccountIdAsync(Db, "sanne.prive@welzijn-noord.nl"), Is.Null);
    }

    [Test]
    public async Task The_account_list_filters_by_role_plein_and_status()
    {
        var otherPlein = await Arrange.PleinAsync(Db, "Plein Zuid");
        await Arrange.UserAsync(Db, "lijst-leider@zuid.nl", "projectleider", [otherPlein]);
        await Arrange.UserAsync(Db, "lijst-weg@zuid.nl", "professional", [otherPlein], active: false);
        await Arrange.UserAsync(Db, "lijst-noord@noord.nl", "professional", [_plein]);

        var byPlein = await _beheerder.GetStringAsync($"/beheer/accounts?plein={otherPlein}");
        var byRole = await _beheerder.GetStringAsync($"/beheer/accounts?rol=projectleider&plein={otherPlein}");
        var inactive = await _beheerder.GetStringAsync($"/beheer/accounts?status=inactief&plein={otherPlein}");

        Assert.That(byPlein, Does.Contain("lijst-leider@zuid.nl").And.Not.Contain("lijst-weg@zuid.nl").And.Not.Contain("lijst-noord@noord.nl"));
        Assert.That(byRole, Does.Contain("lijst-leider@zuid.nl").And.Not.Contain("lijst-noord@noord.nl"));
        Assert.That(inactive, Does.Contain("lijst-weg@zuid.nl").And.Not.Contain("lijst-leider@zuid.nl"));
    }
}
