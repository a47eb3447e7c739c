using System.Net;
using SociaalPlein.Data.Gids;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Beheer;

public sealed class OrganisationBeheerTests : AppFixture
{
    int _plein;
    HttpClient _beheerder = null!;

    protected override async Task ArrangeAsync() => _plein = await Arrange.PleinAsync(Db, "Plein Organisaties");

    [SetUp]
    public async Task SignIn() => _beheerder ??= await BeheerArrange.SignedInAsync(App, Db);

    Dictionary<string, string> Form(string name) => new()
    {
        ["Input.Name"] = name,
        ["Input.Domein"] = "sociaal",
        ["Input.Kind"] = "wijkteam",
        ["Input.Phone"] = "010 123 45 67",
        ["Input.Email"] = "info@wijkteam.nl",
        ["Input.Website"] = "www.wijkteam.nl",
        ["Input.Postcode"] = "3111ab",
        ["Input.City"] = "Schiedam",
        ["Input.Capacity"] = "wachtlijst",
        ["Input.CapacityWeeks"] = "4",
        ["Input.PleinIds[0]"] = _plein.ToString(),
        ["Input.Leefgebieden[0]"] = "huisvesting",
        ["Input.Leefgebieden[1]"] = "financien",
    };

    [Test]
    public async Task Beheerder_creates_an_organisation_with_cleaned_values_links_and_created_history()
    {
        var response = await _beheerder.SubmitFormAsync("/beheer/organisaties/nieuw", Form("Wijkteam Oost"));

        var id = BeheerArrange.RedirectedId(response);
        Assert.That(await BeheerArrange.ScalarAsync<string>(Db, "SELECT postcode || ' ' || website FROM organisation WHERE id = @id", new { id }),
            Is.EqualTo("3111 AB https://www.wijkteam.nl"));
        Assert.That(await BeheerArrange.ScalarAsync<int>(Db, "SELECT count(*) FROM organisation_leefgebied WHERE organisation_id = @id", new { id }),
            Is.EqualTo(2));
        var history = await BeheerArrange.HistoryAsync(Db, DirectoryHistory.Organisation, id);
        Assert.That(history.Single(h => h.Field == "created").NewValue, Is.EqualTo("formulier"));
        Assert.That(history.Single(h => h.Field == "leefgebieden").NewValue, Is.EqualTo("financien,huisvesting"));
        Assert.That(history.Single(h => h.Field == "pleinen").NewValue, Is.EqualTo(_plein.ToString()));
        var page = await _beheerder.GetStringAsync($"/beheer/organisaties/{id}");
        Assert.That(page, Does.Contain("Wijzigingen").And.Contain("Wijkteam Oost").And.Contain("Plein Organisaties"));
    }

    [Test]
    public async Task Editing_records_each_changed_field_with_who_old_and_new()
    {
        var id = BeheerArrange.RedirectedId(await _beheerder.SubmitFormAsync("/beheer/organisaties/nieuw", Form("Buurtwerk Zuid")));
        var form = Form("Buurtwerk Zuid");
        form["Input.Phone"] = "010 999 88 77";
        form["Input.Leefgebieden[1]"] = "dagbesteding";

        var response = await _beheerder.SubmitFormAsync($"/beheer/organisaties/{id}", form);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var history = (await BeheerArrange.HistoryAsync(Db, DirectoryHistory.Organisation, id)).Where(h => h.OldValue is not null).ToList();
        Assert.That(history.Select(h => (h.Field, h.OldValue, h.NewValue)), Is.EquivalentTo(new[]
        {
            ("phone", (string?)"010 123 45 67", (string?)"010 999 88 77"),
            ("leefgebieden", "financien,huisvesting", "dagbesteding,huisvesting"),
        }));
        Assert.That(history.All(h => h.ChangedBy!.StartsWith("beheerder")));
        var page = await _beheerder.GetStringAsync($"/beheer/organisaties/{id}");
        Assert.That(page, Does.Contain("010 123 45 67").And.Contain("010 999 88 77").And.Contain("Dagbesteding"));
    }

    [Test]
    public async Task Bad_input_shows_dutch_messages_next_to_the_fields_keeps_the_input_and_stores_nothing()
    {
        var before = await BeheerArrange.ScalarAsync<int>(Db, "SELECT count(*) FROM organisation");
        var form = Form("X");
        form["Input.Domein"] = "medish";
        form["Input.Email"] = "geen-adres";
        form["Input.Postcode"] = "12345";
        form["Input.CapacityWeeks"] = "";

        var response = await _beheerder.SubmitFormAsync("/beheer/organisaties/nieuw", form);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.That(html, Does.Contain("Naam is te kort"));
        Assert.That(html, Does.Contain("Onbekend domein 'medish'"));
        Assert.That(html, Does.Contain("'geen-adres' is geen geldig e-mailadres"));
        Assert.That(html, Does.Contain("'12345' is geen geldige postcode"));
        Assert.That(html, Does.Contain("Vul bij een wachtlijst in hoeveel weken die is."));
        Assert.That(html, Does.Contain("value=\"geen-adres\""), "input kept");
        Assert.That(await BeheerArrange.ScalarAsync<int>(Db, "SELECT count(*) FROM organisation"), Is.EqualTo(before));
    }

