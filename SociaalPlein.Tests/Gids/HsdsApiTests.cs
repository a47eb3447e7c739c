using System.Net;
using System.Text.Json;
using Dapper;
using SociaalPlein.Data.Gids;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Gids;

public sealed class HsdsApiTests : AppFixture
{
    // The Open Referral HSDS 3.0 field names we use, per object: the Page schema of the HSDS API (schema/openapi.json)
    // and the objects of schema/*.json on the specification's 3.0 branch. A name outside these lists fails the test,
    // and so does a missing name HSDS requires (or that we always send).
    static readonly Dictionary<string, string[]> Promised = new()
    {
        ["page"] = ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"],
        ["organization"] = ["id", "name", "description", "email", "website", "phones", "locations", "attributes"],
        ["service"] = ["id", "organization_id", "name", "description", "email", "status", "assured_date", "phones", "languages",
            "attributes", "schedules", "service_at_locations"],
        ["service_at_location"] = ["id", "service_id", "location_id", "location"],
        ["location"] = ["id", "location_type", "name", "addresses", "schedules"],
        ["address"] = ["id", "address_1", "city", "postal_code", "country", "address_type"],
        ["phone"] = ["id", "number"],
        ["language"] = ["id", "name", "code"],
        ["schedule"] = ["id", "service_id", "location_id", "valid_from", "valid_to", "freq", "interval", "byday", "opens_at",
            "closes_at", "description", "attending_type"],
        ["attribute"] = ["id", "link_id", "link_entity", "taxonomy_term_id", "taxonomy_term"],
        ["taxonomy_term"] = ["id", "code", "name", "description", "taxonomy", "language"],
    };

    static readonly Dictionary<string, string[]> Required = new()
    {
        ["page"] = Promised["page"],
        ["organization"] = ["id", "name", "description", "phones", "locations", "attributes"],
        ["service"] = ["id", "organization_id", "name", "status", "assured_date", "phones", "languages", "attributes", "schedules", "service_at_locations"],
        ["service_at_location"] = ["id", "service_id", "location_id", "location"],
        ["location"] = ["id", "location_type", "name", "addresses"],
        ["address"] = ["id", "address_1", "city", "country", "address_type"],
        ["phone"] = ["id", "number"],
        ["language"] = ["id", "name", "code"],
        ["schedule"] = ["id", "location_id", "valid_from", "freq", "interval", "byday", "opens_at", "closes_at", "description", "attending_type"],
        ["attribute"] = ["id", "link_id", "link_entity", "taxonomy_term_id", "taxonomy_term"],
        ["taxonomy_term"] = ["id", "code", "name", "description", "taxonomy", "language"],
    };

    // Which object a nested property holds.
    static readonly Dictionary<string, string> Nested = new()
    {
        ["phones"] = "phone", ["locations"] = "location", ["location"] = "location", ["addresses"] = "address",
        ["schedules"] = "schedule", ["attributes"] = "attribute", ["taxonomy_term"] = "taxonomy_term",
        ["languages"] = "language", ["service_at_locations"] = "service_at_location",
    };

    ProefDirectory _proef = null!;
    HttpClient? _professional;

    protected override async Task ArrangeAsync()
    {
        await GidsApiArrange.SeedDemoAsync(Db);
        _proef = await GidsApiArrange.ProefPleinAsync(Db);
        await Arrange.UserAsync(Db, "collega@test.nl", "professional", [_proef.PleinId]);
    }

