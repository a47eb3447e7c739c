using System.Net;
using Dapper;
using SociaalPlein.Data.Gids;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Pages.Gids;

namespace SociaalPlein.Tests.Gids;

public sealed class GidsProfileTests : AppFixture
{
    int _organisation, _closedOrganisation, _fatima, _bram, _retired, _ofClosedOrganisation, _noNumber;

    protected override async Task ArrangeAsync()
    {
        var plein = await Arrange.PleinAsync(Db, "Plein Noord");
        var wijk = await ProfilesArrange.WijkAsync(Db, plein, "Oostwijk");
        _organisation = await ProfilesArrange.OrganisationAsync(Db, "Schuldhulp Noord");
        _closedOrganisation = await ProfilesArrange.OrganisationAsync(Db, "Opgeheven Stichting", active: false);
        _fatima = await ProfilesArrange.ProfessionalAsync(Db, _organisation, "Fatima el Amrani", "Schuldhulpverlener",
            phone: "06 1234 5678", email: "fatima@schuldhulp.test", about: "Ik help bij schulden en brieven van de Belastingdienst.",
            pleinIds: [plein], leefgebieden: ["financien"], languages: ["ar", "nl"], wijkIds: [wijk]);
        _bram = await ProfilesArrange.ProfessionalAsync(Db, _organisation, "Bram de Vries", "Budgetcoach", pleinIds: [plein]);
        _retired = await ProfilesArrange.ProfessionalAsync(Db, _organisation, "Gepensioneerde Gerda", active: false);
        _ofClosedOrganisation = await ProfilesArrange.ProfessionalAsync(Db, _closedOrganisation, "Karel van Opgeheven");
        var withoutPhone = await ProfilesArrange.OrganisationAsync(Db, "Buurtkamer Zonder Nummer", phone: "", street: "Kerkstraat 9");
        _noNumber = await ProfilesArrange.ProfessionalAsync(Db, withoutPhone, "Noor Zonder", phone: "06 2222 3333");
        await using (var conn = await Db.DataSource.OpenConnectionAsync())
        {
            await conn.ExecuteAsync("""
                UPDATE professional SET capacity = 'wachtlijst', capacity_weeks = 6, capacity_set_at = TIMESTAMPTZ '2026-03-05 12:00+01',
                                        verified_at = now() - interval '14 months'
                WHERE id = @_fatima;
                INSERT INTO spreekuur (plein_id, organisation_id, professional_id, kind, title, weekday, starts_at, ends_at, location, valid_from)
                VALUES (@plein, @_organisation, @_fatima, 'spreekuur', 'Geldzorgenspreekuur', 2, '09:00', '10:30', 'Kamer 2', DATE '2020-01-01');
                -- A visitor with contact details: nothing of it may ever reach a profile or the handout.
                INSERT INTO visitor (plein_id, code, first_visit_on, request_id) VALUES (@plein, 'B-2026-0042', DATE '2026-01-05', gen_random_uuid());
                WITH r AS (
                    INSERT INTO referral (plein_id, referred_on, visitor_id, from_kind, to_professional_id, to_organisation_id,
                                          zorgvraag, leefgebied_id, consent_share_contact, request_id)
                    SELECT @plein, DATE '2026-01-05', id, 'eigen_initiatief', @_fatima, @_organisation,
                           'Schulden bij de energieleverancier', (SELECT min(id) FROM leefgebied), true, gen_random_uuid()
                    FROM visitor WHERE code = 'B-2026-0042'
                    RETURNING id, visitor_id)
                INSERT INTO referral_contact (referral_id, visitor_id, name, phone, consented_at, last_contact_on)
                SELECT id, visitor_id, 'Bewoner Janssen', '06 9999 0000', now(), DATE '2026-01-05' FROM r;
                """, new { _fatima, _organisation, plein });
        }
        await Arrange.UserAsync(Db, "collega@test.nl", pleinIds: [plein]);
    }

    async Task<HttpClient> ColleagueAsync()
    {
        var browser = App.Browser();
        await browser.LogInAsync("collega@test.nl", Arrange.Password);
        return browser;
    }

