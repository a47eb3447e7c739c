using System.Text.Json;
using SociaalPlein.Data.Gids;
using SociaalPlein.Data.Hsds;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Hsds;

/// <summary>
/// What each list parameter does to real data (the demo's two pleinen), alone and together (HSDS: parameters combine as
/// AND), against the ids the database or the gids itself gives; unknown ids 404, bad parameters 400 with problem details.
/// </summary>
public sealed class HsdsParameterTests : HsdsDemoFixture
{
    const string ActiveServices = "SELECT p.id FROM professional p JOIN organisation o ON o.id = p.organisation_id WHERE p.active AND o.active";

    async Task<List<string>> IdsAsync(string url)
    {
        var ids = new List<string>();
        for (var page = 1; ; page++)
        {
            var body = await Colleague.GetJsonAsync($"{url}{(url.Contains('?') ? '&' : '?')}per_page=200&page={page}");
            ids.AddRange(body.GetProperty("contents").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
            if (body.GetProperty("last_page").GetBoolean()) return ids;
        }
    }

    async Task<List<string>> ExpectedAsync(string sql, object? args = null) =>
        (await HsdsArrange.ListAsync<int>(Db, sql + " ORDER BY p.id", args)).Select(id => HsdsIds.For("professional", id)).ToList();

    [TestCase("schulden")]
    [TestCase("wijkteam")]
    [TestCase("huisarts nieuwland")]
    [TestCase("Fysiotherapie")]
    public async Task A_search_finds_exactly_the_professionals_the_gids_finds(string words)
    {
        var gids = new GidsSearch(Db.DataSource);
        var moment = new GidsMoment(new DateOnly(2026, 3, 16), new TimeOnly(10, 0));
        var found = new List<int>();
        for (var page = 1; ; page++)
        {
            var result = await gids.RunAsync(new GidsQuery(Text: words, Page: page), moment);
            found.AddRange(result.Hits.Select(h => h.Id));
            if (found.Count >= result.Total) break;
        }

        var ids = await IdsAsync($"/api/hsds/services?search={Uri.EscapeDataString(words)}");

        Assert.That(found, Is.Not.Empty, "the demo has matches for this search");
        Assert.That(ids, Is.EquivalentTo(found.Select(id => HsdsIds.For("professional", id))));
    }

    [Test]
    public async Task A_nonsense_search_finds_nothing()
    {
        var body = await Colleague.GetJsonAsync("/api/hsds/services?search=xqzvwkj");
        Assert.That(body.GetProperty("total_items").GetInt32(), Is.Zero);
        Assert.That(body.GetProperty("empty").GetBoolean());
        Assert.That((await Colleague.GetJsonAsync("/api/hsds/organizations?search=xqzvwkj")).GetProperty("total_items").GetInt32(), Is.Zero);
    }

    [Test]
    public async Task A_leefgebied_term_keeps_the_services_with_that_leefgebied()
    {
        var term = HsdsTaxonomies.TermId(HsdsTaxonomies.LeefgebiedKey, "financien");
        Assert.That(await IdsAsync($"/api/hsds/services?taxonomy_term_id={term}"),
            Is.EqualTo(await ExpectedAsync(ActiveServices + " AND p.leefgebied_codes @> ARRAY['financien']")).And.Not.Empty);
    }

    [Test]
    public async Task A_domein_term_keeps_the_services_of_organisations_in_that_domein()
    {
        var term = HsdsTaxonomies.TermId(HsdsTaxonomies.DomeinKey, "medisch");
        Assert.That(await IdsAsync($"/api/hsds/services?taxonomy_term_id={term}"),
            Is.EqualTo(await ExpectedAsync(ActiveServices + " AND o.domein = 'medisch'")).And.Not.Empty);
    }

    [Test]
    public async Task The_leefgebied_taxonomy_keeps_the_services_with_any_leefgebied_and_an_unknown_one_none()
    {
        Assert.That(await IdsAsync($"/api/hsds/services?taxonomy_id={HsdsTaxonomies.Leefgebied.Id}"),
            Is.EqualTo(await ExpectedAsync(ActiveServices + " AND p.leefgebied_codes <> '{}'")).And.Not.Empty);
        Assert.That(await IdsAsync($"/api/hsds/services?taxonomy_id={Guid.NewGuid()}"), Is.Empty);
        Assert.That(await IdsAsync($"/api/hsds/services?taxonomy_term_id={Guid.NewGuid()}"), Is.Empty);
    }

    [Test]
    public async Task An_organization_keeps_its_own_services()
    {
        var organisation = await BusiestOrganisationAsync();
        Assert.That(await IdsAsync($"/api/hsds/services?organization_id={HsdsIds.For("organisation", organisation)}"),
            Is.EqualTo(await ExpectedAsync(ActiveServices + " AND p.organisation_id = @organisation", new { organisation })).And.Not.Empty);
    }

    [Test]
    public async Task An_organization_and_a_term_together_keep_only_services_matching_both()
    {
        var organisation = await BusiestOrganisationAsync();
        var code = await HsdsArrange.ScalarAsync<string>(Db, """
            SELECT c FROM professional p CROSS JOIN unnest(p.leefgebied_codes) c
            WHERE p.organisation_id = @organisation AND p.active GROUP BY c ORDER BY count(*), c LIMIT 1
            """, new { organisation });
        var term = HsdsTaxonomies.TermId(HsdsTaxonomies.LeefgebiedKey, code);

        var both = await IdsAsync($"/api/hsds/services?organization_id={HsdsIds.For("organisation", organisation)}&taxonomy_term_id={term}");
        var expected = await ExpectedAsync(ActiveServices + " AND p.organisation_id = @organisation AND p.leefgebied_codes @> ARRAY[@code]",
            new { organisation, code });

        Assert.That(both, Is.EqualTo(expected).And.Not.Empty);
        Assert.That(both.Count, Is.LessThan((await IdsAsync($"/api/hsds/services?taxonomy_term_id={term}")).Count));
        Assert.That(both.Count, Is.LessThan((await IdsAsync($"/api/hsds/services?organization_id={HsdsIds.For("organisation", organisation)}")).Count));
    }

    [Test]
    public async Task A_search_and_a_term_together_keep_only_services_matching_both()
    {
        var term = HsdsTaxonomies.TermId(HsdsTaxonomies.DomeinKey, "sociaal");
        var search = await IdsAsync("/api/hsds/services?search=wijkteam");
        var domein = await IdsAsync($"/api/hsds/services?taxonomy_term_id={term}");

        var both = await IdsAsync($"/api/hsds/services?search=wijkteam&taxonomy_term_id={term}");

        Assert.That(both, Is.EquivalentTo(search.Intersect(domein)).And.Not.Empty);
    }

    [Test]
    public async Task Modified_after_keeps_what_changed_since_and_in_the_future_nothing()
    {
        var changed = await HsdsArrange.ScalarAsync<int>(Db, ActiveServices + " ORDER BY p.id LIMIT 1");
        var since = await HsdsArrange.ScalarAsync<DateTime>(Db, "SELECT max(updated_at) + interval '1 second' FROM professional");
        await HsdsArrange.ScalarAsync<int>(Db, """
            INSERT INTO directory_change (entity_type, entity_id, field, old_value, new_value, changed_at)
            VALUES ('professional', @changed, 'function', 'oud', 'nieuw', @at) RETURNING 1
            """, new { changed, at = since.AddMinutes(5) });
        var moment = Uri.EscapeDataString(new DateTimeOffset(since, TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));

        Assert.That(await IdsAsync($"/api/hsds/services?modified_after={moment}"), Is.EqualTo(new[] { HsdsIds.For("professional", changed) }));
        Assert.That(await IdsAsync("/api/hsds/services?modified_after=2099-01-01T00:00:00Z"), Is.Empty);
        Assert.That(await IdsAsync("/api/hsds/service_at_locations?modified_after=2099-01-01"), Is.Empty);
        var service = await Colleague.GetJsonAsync($"/api/hsds/services/{HsdsIds.For("professional", changed)}");
        Assert.That(DateTimeOffset.Parse(service.GetProperty("last_modified").GetString()!), Is.EqualTo(new DateTimeOffset(since.AddMinutes(5), TimeSpan.Zero)));
    }

    [Test]
    public async Task Service_at_locations_filter_by_their_service()
    {
        var organisation = await BusiestOrganisationAsync();
        var url = $"/api/hsds/service_at_locations?organization_id={HsdsIds.For("organisation", organisation)}&per_page=200";
        var services = (await Colleague.GetJsonAsync(url)).GetProperty("contents").EnumerateArray()
            .Select(s => s.GetProperty("service_id").GetString()).Distinct();

        Assert.That(services, Is.EquivalentTo(await ExpectedAsync(ActiveServices + " AND p.organisation_id = @organisation", new { organisation })));
    }

    [Test]
    public async Task Taxonomy_terms_filter_by_taxonomy_search_and_parent()
    {
        var leefgebieden = await HsdsArrange.ScalarAsync<int>(Db, "SELECT count(*)::int FROM leefgebied WHERE active");
        var terms = (await Colleague.GetJsonAsync($"/api/hsds/taxonomy_terms?taxonomy_id={HsdsTaxonomies.Leefgebied.Id}&per_page=200"));
        var financ = (await Colleague.GetJsonAsync("/api/hsds/taxonomy_terms?search=financ")).GetProperty("contents");

        Assert.That(terms.GetProperty("total_items").GetInt32(), Is.EqualTo(leefgebieden));
        Assert.That(financ.EnumerateArray().Select(t => t.GetProperty("code").GetString()), Is.EqualTo(new[] { "financien" }));
        Assert.That((await Colleague.GetJsonAsync("/api/hsds/taxonomy_terms?top_only=true&per_page=200")).GetProperty("total_items").GetInt32(),
            Is.EqualTo(leefgebieden + 4 + 3), "every term is a top term: leefgebieden, 4 domeinen, 3 capaciteiten");
        Assert.That((await Colleague.GetJsonAsync($"/api/hsds/taxonomy_terms?parent_id={financ[0].GetProperty("id").GetString()}"))
            .GetProperty("total_items").GetInt32(), Is.Zero);
        Assert.That((await Colleague.GetJsonAsync("/api/hsds/taxonomies?search=capaciteit")).GetProperty("contents")[0]
            .GetProperty("id").GetString(), Is.EqualTo(HsdsTaxonomies.Capaciteit.Id));
    }

    [Test]
    public async Task Ndjson_streams_every_item_without_pages()
    {
        var total = (await Colleague.GetJsonAsync("/api/hsds/services")).GetProperty("total_items").GetInt32();
        var response = await Colleague.GetAsync("/api/hsds/services?format=ndjson&per_page=3");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/x-ndjson"));
        Assert.That(lines, Has.Length.EqualTo(total).And.Length.GreaterThan(3), "per_page does not cut the stream");
        Assert.That(lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()).Distinct().Count(), Is.EqualTo(total));
    }