    async Task<HttpClient> ProfessionalAsync()
    {
        if (_professional is not null) return _professional;
        var client = App.Browser();
        Assert.That((await client.LogInAsync("collega@test.nl", Arrange.Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        return _professional = client;
    }

    async Task<int> CountAsync(string sql)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<int>(sql);
    }

    [Test]
    public async Task Organisaties_returns_the_seeded_count_of_active_organisations()
    {
        var page = await (await ProfessionalAsync()).GetJsonAsync("/api/gids/organisaties");

        var expected = await CountAsync("SELECT count(*) FROM organisation WHERE active");
        Assert.That(expected, Is.EqualTo(43 + 1), "the demo's 43 and the proef plein's one active organisation");
        Assert.That(page.GetProperty("total_items").GetInt32(), Is.EqualTo(expected));
        Assert.That(page.GetProperty("contents").GetArrayLength(), Is.EqualTo(Math.Min(expected, HsdsDirectory.DefaultPerPage)));
    }

    [Test]
    public async Task Professionals_returns_the_seeded_count_of_active_professionals_of_active_organisations()
    {
        var page = await (await ProfessionalAsync()).GetJsonAsync("/api/gids/professionals");

        var expected = await CountAsync("""
            SELECT count(*) FROM professional p JOIN organisation o ON o.id = p.organisation_id WHERE p.active AND o.active
            """);
        Assert.That(expected, Is.EqualTo(149 + 1), "the demo's 149 and Anna of the proef plein");
        Assert.That(page.GetProperty("total_items").GetInt32(), Is.EqualTo(expected));
        Assert.That(page.GetProperty("contents").GetArrayLength(), Is.EqualTo(HsdsDirectory.DefaultPerPage));
    }

    [TestCase("organisaties", "organisation", "SELECT id FROM organisation WHERE active")]
    [TestCase("professionals", "professional",
        "SELECT p.id FROM professional p JOIN organisation o ON o.id = p.organisation_id WHERE p.active AND o.active")]
    public async Task Walking_every_page_returns_each_active_entry_exactly_once(string endpoint, string kind, string idsSql)
    {
        var client = await ProfessionalAsync();
        var seen = new List<string>();
        for (var number = 1; ; number++)
        {
            var page = await client.GetJsonAsync($"/api/gids/{endpoint}?per_page=40&page={number}");
            seen.AddRange(page.GetProperty("contents").EnumerateArray().Select(e => e.GetProperty("id").GetString()!));
            if (page.GetProperty("last_page").GetBoolean()) break;
        }

        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var expected = (await conn.QueryAsync<int>(idsSql)).Select(id => HsdsIds.For(kind, id));
        Assert.That(seen, Is.EquivalentTo(expected));
    }

    [Test]
    public async Task Every_object_uses_only_the_hsds_field_names_we_promise()
    {
        var client = await ProfessionalAsync();
        var problems = new List<string>();
        var seen = new HashSet<string>();

        foreach (var (endpoint, type) in new[] { ("organisaties", "organization"), ("professionals", "service") })
        {
            var page = await client.GetJsonAsync($"/api/gids/{endpoint}?per_page={HsdsDirectory.MaxPerPage}");
            CheckObject(page, "page", endpoint, problems, seen);
            foreach (var item in page.GetProperty("contents").EnumerateArray())
                CheckObject(item, type, $"{endpoint}/{item.GetProperty("name")}", problems, seen);
        }

        Assert.That(problems, Is.Empty);
        Assert.That(seen, Is.EquivalentTo(Promised.Keys), "every promised object occurs in the seeded directory");
    }

    static void CheckObject(JsonElement element, string type, string path, List<string> problems, HashSet<string> seen)
    {
        seen.Add(type);
        var names = element.EnumerateObject().Select(p => p.Name).ToList();
        problems.AddRange(names.Except(Promised[type]).Select(n => $"{path}: {type} has '{n}', not a name we promise"));
        problems.AddRange(Required[type].Except(names).Select(n => $"{path}: {type} lacks '{n}'"));
        foreach (var property in element.EnumerateObject())
        {
            if ((property.Name == "id" || property.Name.EndsWith("_id")) && !Guid.TryParse(property.Value.GetString(), out _))
                problems.Add($"{path}: {type}.{property.Name} is not a UUID");
            if (type == "page" || !Nested.TryGetValue(property.Name, out var child)) continue;
            if (property.Value.ValueKind == JsonValueKind.Array)
                foreach (var item in property.Value.EnumerateArray()) CheckObject(item, child, $"{path}/{property.Name}", problems, seen);
            else
                CheckObject(property.Value, child, $"{path}/{property.Name}", problems, seen);
        }
    }

    [Test]
    public async Task An_organisation_maps_to_an_hsds_organization_with_address_plein_inloop_and_leefgebieden()
    {
        var page = await (await ProfessionalAsync()).GetJsonAsync($"/api/gids/organisaties?plein={_proef.PleinId}");

        Assert.That(page.GetProperty("total_items").GetInt32(), Is.EqualTo(1), "the inactive organisation is left out");
        var o = page.GetProperty("contents")[0];
        Assert.That(o.GetProperty("id").GetString(), Is.EqualTo(HsdsIds.For("organisation", _proef.OrganisationId)));
        Assert.That(o.GetProperty("name").GetString(), Is.EqualTo("Buurtwerk Proef"));
        Assert.That(o.GetProperty("description").GetString(), Is.EqualTo("Welzijn in de wijk."));
        Assert.That(o.GetProperty("email").GetString(), Is.EqualTo("info@buurtwerk-proef.nl"));
        Assert.That(o.GetProperty("website").GetString(), Is.EqualTo("https://buurtwerk-proef.nl"));
        Assert.That(o.GetProperty("phones")[0].GetProperty("number").GetString(), Is.EqualTo("010 123 4567"));
        Assert.That(Codes(o), Is.EqualTo(new[] { "financien", "sociaal_netwerk" }));

        var locations = o.GetProperty("locations").EnumerateArray().ToList();
        Assert.That(locations.Select(l => l.GetProperty("name").GetString()), Is.EqualTo(new[] { "Buurtwerk Proef", "Sociaal Plein Proef" }));
        var own = locations[0].GetProperty("addresses")[0];
        Assert.That((Text(own, "address_1"), Text(own, "postal_code"), Text(own, "city"), Text(own, "country")),
            Is.EqualTo(("Dorpsstraat 1", "1234 AB", "Proefdorp", "NL")));
        var plein = locations[1];
        Assert.That(Text(plein, "id"), Is.EqualTo(HsdsIds.For("plein", _proef.PleinId)));
        Assert.That(Text(plein.GetProperty("addresses")[0], "address_1"), Is.EqualTo("Dorpsplein 3"));
        var inloop = plein.GetProperty("schedules").EnumerateArray().Single();
        Assert.That((Text(inloop, "id"), Text(inloop, "freq"), Text(inloop, "byday"), Text(inloop, "opens_at"), Text(inloop, "closes_at"),
                Text(inloop, "attending_type"), Text(inloop, "location_id")),
            Is.EqualTo((HsdsIds.For("spreekuur", _proef.InloopId), "WEEKLY", "TH", "13:30", "15:00", "Inloop, zonder afspraak",
                HsdsIds.For("plein", _proef.PleinId))));
    }

    [Test]
    public async Task A_professional_maps_to_an_hsds_service_of_its_organization_with_spreekuur_languages_and_leefgebied()
    {
        var page = await (await ProfessionalAsync()).GetJsonAsync($"/api/gids/professionals?plein={_proef.PleinId}");

        Assert.That(page.GetProperty("total_items").GetInt32(), Is.EqualTo(1), "inactive professionals and those of inactive organisations are left out");
        var s = page.GetProperty("contents")[0];
        Assert.That(Text(s, "id"), Is.EqualTo(HsdsIds.For("professional", _proef.ProfessionalId)));
        Assert.That(Text(s, "organization_id"), Is.EqualTo(HsdsIds.For("organisation", _proef.OrganisationId)));
        Assert.That(Text(s, "name"), Is.EqualTo("Schuldhulpverlener — Anna Proef"));
        Assert.That(Text(s, "description"), Is.EqualTo("Hulp bij geldzaken."));
        Assert.That(Text(s, "status"), Is.EqualTo("active"));
        Assert.That(Text(s, "email"), Is.EqualTo("werk@buurtwerk-proef.nl"));
        Assert.That(Text(s.GetProperty("phones")[0], "number"), Is.EqualTo("06 1234 5678"));
        Assert.That(s.GetProperty("languages").EnumerateArray().Select(l => (Text(l, "code"), Text(l, "name"))),
            Is.EqualTo(new[] { ("ar", "Arabisch"), ("nl", "Nederlands") }));
        Assert.That(Codes(s), Is.EqualTo(new[] { "financien" }));
        var term = s.GetProperty("attributes")[0].GetProperty("taxonomy_term");
        Assert.That((Text(term, "name"), Text(term, "taxonomy")), Is.EqualTo(("Financiën", "sociaalplein-leefgebied")));

        var schedule = s.GetProperty("schedules").EnumerateArray().Single(); // the expired spreekuur is left out
        Assert.That((Text(schedule, "id"), Text(schedule, "service_id"), Text(schedule, "byday"), Text(schedule, "opens_at"),
                Text(schedule, "closes_at"), Text(schedule, "description"), Text(schedule, "valid_from")),
            Is.EqualTo((HsdsIds.For("spreekuur", _proef.SpreekuurId), Text(s, "id"), "TU", "09:00", "11:00",
                "Spreekuur geldzaken (Kamer 2)", "2024-01-01")));
        var at = s.GetProperty("service_at_locations").EnumerateArray().Single();
        Assert.That((Text(at, "location_id"), Text(at.GetProperty("location"), "name")),
            Is.EqualTo((Text(schedule, "location_id"), "Sociaal Plein Proef")));
    }

    [Test]
    public async Task Every_service_belongs_to_an_organization_the_api_lists()
    {
        var client = await ProfessionalAsync();
        var organisations = (await client.GetJsonAsync($"/api/gids/organisaties?per_page={HsdsDirectory.MaxPerPage}"))
            .GetProperty("contents").EnumerateArray().Select(o => Text(o, "id")).ToHashSet();
        var services = (await client.GetJsonAsync($"/api/gids/professionals?per_page={HsdsDirectory.MaxPerPage}"))
            .GetProperty("contents").EnumerateArray().ToList();

        Assert.That(services.Select(s => Text(s, "organization_id")).Where(id => !organisations.Contains(id)), Is.Empty);
    }

    [Test]
    public async Task A_middle_page_says_where_it_is()
    {
        var page = await (await ProfessionalAsync()).GetJsonAsync("/api/gids/professionals?page=2&per_page=10");

        var total = page.GetProperty("total_items").GetInt32();
        Assert.That((page.GetProperty("page_number").GetInt32(), page.GetProperty("size").GetInt32(), page.GetProperty("total_pages").GetInt32(),
                page.GetProperty("first_page").GetBoolean(), page.GetProperty("last_page").GetBoolean(), page.GetProperty("empty").GetBoolean()),
            Is.EqualTo((2, 10, (total + 9) / 10, false, false, false)));
    }

    [Test]
    public async Task A_page_past_the_end_is_empty_not_an_error()
    {
        var page = await (await ProfessionalAsync()).GetJsonAsync("/api/gids/organisaties?page=99&per_page=200");

        Assert.That(page.GetProperty("empty").GetBoolean(), Is.True);
        Assert.That(page.GetProperty("contents").GetArrayLength(), Is.Zero);
        Assert.That(page.GetProperty("last_page").GetBoolean(), Is.True);
    }

    [TestCase("page=-1", "page")]
    [TestCase("page=0", "page")]
    [TestCase("page=abc", "page")]
    [TestCase("page=100001", "page")]
    [TestCase("page=99999999999999", "page")]
    [TestCase("page=1&page=2", "page")]
    [TestCase("per_page=0", "per_page")]
    [TestCase("per_page=201", "per_page")]
    [TestCase("plein=999999", "plein")]
    [TestCase("plein=%27%3B%20DROP%20TABLE%20plein%3B--", "plein")]
    public async Task A_bad_query_value_answers_400_with_a_dutch_problem(string query, string parameter)
    {
        var problem = await (await ProfessionalAsync()).GetProblemAsync($"/api/gids/professionals?{query}", 400);

        Assert.That(Text(problem, "title"), Is.EqualTo("Ongeldige parameter"));
        Assert.That(Text(problem, "detail"), Does.Match("^(De parameter|Er is geen)").And.Contain(parameter));
        Assert.That(Text(problem, "parameter"), Is.EqualTo(parameter));
    }

    [TestCase("/api/gids/organisaties")]
    [TestCase("/api/gids/professionals")]
    public async Task Anonymous_request_gets_401_in_json_not_the_login_page(string url)
    {
        var client = App.Browser();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        var response = await client.GetAsync(url);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.Location, Is.Null);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("X-Api-Key"));
    }

    [Test]
    public async Task A_logged_in_professional_reads_the_whole_directory_with_the_cookie()
    {
        var response = await (await ProfessionalAsync()).GetAsync("/api/gids/organisaties?per_page=1");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
    }

    [Test]
    public void Ids_are_rfc_4122_name_based_uuids_anyone_can_recompute()
    {
        // RFC 4122's own kind of example, as Python's uuid.uuid5(NAMESPACE_DNS, "python.org") gives it.
        var dns = Guid.Parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        Assert.That(HsdsIds.NameBased(dns, "python.org"), Is.EqualTo(Guid.Parse("886313e1-3b8a-5372-9b90-0c9aee199e5d")));
        // uuid.uuid5(uuid.NAMESPACE_URL, "urn:sociaalplein:organisation:1")
        Assert.That(HsdsIds.For("organisation", 1), Is.EqualTo("fc52b9c1-d1d3-534f-a4ef-4c6d3e47c99e"));
    }

    static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() : null;

    static string?[] Codes(JsonElement withAttributes) =>
        withAttributes.GetProperty("attributes").EnumerateArray().Select(a => Text(a.GetProperty("taxonomy_term"), "code")).ToArray();
}