    [Test]
    public async Task Professional_profile_shows_how_to_reach_them()
    {
        using var colleague = await ColleagueAsync();
        var html = await colleague.GetStringAsync($"/gids/professional/{_fatima}");

        Assert.That(html, Does.Contain($"data-professional-id=\"{_fatima}\""));
        Assert.That(html, Does.Contain("Fatima el Amrani"));
        Assert.That(html, Does.Contain("Schuldhulpverlener"));
        Assert.That(html, Does.Contain($"href=\"/gids/organisatie/{_organisation}\">Schuldhulp Noord</a>"));
        Assert.That(html, Does.Contain("<dd>Sociaal</dd>"));
        Assert.That(html, Does.Contain("Financiën"));
        Assert.That(html, Does.Contain("Arabisch, Nederlands"));
        Assert.That(html, Does.Contain("Oostwijk"));
        Assert.That(html, Does.Contain("href=\"tel:0612345678\">06 1234 5678</a>"));
        Assert.That(html, Does.Contain("href=\"mailto:fatima@schuldhulp.test\""));
        Assert.That(html, Does.Contain("Waarmee kun je bij mij terecht"));
        Assert.That(html, Does.Contain("Ik help bij schulden en brieven van de Belastingdienst."));
        Assert.That(html, Does.Contain("dinsdag"));
        Assert.That(html, Does.Contain("09:00–10:30"));
        Assert.That(html, Does.Contain("Plein Noord, Kamer 2"));
        Assert.That(html, Does.Contain("Wachtlijst: ongeveer 6 weken"));
        Assert.That(html, Does.Contain("doorgegeven op 5 maart 2026"));
        Assert.That(html, Does.Contain($"href=\"/verwijzingen/nieuw?naar=professional-{_fatima}\""));
    }

    [Test]
    public async Task Profile_unverified_for_over_a_year_is_marked_possibly_outdated()
    {
        using var colleague = await ColleagueAsync();
        DateTime verifiedAt;
        await using (var conn = await Db.DataSource.OpenConnectionAsync())
            verifiedAt = await conn.ExecuteScalarAsync<DateTime>("SELECT verified_at FROM professional WHERE id = @_fatima", new { _fatima });

        var stale = await colleague.GetStringAsync($"/gids/professional/{_fatima}");
        var fresh = await colleague.GetStringAsync($"/gids/professional/{_bram}");

        Assert.That(stale, Does.Contain($"Laatst gecontroleerd: {GidsFormat.Date(verifiedAt)}"));
        Assert.That(stale, Does.Contain("Mogelijk verouderd"));
        Assert.That(fresh, Does.Contain("Laatst gecontroleerd:"));
        Assert.That(fresh, Does.Not.Contain("Mogelijk verouderd"));
        Assert.That(fresh, Does.Contain("Ruimte voor nieuwe verwijzingen"));
    }

    [Test]
    public async Task Organisation_profile_lists_its_active_professionals_and_links_to_refer()
    {
        using var colleague = await ColleagueAsync();
        var html = await colleague.GetStringAsync($"/gids/organisatie/{_organisation}");

        Assert.That(html, Does.Contain("Schuldhulp Noord"));
        Assert.That(html, Does.Contain("Marktstraat 1, 3112 AB Schiedam"));
        Assert.That(html, Does.Contain("href=\"tel:0101234567\""));
        Assert.That(html, Does.Contain($"href=\"/gids/professional/{_fatima}\">Fatima el Amrani</a>"));
        Assert.That(html, Does.Contain($"href=\"/gids/professional/{_bram}\">Bram de Vries</a>"));
        Assert.That(html, Does.Not.Contain("Gepensioneerde Gerda"));
        Assert.That(html, Does.Contain("Geldzorgenspreekuur"));
        Assert.That(html, Does.Contain($"href=\"/verwijzingen/nieuw?naar=organisatie-{_organisation}\""));
    }