    [Test]
    public async Task Minimal_returns_every_service_with_its_id_name_status_and_last_modified_in_one_page()
    {
        var body = await Colleague.GetJsonAsync("/api/hsds/services?minimal=true");
        var first = body.GetProperty("contents")[0];

        Assert.That(body.GetProperty("total_pages").GetInt32(), Is.EqualTo(1));
        Assert.That(first.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "id", "name", "status", "last_modified" }));
    }

    static readonly string[] ById =
        ["services", "organizations", "service_at_locations", "taxonomies", "taxonomy_terms"];

    [Test]
    public async Task An_unknown_id_is_404_with_problem_details_on_every_path()
    {
        foreach (var path in ById)
        {
            await Colleague.GetProblemAsync($"/api/hsds/{path}/{Guid.NewGuid()}", 404);
            await Colleague.GetProblemAsync($"/api/hsds/{path}/niet-een-uuid", 404);
        }
    }

    [TestCase("/api/hsds/services?page=0", "page")]
    [TestCase("/api/hsds/services?per_page=201", "per_page")]
    [TestCase("/api/hsds/services?page=1e3", "page")]
    [TestCase("/api/hsds/services?page=1&page=2", "page")]
    [TestCase("/api/hsds/services?taxonomy_term_id=financien", "taxonomy_term_id")]
    [TestCase("/api/hsds/services?organization_id=12", "organization_id")]
    [TestCase("/api/hsds/services?modified_after=gisteren", "modified_after")]
    [TestCase("/api/hsds/services?modified_after=2026-03-16T10:00", "modified_after")]
    [TestCase("/api/hsds/services?full=ja", "full")]
    [TestCase("/api/hsds/services?format=xml", "format")]
    [TestCase("/api/hsds/services?plein=1", "plein")]
    [TestCase("/api/hsds/organizations?taxonomy_id=x", "taxonomy_id")]
    [TestCase("/api/hsds/service_at_locations?postcode=ABCD", "postcode")]
    [TestCase("/api/hsds/service_at_locations?proximity=-5", "proximity")]
    [TestCase("/api/hsds/taxonomy_terms?top_only=1", "top_only")]
    [TestCase("/api/hsds/services/00000000-0000-0000-0000-000000000000?full=true", "full")]
    public async Task A_bad_or_unknown_parameter_is_400_naming_it(string url, string parameter)
    {
        var problem = await Colleague.GetProblemAsync(url, 400);
        Assert.That(problem.GetProperty("parameter").GetString(), Is.EqualTo(parameter));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain(parameter));
    }

    [Test]
    public async Task Postcode_and_proximity_are_accepted_but_narrow_nothing_as_the_served_document_says()
    {
        var all = (await Colleague.GetJsonAsync("/api/hsds/service_at_locations")).GetProperty("total_items").GetInt32();
        var near = (await Colleague.GetJsonAsync("/api/hsds/service_at_locations?postcode=3118%20GK&proximity=500")).GetProperty("total_items").GetInt32();
        var document = await Colleague.GetStringAsync("/api/hsds/openapi.json");

        Assert.That(near, Is.EqualTo(all));
        Assert.That(document, Does.Contain("beperkt niets"));
    }

    [Test]
    public async Task The_databases_hsds_id_is_the_same_uuid_as_the_apis()
    {
        var fromSql = await HsdsArrange.ScalarAsync<Guid>(Db, "SELECT hsds_id('professional', '42')");
        Assert.That(fromSql.ToString(), Is.EqualTo(HsdsIds.For("professional", 42)));
    }

    Task<int> BusiestOrganisationAsync() => HsdsArrange.ScalarAsync<int>(Db, """
        SELECT p.organisation_id FROM professional p JOIN organisation o ON o.id = p.organisation_id WHERE p.active AND o.active
        GROUP BY p.organisation_id ORDER BY count(*) DESC, p.organisation_id LIMIT 1
        """);
}
