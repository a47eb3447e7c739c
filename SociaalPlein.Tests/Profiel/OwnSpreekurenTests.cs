using System.Net;
using Dapper;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Pages.Profiel;

namespace SociaalPlein.Tests.Profiel;

public sealed class OwnSpreekurenTests : AppFixture
{
    const string Page = "/profiel/spreekuren";
    int _plein, _otherPlein, _organisation;

    protected override async Task ArrangeAsync()
    {
        _plein = await Arrange.PleinAsync(Db, "Plein Spreekuur");
        _otherPlein = await Arrange.PleinAsync(Db, "Plein Elders");
        _organisation = await ProfilesArrange.OrganisationAsync(Db, "Schuldhulp Spreekuur");
    }

    async Task<(int Id, HttpClient Browser)> SignedInProfessionalAsync(string email)
    {
        var id = await ProfilesArrange.ProfessionalAsync(Db, _organisation, email.Split('@')[0], email: email, pleinIds: [_plein]);
        var userId = await Arrange.UserAsync(Db, email, pleinIds: [_plein]);
        await ProfilesArrange.LinkAccountAsync(Db, userId, id);
        var browser = App.Browser();
        await browser.LogInAsync(email, Arrange.Password);
        return (id, browser);
    }

    static Dictionary<string, string> Spreekuur(int plein, string from = "09:30", string until = "11:00") => new()
    {
        ["Input.PleinId"] = plein.ToString(), ["Input.Kind"] = "spreekuur", ["Input.Title"] = "Geldzaken op orde",
        ["Input.Weekday"] = "2", ["Input.StartsAt"] = from, ["Input.EndsAt"] = until, ["Input.Location"] = "Spreekkamer 3",
    };

    async Task<int> CountAsync(int professionalId, bool activeOnly = true)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM spreekuur WHERE professional_id = @professionalId AND (active OR NOT @activeOnly)", new { professionalId, activeOnly });
    }

    [Test]
    public async Task An_added_spreekuur_shows_on_the_profile_and_the_public_schedule_and_is_in_the_history()
    {
        var (id, browser) = await SignedInProfessionalAsync("toevoegen@test.nl");

        var response = await browser.SubmitFormAsync(Page, Spreekuur(_plein), Page + "?handler=Toevoegen");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await CountAsync(id), Is.EqualTo(1));
        Assert.That(await browser.GetStringAsync($"/gids/professional/{id}"), Does.Contain("Geldzaken op orde"));
        Assert.That(await App.Browser().GetStringAsync("/spreekuren"), Does.Contain("Geldzaken op orde"));
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        Assert.That(await conn.ExecuteScalarAsync<string>(
            "SELECT new_value FROM directory_change WHERE entity_id = @id AND field = 'spreekuren'", new { id }),
            Is.EqualTo("spreekuur 'Geldzaken op orde' op dag 2 09:30–11:00"));
    }

    [TestCase("11:00", "09:30", "De eindtijd moet na de begintijd liggen.")]
    [TestCase("", "11:00", "Vul de begintijd in.")]
    public async Task Impossible_times_are_refused_with_a_dutch_message_and_nothing_is_stored(string from, string until, string message)
    {
        var (id, browser) = await SignedInProfessionalAsync($"tijd{from.Length}@test.nl");

        var response = await browser.SubmitFormAsync(Page, Spreekuur(_plein, from, until), Page + "?handler=Toevoegen");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), Does.Contain(message));
        Assert.That(await CountAsync(id, activeOnly: false), Is.Zero);
    }

    [Test]
    public async Task A_plein_where_the_professional_does_not_work_is_refused_and_nothing_is_stored()
    {
        var (id, browser) = await SignedInProfessionalAsync("elders@test.nl");

        var response = await browser.SubmitFormAsync(Page, Spreekuur(_otherPlein), Page + "?handler=Toevoegen");

        Assert.That(WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), Does.Contain("Kies een plein waar je werkt."));
        Assert.That(await CountAsync(id, activeOnly: false), Is.Zero);
    }

    [Test]
    public async Task Stopping_an_own_spreekuur_takes_it_off_the_schedule_and_keeps_it_in_the_history()
    {
        var (id, browser) = await SignedInProfessionalAsync("stoppen@test.nl");
        await browser.SubmitFormAsync(Page, Spreekuur(_plein), Page + "?handler=Toevoegen");
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var spreekuur = await conn.ExecuteScalarAsync<int>("SELECT id FROM spreekuur WHERE professional_id = @id", new { id });

        var response = await browser.SubmitFormAsync(Page, new Dictionary<string, string> { ["spreekuur"] = spreekuur.ToString() }, Page + "?handler=Stoppen");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await CountAsync(id), Is.Zero);
        Assert.That(await CountAsync(id, activeOnly: false), Is.EqualTo(1));
        Assert.That(await conn.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM directory_change WHERE entity_id = @id AND field = 'spreekuren' AND new_value IS NULL", new { id }), Is.EqualTo(1));
    }

    [Test]
    public async Task Another_professionals_spreekuur_cannot_be_stopped()
    {
        var (owner, ownerBrowser) = await SignedInProfessionalAsync("eigenaar-su@test.nl");
        await ownerBrowser.SubmitFormAsync(Page, Spreekuur(_plein), Page + "?handler=Toevoegen");
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var spreekuur = await conn.ExecuteScalarAsync<int>("SELECT id FROM spreekuur WHERE professional_id = @owner", new { owner });
        var (_, intruder) = await SignedInProfessionalAsync("indringer-su@test.nl");

        var response = await intruder.SubmitFormAsync(Page, new Dictionary<string, string> { ["spreekuur"] = spreekuur.ToString() }, Page + "?handler=Stoppen");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await CountAsync(owner), Is.EqualTo(1));
    }

    [Test]
    public async Task An_account_without_a_gids_entry_gets_an_explanation_and_can_add_nothing()
    {
        await Arrange.UserAsync(Db, "zonder-entry@test.nl", pleinIds: [_plein]);
        var browser = App.Browser();
        await browser.LogInAsync("zonder-entry@test.nl", Arrange.Password);

        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var before = await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM spreekuur");

        var page = await browser.GetStringAsync(Page);
        await browser.SubmitFormAsync(Page, Spreekuur(_plein), Page + "?handler=Toevoegen");

        Assert.That(page, Does.Contain("niet gekoppeld aan een vermelding in de gids"));
        Assert.That(await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM spreekuur"), Is.EqualTo(before));
    }
}
