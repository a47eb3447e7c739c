using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using SociaalPlein.Tests.Security;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Hsds;

/// <summary>
/// The OpenAPI document the app serves at /api/hsds/openapi.json: valid against the OpenAPI Initiative's 3.1 schema,
/// with every path and parameter of the HSDS specification's openapi.json, every /api/hsds endpoint the app maps, and
/// only parameters the app answers (any other is refused with 400, see <see cref="HsdsParameterTests"/>).
/// </summary>
public sealed class HsdsOpenApiTests : HsdsDemoFixture
{
    JsonNode _served = null!;

    [OneTimeSetUp]
    public async Task ReadServedDocument() => _served = JsonNode.Parse(await Colleague.GetStringAsync("/api/hsds/openapi.json"))!;

    [Test]
    public void The_served_document_is_valid_openapi_3_1()
    {
        var document = JsonSerializer.SerializeToElement(_served);
        Assert.That(_served["openapi"]!.GetValue<string>(), Does.StartWith("3.1."));
        Assert.That(HsdsSpec.Errors(HsdsSpec.OpenApi31, document), Is.Empty);

        var broken = _served.DeepClone();
        broken["paths"]!.AsObject().Add("services-without-slash", new JsonObject());
        Assert.That(HsdsSpec.Errors(HsdsSpec.OpenApi31, JsonSerializer.SerializeToElement(broken)), Is.Not.Empty, "the schema does check paths");
    }

    [Test]
    public void The_served_document_has_every_path_and_parameter_of_the_specification()
    {
        var spec = HsdsSpec.OpenApi();
        foreach (var (path, parameters) in Parameters(spec))
        {
            Assert.That(_served["paths"]![path], Is.Not.Null, $"{path} is in the specification");
            Assert.That(Parameters(_served)[path], Is.SupersetOf(parameters), path);
        }
    }

    [Test]
    public void Every_endpoint_the_app_maps_under_api_hsds_is_in_the_served_document()
    {
        var mapped = AuthorizationMatrixTests.DiscoveredPatterns(App.Services)
            .Where(p => p.StartsWith("/api/hsds", StringComparison.Ordinal))
            .Select(p => p["/api/hsds".Length..] is "" ? "/" : p["/api/hsds".Length..]).ToList();

        Assert.That(mapped, Has.Count.GreaterThan(10));
        Assert.That(mapped, Is.EquivalentTo(Parameters(_served).Keys));
    }

    [Test]
    public async Task Every_query_parameter_the_document_lists_is_answered_without_400()
    {
        foreach (var (path, parameters) in Parameters(_served))
            foreach (var name in parameters.Where(n => n != "id"))
            {
                var url = "/api/hsds" + path.Replace("{id}", Guid.NewGuid().ToString()) + $"?{name}={Uri.EscapeDataString(Sample(_served, path, name))}";
                var response = await Colleague.GetAsync(url);
                Assert.That(response.StatusCode, Is.EqualTo(path.EndsWith("{id}") ? HttpStatusCode.NotFound : HttpStatusCode.OK), url);
            }
    }

    /// <summary>Each path's parameter names, from the path and its GET, with references into components resolved.</summary>
    static Dictionary<string, List<string>> Parameters(JsonNode document) =>
        document["paths"]!.AsObject().ToDictionary(p => p.Key, p =>
            new[] { p.Value!["parameters"], p.Value!["get"]?["parameters"] }
                .Where(list => list is not null).SelectMany(list => list!.AsArray())
                .Select(parameter => Resolve(document, parameter!)["name"]!.GetValue<string>()).ToList());

    static JsonNode Resolve(JsonNode document, JsonNode parameter) =>
        parameter["$ref"] is { } reference
            ? document["components"]!["parameters"]![reference.GetValue<string>().Split('/')[^1]]!
            : parameter;

    // A value each parameter accepts, by the type and format the document gives it.
    static string Sample(JsonNode document, string path, string name)
    {
        var schema = Resolve(document, document["paths"]![path]!["get"]!["parameters"]!.AsArray()
            .First(p => Resolve(document, p!)["name"]!.GetValue<string>() == name)!)["schema"]!;
        return (name, schema["type"]!.GetValue<string>(), schema["format"]?.GetValue<string>()) switch
        {
            ("format", _, _) => "json",
            ("postcode", _, _) => "3118 GK",
            (_, "boolean", _) => "true",
            (_, "integer", _) => "1",
            (_, _, "uuid") => Guid.NewGuid().ToString(),
            (_, _, "date-time") => "2020-01-01T00:00:00Z",
            _ => "wijkteam",
        };
    }
}