    [Test]
    public async Task Empty_link_sets_and_fields_are_fine_and_messages_stay_dutch()
    {
        var response = await _beheerder.SubmitFormAsync("/beheer/organisaties/nieuw",
            new Dictionary<string, string> { ["Input.Name"] = "", ["Input.Domein"] = "overig" });

        var html = await response.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("Vul de naam in."));
        Assert.That(html, Does.Not.Contain("field is required").And.Not.Contain("is not valid"));

        var saved = await _beheerder.SubmitFormAsync("/beheer/organisaties/nieuw",
            new Dictionary<string, string> { ["Input.Name"] = "Zonder Alles", ["Input.Domein"] = "overig" });
        var id = BeheerArrange.RedirectedId(saved);
        Assert.That(await BeheerArrange.ScalarAsync<string>(Db, "SELECT capacity FROM organisation WHERE id = @id", new { id }), Is.EqualTo("ruimte"));
    }

    [Test]
    public async Task Deactivating_keeps_the_row_deactivates_its_professionals_and_records_both()
    {
        var id = BeheerArrange.RedirectedId(await _beheerder.SubmitFormAsync("/beheer/organisaties/nieuw", Form("Taalhuis West")));
        var professional = await BeheerArrange.ProfessionalAsync(Db, id, "Sanne Taal");

        var response = await _beheerder.SubmitFormAsync($"/beheer/organisaties/{id}", new Dictionary<string, string> { ["bevestigd"] = "ja" },
            $"/beheer/organisaties/{id}?handler=Deactiveren");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await BeheerArrange.ScalarAsync<bool>(Db, "SELECT active FROM organisation WHERE id = @id", new { id }), Is.False);
        Assert.That(await BeheerArrange.ScalarAsync<bool>(Db, "SELECT active FROM professional WHERE id = @professional", new { professional }), Is.False);
        Assert.That((await BeheerArrange.HistoryAsync(Db, DirectoryHistory.Organisation, id)).First(),
            Has.Property("Field").EqualTo("active").And.Property("NewValue").EqualTo("false"));
        Assert.That((await BeheerArrange.HistoryAsync(Db, DirectoryHistory.Professional, professional)).Single().NewValue, Is.EqualTo("false"));

        await _beheerder.SubmitFormAsync($"/beheer/organisaties/{id}", new Dictionary<string, string>(),
            $"/beheer/organisaties/{id}?handler=Activeren");
        Assert.That(await BeheerArrange.ScalarAsync<bool>(Db, "SELECT active FROM organisation WHERE id = @id", new { id }), Is.True);
    }

    [Test]
    public async Task List_searches_by_name_without_accents_and_hides_inactive_unless_asked()
    {
        await BeheerArrange.OrganisationAsync(Db, "Stichting Één Loket");
        await BeheerArrange.OrganisationAsync(Db, "Stichting Oud Loket", active: false);

        var active = await _beheerder.GetStringAsync("/beheer/organisaties?q=een+loket");
        var all = await _beheerder.GetStringAsync("/beheer/organisaties?q=loket&inactief=true");

        Assert.That(WebUtility.HtmlDecode(active), Does.Contain("Stichting Één Loket").And.Not.Contain("Oud Loket"));
        Assert.That(WebUtility.HtmlDecode(all), Does.Contain("Stichting Één Loket").And.Contain("Oud Loket"));
    }

    [Test]
    public async Task Unknown_organisation_is_not_found()
    {
        Assert.That((await _beheerder.GetAsync("/beheer/organisaties/999999")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Deactivating_takes_a_confirmation_step_that_names_the_organisation_and_one_post_changes_nothing()
    {
        var id = BeheerArrange.RedirectedId(await _beheerder.SubmitFormAsync("/beheer/organisaties/nieuw", Form("Buurthuis De Brug")));
        await BeheerArrange.ProfessionalAsync(Db, id, "Kees Brug");

        var first = await _beheerder.SubmitFormAsync($"/beheer/organisaties/{id}", new Dictionary<string, string>(),
            $"/beheer/organisaties/{id}?handler=Deactiveren");
        var html = WebUtility.HtmlDecode(await first.Content.ReadAsStringAsync());

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Contain("Organisatie Buurthuis De Brug deactiveren?"));
        Assert.That(html, Does.Contain("Ook de ene actieve professional wordt inactief"));
        Assert.That(html, Does.Contain(">Buurthuis De Brug deactiveren</button>").And.Contain(">Terug, niet deactiveren</a>"));
        Assert.That(await BeheerArrange.ScalarAsync<bool>(Db, "SELECT active FROM organisation WHERE id = @id", new { id }), Is.True);
    }
}
