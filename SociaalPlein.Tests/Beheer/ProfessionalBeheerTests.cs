using System.Net;
using SociaalPlein.Data.Gids;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Beheer;

public sealed class ProfessionalBeheerTests : AppFixture
{
    int _plein, _otherPlein, _wijk, _otherWijk, _organisation;
    HttpClient _beheerder = null!;

    protected override async Task ArrangeAsync()
    {
        _plein = await Arrange.PleinAsync(Db, "Plein Noord");
        _otherPlein = await Arrange.PleinAsync(Db, "Plein Zuid");
        _wijk = await BeheerArrange.WijkAsync(Db, _plein, "Oostwijk");
        _otherWijk = await BeheerArrange.WijkAsync(Db, _otherPlein, "Zuidwijk");
        _organisation = await BeheerArrange.OrganisationAsync(Db, "Welzijn Noord", "welzijn");
    }

    [SetUp]
    public async Task SignIn() => _beheerder ??= await BeheerArrange.SignedInAsync(App, Db);

    Dictionary<string, string> Form(string name) => new()
    {
        ["Input.OrganisationId"] = _organisation.ToString(),
        ["Input.Name"] = name,
        ["Input.Function"] = "Schuldhulpverlener",
        ["Input.Email"] = "hulp@welzijn.nl",
        ["Input.Phone"] = "06 12345678",
        ["Input.About"] = "Ik help bij schulden en formulieren.",
        ["Input.Capacity"] = "ruimte",
        ["Input.PleinIds[0]"] = _plein.ToString(),
        ["Input.WijkIds[0]"] = _wijk.ToString(),
        ["Input.Leefgebieden[0]"] = "financien",
        ["Input.Languages[0]"] = "nl",
        ["Input.Languages[1]"] = "ar",
    };

    [Test]
    public async Task Beheerder_creates_a_professional_with_pleinen_wijken_leefgebieden_languages_and_history()
    {
        var id = BeheerArrange.RedirectedId(await _beheerder.SubmitFormAsync("/beheer/professionals/nieuw", Form("Nadia Bakker")));

        Assert.That(await BeheerArrange.ScalarAsync<string>(Db, """
            SELECT (SELECT string_agg(language_code, ',' ORDER BY language_code) FROM professional_language WHERE professional_id = @id)
                || ' ' || (SELECT count(*) FROM professional_wijk WHERE professional_id = @id AND wijk_id = @wijk)
                || ' ' || (SELECT count(*) FROM professional_plein WHERE professional_id = @id)
            """, new { id, wijk = _wijk }), Is.EqualTo("ar,nl 1 1"));
        var history = await BeheerArrange.HistoryAsync(Db, DirectoryHistory.Professional, id);
        Assert.That(history.Select(h => h.Field), Does.Contain("created").And.Contain("languages").And.Contain("wijken"));
        Assert.That(history.Single(h => h.Field == "languages").NewValue, Is.EqualTo("ar,nl"));
        // The search document follows by the triggers of db/0009, also for a professional made here.
        Assert.That(await BeheerArrange.ScalarAsync<bool>(Db,
            "SELECT search @@ to_tsquery('dutch_unaccent', 'schulden') FROM professional WHERE id = @id", new { id }), Is.True);
    }

    [Test]
    public async Task Editing_function_and_organisation_records_both_and_shows_the_organisation_by_name()
    {
        var id = BeheerArrange.RedirectedId(await _beheerder.SubmitFormAsync("/beheer/professionals/nieuw", Form("Tom Visser")));
        var other = await BeheerArrange.OrganisationAsync(Db, "Wijkteam Noord");
        var form = Form("Tom Visser");
        form["Input.Function"] = "Wijkcoach";
        form["Input.OrganisationId"] = other.ToString();

        Assert.That((await _beheerder.SubmitFormAsync($"/beheer/professionals/{id}", form)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var changes = (await BeheerArrange.HistoryAsync(Db, DirectoryHistory.Professional, id)).Where(h => h.OldValue is not null);
        Assert.That(changes.Select(h => (h.Field, h.OldValue, h.NewValue)), Is.EquivalentTo(new[]
        {
            ("function", (string?)"Schuldhulpverlener", (string?)"Wijkcoach"),
            ("organisation_id", _organisation.ToString(), other.ToString()),
        }));
        var page = await _beheerder.GetStringAsync($"/beheer/professionals/{id}");
        Assert.That(page, Does.Contain("Welzijn Noord").And.Contain("Wijkteam Noord"));
    }

    [Test]
    public async Task History_shows_names_for_ids_and_codes_and_amsterdam_time_for_timestamps()
    {
        var id = BeheerArrange.RedirectedId(await _beheerder.SubmitFormAsync("/beheer/professionals/nieuw", Form("Iris Historie")));
        await using (var conn = await Db.DataSource.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            // As /profiel records a confirmation: an ISO timestamp in UTC.
            await DirectoryHistory.RecordAsync(conn, tx, DirectoryHistory.Professional, id, null,
                [new FieldChange("verified_at", "2026-01-05T08:00:00.000000Z", "2026-07-01T10:30:00.000000Z")]);
            await tx.CommitAsync();
        }

        var html = WebUtility.HtmlDecode(await _beheerder.GetStringAsync($"/beheer/professionals/{id}"));

        Assert.That(html, Does.Contain("Oostwijk").And.Contain("Plein Noord").And.Contain("Financiën").And.Contain("Arabisch, Nederlands"));
        Assert.That(html, Does.Contain("Laatst gecontroleerd").And.Contain("1 jul 2026 12:30"));
    }

    [Test]
    public async Task A_wijk_of_a_plein_the_professional_is_not_on_is_refused_next_to_the_field()
    {
        var form = Form("Eva Smit");
        form["Input.WijkIds[0]"] = _otherWijk.ToString();

        var response = await _beheerder.SubmitFormAsync("/beheer/professionals/nieuw", form);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()),
            Does.Contain("De wijk Zuidwijk hoort bij een plein dat niet is gekozen."));
        Assert.That(await BeheerArrange.ScalarAsync<int>(Db, "SELECT count(*) FROM professional WHERE name = 'Eva Smit'"), Is.Zero);
    }

