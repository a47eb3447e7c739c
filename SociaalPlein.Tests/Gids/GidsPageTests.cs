using System.Net;
using Dapper;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Gids;

/// <summary>The /gids page as a browser sees it: GET state in the address, bad input named, never a 500.</summary>
public sealed class GidsPageTests : AppFixture
{
    int _id;

    protected override async Task ArrangeAsync()
    {
        var plein = await Arrange.PleinAsync(Db);
        await using (var conn = await Db.DataSource.OpenConnectionAsync())
        {
            var org = await conn.ExecuteScalarAsync<int>("INSERT INTO organisation (name, domein) VALUES ('Taalhuis West', 'welzijn') RETURNING id");
            _id = await conn.ExecuteScalarAsync<int>("""
                INSERT INTO professional (organisation_id, name, function, verified_at)
                VALUES (@org, 'Noor Visser', 'Taalcoach', now() - interval '13 months') RETURNING id
                """, new { org });
            await conn.ExecuteAsync("INSERT INTO professional_leefgebied SELECT @_id, id FROM leefgebied WHERE code = 'taal_digitaal'", new { _id });
        }
        await Arrange.UserAsync(Db, "zoeker@test.nl", pleinIds: [plein]);
    }

    async Task<string> Page(string query)
    {
        using var browser = App.Browser();
        await browser.LogInAsync("zoeker@test.nl", Arrange.Password);
        var response = await browser.GetAsync("/gids" + query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), query);
        return await response.Content.ReadAsStringAsync();
    }

    [Test]
    public async Task Anonymous_visitor_is_sent_to_login()
    {
        var response = await App.Browser().GetAsync("/gids?q=taal");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/account/inloggen"));
    }

    [Test]
    public async Task A_result_card_carries_the_professional_id_and_links_to_the_profile()
    {
        var html = await Page("?q=taal&leefgebied=taal_digitaal");

        Assert.That(html, Does.Contain($"data-professional-id=\"{_id}\""));
        Assert.That(html, Does.Contain($"href=\"/gids/professional/{_id}\""));
        Assert.That(html, Does.Contain("1 collega gevonden"));
    }

    [Test]
    public async Task An_entry_not_confirmed_for_a_year_is_marked_possibly_outdated()
    {
        Assert.That(await Page("?q=Noor"), Does.Contain("mogelijk verouderd"));
    }

    [TestCase("?leefgebied=bestaat_niet", "Onbekend leefgebied genegeerd: bestaat_niet")]
    [TestCase("?domein=ruimtevaart", "Het filter 'domein' had een onbekende waarde en is genegeerd.")]
    [TestCase("?organisatie=999999", "Het filter 'organisatie' had een onbekende waarde en is genegeerd.")]
    [TestCase("?taal=xx", "Het filter 'taal' had een onbekende waarde en is genegeerd.")]
    [TestCase("?pagina=-3", "Dat paginanummer bestaat niet")]
    [TestCase("?pagina=999999999", "Dat paginanummer bestaat niet")]
    [TestCase("?pagina=abc", "is niet geldig en is genegeerd")]
    [TestCase("?organisatie=1%27%20OR%201=1", "is niet geldig en is genegeerd")]
    public async Task Bad_input_answers_the_page_with_a_dutch_message(string query, string message)
    {
        Assert.That(System.Net.WebUtility.HtmlDecode(await Page(query)), Does.Contain(message));
    }

    [Test]
    public async Task An_over_long_query_is_shortened_with_a_message()
    {
        var html = await Page("?q=" + new string('a', 5000));

        Assert.That(html, Does.Contain("ingekort tot 200 tekens"));
    }

    [Test]
    public async Task Html_in_the_query_comes_back_encoded()
    {
        var html = await Page("?q=" + Uri.EscapeDataString("<script>alert('x')</script>"));

        Assert.That(html, Does.Not.Contain("<script>alert"));
        Assert.That(html, Does.Contain("&lt;script&gt;"));
    }

    [Test]
    public async Task A_page_past_the_last_shows_the_last_page_with_a_message()
    {
        var html = await Page("?pagina=7");

        Assert.That(html, Does.Contain("bestaat niet; je ziet de laatste pagina"));
        Assert.That(html, Does.Contain("Noor Visser"));
    }
}