    [Test]
    public async Task Inactive_or_unknown_entries_answer_404()
    {
        using var colleague = await ColleagueAsync();
        foreach (var url in new[]
        {
            $"/gids/professional/{_retired}", "/gids/professional/999999", $"/gids/professional/{_ofClosedOrganisation}",
            $"/gids/organisatie/{_closedOrganisation}", "/gids/organisatie/999999", "/gids/professional/abc",
        })
        {
            var response = await colleague.GetAsync(url);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), url);
        }
    }

    [Test]
    public async Task Contact_details_need_a_login()
    {
        foreach (var url in new[] { $"/gids/professional/{_fatima}", $"/gids/organisatie/{_organisation}", $"/gids/print?professional={_fatima}" })
        {
            var response = await App.Browser().GetAsync(url);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), url);
            Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/account/inloggen"), url);
        }
    }

    [Test]
    public async Task Handout_with_two_professionals_shows_both_with_their_plein_in_plain_language_and_never_a_visitor()
    {
        using var colleague = await ColleagueAsync();
        var html = await colleague.GetStringAsync(
            $"/gids/print?professional={_fatima}&professional={_bram}&professional={_retired}&professional=999999&professional=abc");

        Assert.That(html, Does.Contain("Waar kunt u terecht?"));
        Assert.That(html, Does.Contain("Fatima el Amrani"));
        Assert.That(html, Does.Contain("Bram de Vries"));
        Assert.That(html.IndexOf("Fatima el Amrani", StringComparison.Ordinal), Is.LessThan(html.IndexOf("Bram de Vries", StringComparison.Ordinal)));
        Assert.That(html, Does.Contain("Schuldhulpverlener bij Schuldhulp Noord"));
        Assert.That(html, Does.Contain("010 123 4567"), "the organisation's public number");
        Assert.That(html, Does.Not.Contain("06 1234 5678"), "a direct line is for colleagues");
        Assert.That(html, Does.Contain("Marktstraat 1, 3112 AB Schiedam"));
        Assert.That(html, Does.Contain("Elke dinsdag van 09:00 tot 10:30 uur"));
        Assert.That(html, Does.Contain("<dd class=\"handout-plein\">Plein Noord</dd>"), "where the resident goes");
        Assert.That(html, Does.Not.Contain("Gepensioneerde Gerda"));
        Assert.That(html, Does.Not.Contain("Bewoner Janssen"));
        Assert.That(html, Does.Not.Contain("B-2026-0042"));
        Assert.That(html, Does.Not.Contain("06 9999 0000"));
    }

    [Test]
    public async Task Handout_gives_the_professionals_own_number_when_the_organisation_has_none()
    {
        using var colleague = await ColleagueAsync();
        var html = await colleague.GetStringAsync($"/gids/print?id={_noNumber}"); // a handout bookmarked with the old field name

        Assert.That(html, Does.Contain("06 2222 3333"));
        Assert.That(html, Does.Contain("Kerkstraat 9, 3112 AB Schiedam"));
    }

    [Test]
    public async Task Handout_prints_by_an_external_script_only()
    {
        using var colleague = await ColleagueAsync();
        var html = await colleague.GetStringAsync($"/gids/print?id={_fatima}");

        Assert.That(html, Does.Contain("<script src=\"/js/print.js"));
        Assert.That(html, Does.Not.Contain("onclick"));
        Assert.That(html, Does.Contain("Ctrl"));
    }

    [TestCase("")]
    [TestCase("?id=abc&id=999999")]
    [TestCase("?id=-1")]
    public async Task Handout_with_nobody_valid_says_so_in_dutch(string query)
    {
        using var colleague = await ColleagueAsync();
        var response = await colleague.GetAsync("/gids/print" + query);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Niets om af te drukken"));
    }

    [Test]
    public async Task Handout_counts_only_the_first_ten_ids()
    {
        var profiles = new GidsProfiles(Db.DataSource);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var tenUnknownFirst = await profiles.HandoutAsync([.. Enumerable.Range(900_000, 10), _fatima], today);
        var withinTen = await profiles.HandoutAsync([.. Enumerable.Range(900_000, 9), _fatima], today);

        Assert.That(tenUnknownFirst.Entries, Is.Empty);
        Assert.That(withinTen.Entries.Select(e => e.Id), Is.EqualTo(new[] { _fatima }));
        Assert.That(withinTen.SpreekurenOf(_fatima).Select(s => s.Title), Is.EqualTo(new[] { "Geldzorgenspreekuur" }));
    }
}
