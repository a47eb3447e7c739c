using System.Net;
using Dapper;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Pages.Profiel;

namespace SociaalPlein.Tests.Profiel;

public sealed class OwnProfileTests : AppFixture
{
    int _plein, _oostwijk, _westwijk, _elsewhere, _organisation;

    protected override async Task ArrangeAsync()
    {
        _plein = await Arrange.PleinAsync(Db, "Plein Zuid");
        var otherPlein = await Arrange.PleinAsync(Db, "Ander Plein");
        _oostwijk = await ProfilesArrange.WijkAsync(Db, _plein, "Oostwijk");
        _westwijk = await ProfilesArrange.WijkAsync(Db, _plein, "Westwijk");
        _elsewhere = await ProfilesArrange.WijkAsync(Db, otherPlein, "Elders");
        _organisation = await ProfilesArrange.OrganisationAsync(Db, "Wijkteam Zuid");
    }

    sealed record Row(string Function, string Phone, string Email, string About, string Capacity, int? CapacityWeeks,
        DateTime CapacitySetAt, DateTime VerifiedAt, DateTime UpdatedAt);

    /// <summary>A professional with an account, last verified and capacity set long ago, signed in.</summary>
    async Task<(int Id, int UserId, HttpClient Browser)> SignedInProfessionalAsync(string email)
    {
        var id = await ProfilesArrange.ProfessionalAsync(Db, _organisation, email.Split('@')[0], "Wijkcoach",
            phone: "010 555 0000", email: email, about: "Oude tekst.", pleinIds: [_plein],
            leefgebieden: ["huisvesting"], languages: ["nl"], wijkIds: [_westwijk]);
        await using (var conn = await Db.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("""
                UPDATE professional SET capacity_set_at = TIMESTAMPTZ '2024-01-01 12:00Z', verified_at = TIMESTAMPTZ '2024-01-01 12:00Z',
                                        updated_at = TIMESTAMPTZ '2024-01-01 12:00Z'
                WHERE id = @id
                """, new { id });
        var userId = await Arrange.UserAsync(Db, email, pleinIds: [_plein]);
        await ProfilesArrange.LinkAccountAsync(Db, userId, id);
        var browser = App.Browser();
        await browser.LogInAsync(email, Arrange.Password);
        return (id, userId, browser);
    }

    async Task<Row> RowAsync(int id)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return await conn.QuerySingleAsync<Row>("""
            SELECT function, phone, email, about, capacity, capacity_weeks::int AS capacity_weeks, capacity_set_at, verified_at, updated_at
            FROM professional WHERE id = @id
            """, new { id });
    }