    [Test]
    public async Task Missing_function_and_organisation_are_refused_in_dutch()
    {
        var form = Form("Pim de Boer");
        form["Input.OrganisationId"] = "";
        form["Input.Function"] = " ";

        var html = WebUtility.HtmlDecode(await (await _beheerder.SubmitFormAsync("/beheer/professionals/nieuw", form)).Content.ReadAsStringAsync());

        Assert.That(html, Does.Contain("Kies de organisatie.").And.Contain("Vul de functie in."));
        Assert.That(html, Does.Contain("value=\"Pim de Boer\""));
    }

    [Test]
    public async Task A_tampered_id_gets_a_dutch_message_and_stores_nothing()
    {
        var form = Form("Gerrit Knoei");
        form["Input.PleinIds[0]"] = "geen-getal";

        var response = await _beheerder.SubmitFormAsync("/beheer/professionals/nieuw", form);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Deze waarde klopt niet.").And.Not.Contain("is not valid"));
        Assert.That(await BeheerArrange.ScalarAsync<int>(Db, "SELECT count(*) FROM professional WHERE name = 'Gerrit Knoei'"), Is.Zero);
    }

    [Test]
    public async Task Deactivating_and_reactivating_a_professional_is_recorded()
    {
        var id = BeheerArrange.RedirectedId(await _beheerder.SubmitFormAsync("/beheer/professionals/nieuw", Form("Lotte Kok")));

        await _beheerder.SubmitFormAsync($"/beheer/professionals/{id}", new Dictionary<string, string> { ["bevestigd"] = "ja" },
            $"/beheer/professionals/{id}?handler=Deactiveren");
        Assert.That(await BeheerArrange.ScalarAsync<bool>(Db, "SELECT active FROM professional WHERE id = @id", new { id }), Is.False);
        await _beheerder.SubmitFormAsync($"/beheer/professionals/{id}", new Dictionary<string, string>(), $"/beheer/professionals/{id}?handler=Activeren");

        Assert.That(await BeheerArrange.ScalarAsync<bool>(Db, "SELECT active FROM professional WHERE id = @id", new { id }), Is.True);
        var active = (await BeheerArrange.HistoryAsync(Db, DirectoryHistory.Professional, id)).Where(h => h.Field == "active");
        Assert.That(active.Select(h => h.NewValue), Is.EqualTo(new[] { "true", "false" }));
    }

    [Test]
    public async Task A_professional_of_an_inactive_organisation_cannot_be_reactivated()
    {
        var closed = await BeheerArrange.OrganisationAsync(Db, "Gesloten Stichting", active: false);
        var id = await BeheerArrange.ProfessionalAsync(Db, closed, "Kees Dicht");
        await BeheerArrange.ScalarAsync<int>(Db, "UPDATE professional SET active = false WHERE id = @id RETURNING id", new { id });

        var response = await _beheerder.SubmitFormAsync($"/beheer/professionals/{id}", new Dictionary<string, string>(),
            $"/beheer/professionals/{id}?handler=Activeren");

        Assert.That(WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), Does.Contain("Activeer eerst de organisatie"));
        Assert.That(await BeheerArrange.ScalarAsync<bool>(Db, "SELECT active FROM professional WHERE id = @id", new { id }), Is.False);
    }

    [Test]
    public async Task Deactivating_takes_a_confirmation_step_that_names_the_professional_and_one_post_changes_nothing()
    {
        var id = BeheerArrange.RedirectedId(await _beheerder.SubmitFormAsync("/beheer/professionals/nieuw", Form("Ilse Bevestig")));

        var first = await _beheerder.SubmitFormAsync($"/beheer/professionals/{id}", new Dictionary<string, string>(),
            $"/beheer/professionals/{id}?handler=Deactiveren");
        var html = WebUtility.HtmlDecode(await first.Content.ReadAsStringAsync());

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Contain("Ilse Bevestig deactiveren?").And.Contain("verdwijnt uit de gids"));
        Assert.That(html, Does.Contain(">Ilse Bevestig deactiveren</button>").And.Contain(">Terug, niet deactiveren</a>"));
        Assert.That(await BeheerArrange.ScalarAsync<bool>(Db, "SELECT active FROM professional WHERE id = @id", new { id }), Is.True);
    }
}
