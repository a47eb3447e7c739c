using System.Net;
using System.Text.Json;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Hsds;

/// <summary>
/// Every answer of every path, at its first, a middle and its last page, against the HSDS 3.0 specification's own
/// JSON Schemas (conformance rule 5): the Page envelope from its openapi.json, each list item against the list schema
/// its openapi.json names, full items and single objects against the compiled schemas, nested objects included.
/// Asked as a signed-in colleague (work contact details in) and with a key without them.
/// </summary>
public sealed class HsdsConformanceTests : HsdsDemoFixture
{
    HttpClient _key = null!;

    [OneTimeSetUp]
    public async Task CreateKey() =>
        _key = App.Browser().WithApiKey(await HsdsArrange.KeyAsync(Db, "Sociaal Plein Nieuwland", workContacts: false, "Kaart zonder contact"));

    [OneTimeTearDown]
    public void DropKey() => _key.Dispose();

    // A list path with its query, the schema of its items, and the per_page that gives it several pages in the demo.
    static readonly (string Url, string ItemSchema, int PerPage)[] Lists =
    [
        ("/api/hsds/services?", "compiled/service_list.json", 7),
        ("/api/hsds/services?full=true&", "compiled/service.json", 7),
        ("/api/hsds/services?minimal=true&", "compiled/service_list.json", 7),
        ("/api/hsds/organizations?", "compiled/organization_list.json", 5),
        ("/api/hsds/organizations?full=true&", "compiled/organization.json", 5),
        ("/api/hsds/organizations?full=true&full_service=true&", "compiled/organization.json", 5),
        ("/api/hsds/service_at_locations?", "compiled/service_at_location_list.json", 7),
        ("/api/hsds/service_at_locations?full=true&", "compiled/service_at_location.json", 7),
        ("/api/hsds/taxonomies?", "taxonomy.json", 1),
        ("/api/hsds/taxonomy_terms?", "taxonomy_term.json", 4),
    ];

    static IEnumerable<TestCaseData> ListCases() =>
        Lists.SelectMany(l => new[] { true, false }.Select(colleague =>
            new TestCaseData(l.Url, l.ItemSchema, l.PerPage, colleague)
                .SetArgDisplayNames($"{l.Url.TrimEnd('?', '&')} as {(colleague ? "colleague" : "key")}")));

    [TestCaseSource(nameof(ListCases))]
    public async Task Every_page_of_a_list_validates_against_the_specification(string url, string itemSchema, int perPage, bool colleague)
    {
        var client = colleague ? Colleague : _key;
        var first = await client.GetJsonAsync($"{url}per_page={perPage}&page=1");
        var pages = first.GetProperty("total_pages").GetInt32();
        Assert.That(pages, Is.GreaterThanOrEqualTo(3), $"{url} needs a first, a middle and a last page to test");
        foreach (var page in new[] { 1, (pages + 1) / 2, pages })
        {
            var body = page == 1 ? first : await client.GetJsonAsync($"{url}per_page={perPage}&page={page}");
            AssertValid("Page", body, $"{url} page {page}");
            Assert.That(body.GetProperty("page_number").GetInt32(), Is.EqualTo(page));
            Assert.That(body.GetProperty("last_page").GetBoolean(), Is.EqualTo(page == pages));
            var contents = body.GetProperty("contents");
            Assert.That(contents.GetArrayLength(), Is.GreaterThan(0).And.EqualTo(body.GetProperty("size").GetInt32()));
            foreach (var item in contents.EnumerateArray()) AssertValid(itemSchema, item, $"{url} page {page}");
        }
    }

    // A single-object path, the list its ids come from, and the schema of the object.
    static readonly (string Path, string ListUrl, string Schema)[] Singles =
    [
        ("/api/hsds/services/", "/api/hsds/services?per_page=200", "compiled/service.json"),
        ("/api/hsds/organizations/", "/api/hsds/organizations?per_page=200", "compiled/organization.json"),
        ("/api/hsds/service_at_locations/", "/api/hsds/service_at_locations?per_page=200", "compiled/service_at_location.json"),
        ("/api/hsds/taxonomies/", "/api/hsds/taxonomies", "taxonomy.json"),
        ("/api/hsds/taxonomy_terms/", "/api/hsds/taxonomy_terms?per_page=200", "taxonomy_term.json"),
    ];

    static IEnumerable<TestCaseData> SingleCases() =>
        Singles.SelectMany(s => new[] { true, false }.Select(colleague =>
            new TestCaseData(s.Path, s.ListUrl, s.Schema, colleague).SetArgDisplayNames($"{s.Path}{{id}} as {(colleague ? "colleague" : "key")}")));

    [TestCaseSource(nameof(SingleCases))]
    public async Task Every_object_by_its_id_validates_against_the_specification(string path, string listUrl, string schema, bool colleague)
    {
        var client = colleague ? Colleague : _key;
        var ids = (await client.GetJsonAsync(listUrl)).GetProperty("contents").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
        Assert.That(ids, Is.Not.Empty);
        foreach (var id in ids)
        {
            var body = await client.GetJsonAsync(path + id);
            Assert.That(body.GetProperty("id").GetString(), Is.EqualTo(id));
            AssertValid(schema, body, path + id);
        }
        if (path == "/api/hsds/organizations/")
            AssertValid(schema, await client.GetJsonAsync($"{path}{ids[0]}?full_service=true"), $"{path}{ids[0]}?full_service=true");
    }

    [Test]
    public async Task The_root_says_version_3_0_and_where_the_served_openapi_document_is()
    {
        var root = await _key.GetJsonAsync("/api/hsds/");
        Assert.That(root.GetProperty("version").GetString(), Is.EqualTo("3.0"));
        Assert.That(Uri.IsWellFormedUriString(root.GetProperty("profile").GetString(), UriKind.Absolute));
        var openapi = new Uri(root.GetProperty("openapi_url").GetString()!);
        Assert.That(openapi.AbsolutePath, Is.EqualTo("/api/hsds/openapi.json"));
        var document = await _key.GetJsonAsync(openapi.PathAndQuery);
        Assert.That(document.GetProperty("openapi").GetString(), Is.EqualTo("3.1.0"));
    }

    [Test]
    public async Task Nested_objects_carry_a_province_in_every_address_and_uuids_everywhere()
    {
        var service = (await Colleague.GetJsonAsync("/api/hsds/services?full=true&per_page=200")).GetProperty("contents")
            .EnumerateArray().First(s => s.GetProperty("service_at_locations").GetArrayLength() > 0);
        var location = service.GetProperty("service_at_locations")[0].GetProperty("location");
        var address = location.GetProperty("addresses")[0];
        Assert.That(address.GetProperty("state_province").GetString(), Is.AnyOf("Zuid-Holland", "Noord-Brabant"));
        Assert.That(address.GetProperty("country").GetString(), Is.EqualTo("NL"));
        Assert.That(Guid.TryParse(service.GetProperty("organization").GetProperty("id").GetString(), out _));
    }

    static void AssertValid(string schema, JsonElement value, string where) =>
        Assert.That(HsdsSpec.Errors(schema, value), Is.Empty, $"{where} against {schema}");
}