    async Task<List<(string Field, string? OldValue, string? NewValue, int? ChangedBy)>> HistoryAsync(int id)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return (await conn.QueryAsync<(string, string?, string?, int?)>("""
            SELECT field, old_value, new_value, changed_by FROM directory_change
            WHERE entity_type = 'professional' AND entity_id = @id ORDER BY id
            """, new { id })).ToList();
    }

    async Task<string> LinksAsync(int id)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<string>("""
            SELECT concat_ws(' | ',
                (SELECT string_agg(l.code, ',' ORDER BY l.code) FROM professional_leefgebied pl JOIN leefgebied l ON l.id = pl.leefgebied_id WHERE pl.professional_id = @id),
                (SELECT string_agg(language_code, ',' ORDER BY language_code) FROM professional_language WHERE professional_id = @id),
                (SELECT string_agg(wijk_id::text, ',' ORDER BY wijk_id) FROM professional_wijk WHERE professional_id = @id))
            """, new { id }) ?? "";
    }

    async Task<List<KeyValuePair<string, string>>> ValidFormAsync(string function = "Schuldhulpverlener") =>
    [
        new("Input.Function", function),
        new("Input.Phone", "06 1111 2222"),
        new("Input.Email", "nieuw@wijkteam.test"),
        new("Input.About", "Ik help bij schulden.\r\nBel gerust."),
        new("Input.Leefgebieden", (await ProfilesArrange.LeefgebiedIdAsync(Db, "financien")).ToString()),
        new("Input.Leefgebieden", (await ProfilesArrange.LeefgebiedIdAsync(Db, "huisvesting")).ToString()),
        new("Input.Languages", "nl"),
        new("Input.Languages", "ar"),
        new("Input.Wijken", _oostwijk.ToString()),
        new("Input.Capacity", "wachtlijst"),
        new("Input.CapacityWeeks", "4"),
    ];

    [Test]
    public async Task Owner_sees_their_own_entry_with_the_choices_of_their_plein()
    {
        var (_, _, browser) = await SignedInProfessionalAsync("toon@test.nl");

        var html = await browser.GetStringAsync("/profiel");

        Assert.That(html, Does.Contain("value=\"Wijkcoach\""));
        Assert.That(html, Does.Contain("Oude tekst."));
        Assert.That(html, Does.Contain("Oostwijk"));
        Assert.That(html, Does.Not.Contain("Elders"), "wijken of another plein are not offered");
        Assert.That(html, Does.Contain("Mijn gegevens kloppen nog"));
        Assert.That(html, Does.Contain("href=\"/profiel/spreekuren\""));
        Assert.That(html, Does.Contain("Mogelijk verouderd"));
    }

    [Test]
    public async Task Owner_edit_stores_every_field_and_records_each_change_in_history()
    {
        var (id, userId, browser) = await SignedInProfessionalAsync("eigenaar@test.nl");

        var response = await browser.SubmitFormAsync("/profiel", await ValidFormAsync());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/profiel"));
        var row = await RowAsync(id);
        Assert.That((row.Function, row.Phone, row.Email, row.About, row.Capacity, row.CapacityWeeks),
            Is.EqualTo(("Schuldhulpverlener", "06 1111 2222", "nieuw@wijkteam.test", "Ik help bij schulden.\nBel gerust.", "wachtlijst", (int?)4)));
        Assert.That(row.CapacitySetAt, Is.GreaterThan(DateTime.UtcNow.AddMinutes(-5)));
        Assert.That(row.UpdatedAt, Is.GreaterThan(DateTime.UtcNow.AddMinutes(-5)));
        Assert.That(row.VerifiedAt, Is.GreaterThan(DateTime.UtcNow.AddMinutes(-5)));
        Assert.That(await LinksAsync(id), Is.EqualTo($"financien,huisvesting | ar,nl | {_oostwijk}"));

        var history = await HistoryAsync(id);
        Assert.That(history.Select(h => h.ChangedBy).Distinct(), Is.EqualTo(new int?[] { userId }));
        Assert.That(history.Where(h => h.Field != "verified_at").Select(h => (h.Field, h.OldValue, h.NewValue)), Is.EquivalentTo(new[]
        {
            ("function", (string?)"Wijkcoach", (string?)"Schuldhulpverlener"),
            ("phone", "010 555 0000", "06 1111 2222"),
            ("email", "eigenaar@test.nl", "nieuw@wijkteam.test"),
            ("about", "Oude tekst.", "Ik help bij schulden.\nBel gerust."),
            ("capacity", "ruimte", "wachtlijst"),
            ("capacity_weeks", null, "4"),
            ("leefgebieden", "huisvesting", "financien,huisvesting"),
            ("languages", "nl", "ar,nl"),
            ("wijken", _westwijk.ToString(), _oostwijk.ToString()),
        }));
        Assert.That(history.Single(h => h.Field == "verified_at").OldValue, Does.StartWith("2024-01-01T12:00:00"));

        var page = await browser.GetStringAsync("/profiel");
        Assert.That(WebUtility.HtmlDecode(page), Does.Contain(IndexModel.Saved));
    }

    [Test]
    public async Task Saving_without_a_capacity_change_keeps_the_date_capacity_was_set()
    {
        var (id, _, browser) = await SignedInProfessionalAsync("zelfde@test.nl");
        var form = (await ValidFormAsync()).Where(f => !f.Key.StartsWith("Input.Capacity", StringComparison.Ordinal)).ToList();
        form.Add(new("Input.Capacity", "ruimte"));
        form.Add(new("Input.CapacityWeeks", "12"));

        var response = await browser.SubmitFormAsync("/profiel", form);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var row = await RowAsync(id);
        Assert.That((row.Capacity, row.CapacityWeeks), Is.EqualTo(("ruimte", (int?)null)), "weeks belong to a wachtlijst only");
        Assert.That(row.CapacitySetAt, Is.EqualTo(new DateTime(2024, 1, 1, 12, 0, 0, DateTimeKind.Utc)));
        Assert.That((await HistoryAsync(id)).Select(h => h.Field), Has.None.StartsWith("capacity"));
    }

    static IEnumerable<TestCaseData> InvalidEdits()
    {
        yield return new TestCaseData("Input.About", new string('x', 2001), "Deze tekst is 2001 tekens lang").SetName("About_text_too_long");
        yield return new TestCaseData("Input.CapacityWeeks", "", "Vul in hoeveel weken de wachtlijst ongeveer is").SetName("Wachtlijst_without_weeks");
        yield return new TestCaseData("Input.CapacityWeeks", "105", "Vul in hoeveel weken de wachtlijst ongeveer is").SetName("Wachtlijst_over_two_years");
        yield return new TestCaseData("Input.Leefgebieden", "999999", "Kies alleen leefgebieden uit de lijst.").SetName("Unknown_leefgebied_id");
        yield return new TestCaseData("Input.Leefgebieden", "abc", "Kies alleen leefgebieden uit de lijst.").SetName("Leefgebied_not_a_number");
        yield return new TestCaseData("Input.Languages", "xx", "Kies alleen talen uit de lijst.").SetName("Unknown_language");
        yield return new TestCaseData("Input.Wijken", "ELSEWHERE", "Kies alleen wijken van jouw plein uit de lijst.").SetName("Wijk_of_another_plein");
        yield return new TestCaseData("Input.Phone", "bel me maar", "Een telefoonnummer bestaat uit cijfers").SetName("Phone_with_letters");
        yield return new TestCaseData("Input.Email", "geen-adres", "Dit is geen geldig e-mailadres.").SetName("Email_without_at");
        yield return new TestCaseData("Input.Function", " ", "Vul je functie in.").SetName("Function_empty");
        yield return new TestCaseData("Input.Capacity", "misschien", "Kies of je ruimte hebt").SetName("Unknown_capacity");
    }

    [TestCaseSource(nameof(InvalidEdits))]
    public async Task Invalid_input_stores_nothing_and_says_why_in_dutch_next_to_the_field(string field, string value, string message)
    {
        var (id, _, browser) = await SignedInProfessionalAsync($"fout{Guid.NewGuid():N}"[..12] + "@test.nl");
        var before = await RowAsync(id);
        var linksBefore = await LinksAsync(id);
        var form = (await ValidFormAsync("Behouden functie")).Where(f => f.Key != field).ToList();
        if (field == "Input.Function") form.RemoveAll(f => f.Key == field);
        form.Add(new(field, value == "ELSEWHERE" ? _elsewhere.ToString() : value));

        var response = await browser.SubmitFormAsync("/profiel", form);
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Contain("Je gegevens zijn nog niet opgeslagen"));
        Assert.That(html, Does.Match($"class=\"field-error[^\"]*\"[^>]*>{System.Text.RegularExpressions.Regex.Escape(message)}"),
            "the message stands next to its field");
        if (field != "Input.Function") Assert.That(html, Does.Contain("value=\"Behouden functie\""), "the input is kept");
        Assert.That(await RowAsync(id), Is.EqualTo(before));
        Assert.That(await LinksAsync(id), Is.EqualTo(linksBefore));
        Assert.That(await HistoryAsync(id), Is.Empty);
    }

    [Test]
    public async Task Retired_leefgebied_cannot_be_chosen()
    {
        var (id, _, browser) = await SignedInProfessionalAsync("gepensioneerd@test.nl");
        int retired;
        await using (var conn = await Db.DataSource.OpenConnectionAsync())
            retired = await conn.ExecuteScalarAsync<int>(
                "INSERT INTO leefgebied (code, name, active) VALUES ('oud_gebied', 'Oud gebied', false) RETURNING id");
        var form = await ValidFormAsync();
        form.Add(new("Input.Leefgebieden", retired.ToString()));

        var response = await browser.SubmitFormAsync("/profiel", form);

        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Kies alleen leefgebieden uit de lijst."));
        Assert.That(await HistoryAsync(id), Is.Empty);
    }

    [Test]
    public async Task Mijn_gegevens_kloppen_nog_sets_the_verified_date_and_records_it()
    {
        var (id, userId, browser) = await SignedInProfessionalAsync("bevestig@test.nl");

        var response = await browser.SubmitFormAsync("/profiel", new Dictionary<string, string>(), "/profiel?handler=bevestig");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var row = await RowAsync(id);
        Assert.That(row.VerifiedAt, Is.GreaterThan(DateTime.UtcNow.AddMinutes(-5)));
        Assert.That(row.UpdatedAt, Is.EqualTo(new DateTime(2024, 1, 1, 12, 0, 0, DateTimeKind.Utc)), "confirming is not editing");
        var history = await HistoryAsync(id);
        Assert.That(history.Select(h => (h.Field, h.ChangedBy)), Is.EqualTo(new[] { ("verified_at", (int?)userId) }));
        var page = await browser.GetStringAsync("/profiel");
        Assert.That(WebUtility.HtmlDecode(page), Does.Contain(IndexModel.Confirmed));
        Assert.That(page, Does.Not.Contain("Mogelijk verouderd"));
    }

    [Test]
    public async Task Another_professionals_entry_cannot_be_changed_even_with_a_tampered_id()
    {
        var (victim, _, _) = await SignedInProfessionalAsync("slachtoffer@test.nl");
        var (attacker, _, browser) = await SignedInProfessionalAsync("indringer@test.nl");
        var victimBefore = await RowAsync(victim);
        var form = await ValidFormAsync("Overgenomen");
        foreach (var name in new[] { "Id", "id", "ProfessionalId", "professional_id", "Input.Id", "Input.ProfessionalId" })
            form.Add(new(name, victim.ToString()));

        var edit = await browser.SubmitFormAsync("/profiel", form, $"/profiel?id={victim}&professionalId={victim}");
        var confirm = await browser.SubmitFormAsync("/profiel", [new("id", victim.ToString())], $"/profiel?handler=bevestig&id={victim}");

        Assert.That(edit.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(confirm.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await RowAsync(victim), Is.EqualTo(victimBefore));
        Assert.That(await HistoryAsync(victim), Is.Empty);
        Assert.That((await RowAsync(attacker)).Function, Is.EqualTo("Overgenomen"), "only the signed-in user's own entry changed");
        Assert.That((await browser.GetAsync($"/profiel/{victim}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Account_without_an_entry_gets_an_explanation_and_can_store_nothing()
    {
        await Arrange.UserAsync(Db, "zonder@test.nl", role: "beheerder");
        var browser = App.Browser();
        await browser.LogInAsync("zonder@test.nl", Arrange.Password);

        var page = await browser.GetStringAsync("/profiel");
        var post = await browser.SubmitFormAsync("/profiel", await ValidFormAsync());
        var confirm = await browser.SubmitFormAsync("/profiel", new Dictionary<string, string>(), "/profiel?handler=bevestig");

        Assert.That(page, Does.Contain("niet gekoppeld aan een (actieve) vermelding in de gids"));
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await post.Content.ReadAsStringAsync(), Does.Contain("niet gekoppeld"));
        Assert.That(confirm.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        Assert.That(await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM professional WHERE function = 'Schuldhulpverlener'"), Is.Zero);
    }
}
