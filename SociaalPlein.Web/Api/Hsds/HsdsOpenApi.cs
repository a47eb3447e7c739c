using System.Text.Json;
using System.Text.Json.Nodes;
using SociaalPlein.Data.Hsds;
using HsdsSpec = SociaalPlein.Data.Hsds.Hsds;

namespace SociaalPlein.Web.Api.Hsds;

/// <summary>
/// The OpenAPI 3.1 document of exactly what <c>/api/hsds</c> serves: its paths, each path's parameters (from
/// <see cref="HsdsParameters.ByPath"/>, the table the endpoints read) and responses whose schemas are the HSDS 3.0
/// specification's own, by their canonical URLs (as the specification's openapi.json refers to them).
/// </summary>
public static class HsdsOpenApi
{
    const string SchemaBase = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/";

    // What each path returns: the schema of one object, or of a list's items; and a Dutch summary.
    static readonly (string Path, string Summary, string Schema, bool List)[] Paths =
    [
        ("/", "Welke HSDS-versie deze API spreekt en waar dit document staat.", "", false),
        ("/openapi.json", "Dit document.", "", false),
        ("/services", "Diensten: een professional met zijn functie, leefgebieden, talen en spreekuren.", "compiled/service_list.json", true),
        ("/services/{id}", "Eén dienst, volledig genest.", "compiled/service.json", false),
        ("/organizations", "Organisaties.", "compiled/organization_list.json", true),
        ("/organizations/{id}", "Eén organisatie, volledig genest, met haar diensten.", "compiled/organization.json", false),
        ("/service_at_locations", "Een dienst op een plein, met de spreekuren daar.", "compiled/service_at_location_list.json", true),
        // The specification's own openapi.json names compiled/service.json here; its documentation and example are a
        // service_at_location, and that is what we serve.
        ("/service_at_locations/{id}", "Eén dienst op een plein, volledig genest.", "compiled/service_at_location.json", false),
        ("/taxonomies", "De taxonomieën: leefgebieden, domeinen, capaciteit.", "taxonomy.json", true),
        ("/taxonomies/{id}", "Eén taxonomie.", "taxonomy.json", false),
        ("/taxonomy_terms", "De termen van de taxonomieën.", "taxonomy_term.json", true),
        ("/taxonomy_terms/{id}", "Eén term.", "taxonomy_term.json", false),
    ];

    public static IEnumerable<string> AllPaths => Paths.Select(p => p.Path);

    public static string Document(string serverUrl)
    {
        var paths = new JsonObject();
        foreach (var (path, summary, schema, list) in Paths)
        {
            var parameters = new JsonArray();
            if (path.EndsWith("/{id}", StringComparison.Ordinal))
                parameters.Add(new JsonObject
                {
                    ["name"] = "id", ["in"] = "path", ["required"] = true,
                    ["description"] = "De id (een UUID) zoals deze API hem geeft.",
                    ["schema"] = new JsonObject { ["type"] = "string" },
                });
            foreach (var p in HsdsParameters.ByPath[path])
            {
                var type = new JsonObject { ["type"] = p.Type };
                if (p.Format is not null) type["format"] = p.Format;
                if (p == HsdsParameters.Format) type["enum"] = new JsonArray("json", "ndjson");
                parameters.Add(new JsonObject
                {
                    ["name"] = p.Name, ["in"] = "query", ["required"] = false, ["description"] = p.Description, ["schema"] = type,
                });
            }
            var operation = new JsonObject
            {
                ["operationId"] = OperationId(path),
                ["summary"] = summary,
                ["parameters"] = parameters,
                ["responses"] = Responses(path, schema, list),
            };
            paths[path] = new JsonObject { ["get"] = operation };
        }

        var document = new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "Sociaal Plein — de gids als Open Referral HSDS 3.0",
                ["version"] = "1",
                ["description"] = "De gids van Sociaal Plein (organisaties, professionals, spreekuren) volgens Open Referral HSDS 3.0. "
                    + "Toegang met een API-sleutel per plein (header X-Api-Key), die alleen dat plein ziet, of als aangemelde gebruiker. "
                    + "Werktelefoon en werk-e-mail van professionals staan er alleen in voor aangemelde gebruikers en voor sleutels waarvoor de beheerder dat heeft toegestaan. "
                    + "Parameters werken samen als EN; een onbekende parameter geeft 400. Antwoorden worden nooit bewaard in een cache (no-store).",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = serverUrl }),
            ["security"] = new JsonArray(new JsonObject { ["apiKey"] = new JsonArray() }, new JsonObject { ["session"] = new JsonArray() }),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["apiKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = ApiKeyAuthentication.Header },
                    ["session"] = new JsonObject { ["type"] = "apiKey", ["in"] = "cookie", ["name"] = ".SociaalPlein.Auth" },
                },
                ["schemas"] = new JsonObject
                {
                    ["Page"] = Page(),
                    ["Problem"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["description"] = "RFC 9457 problem details, in het Nederlands; parameter noemt een ongeldige parameter.",
                        ["properties"] = new JsonObject
                        {
                            ["type"] = Typed("string"), ["title"] = Typed("string"), ["status"] = Typed("integer"),
                            ["detail"] = Typed("string"), ["parameter"] = Typed("string"),
                        },
                    },
                },
            },
        };
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = HsdsSpec.Json.Encoder });
    }

    static JsonObject Responses(string path, string schema, bool list)
    {
        JsonObject ok;
        if (path == "/")
            ok = Content(new JsonObject
            {
                ["type"] = "object",
                ["required"] = new JsonArray("version", "profile", "openapi_url"),
                ["properties"] = new JsonObject
                {
                    ["version"] = Typed("string"),
                    ["profile"] = new JsonObject { ["type"] = "string", ["format"] = "uri" },
                    ["openapi_url"] = new JsonObject { ["type"] = "string", ["format"] = "uri" },
                },
            }, "Versie, profiel en dit document.");
        else if (path == "/openapi.json")
            ok = Content(new JsonObject { ["type"] = "object" }, "Dit OpenAPI 3.1-document.");
        else if (list)
        {
            var item = new JsonObject { ["$ref"] = SchemaBase + schema };
            ok = Content(new JsonObject
            {
                ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/schemas/Page" }),
                ["properties"] = new JsonObject { ["contents"] = new JsonObject { ["type"] = "array", ["items"] = item } },
            }, "Een pagina (format=json) of alle resultaten, één per regel (format=ndjson).");
            ((JsonObject)ok["content"]!)["application/x-ndjson"] = new JsonObject { ["schema"] = item.DeepClone() };
        }
        else ok = Content(new JsonObject { ["$ref"] = SchemaBase + schema }, "Het object.");

        var responses = new JsonObject { ["200"] = ok };
        if (HsdsParameters.ByPath[path].Length > 0) responses["400"] = Problem("Een parameter is ongeldig of onbekend.");
        responses["401"] = Problem("Niet aangemeld en geen geldige API-sleutel.");
        if (path.EndsWith("/{id}", StringComparison.Ordinal)) responses["404"] = Problem("Geen object met deze id (voor deze sleutel).");
        responses["429"] = Problem("Te veel verzoeken voor deze sleutel; probeer het na Retry-After seconden opnieuw.");
        return responses;
    }

    static JsonObject Content(JsonObject schema, string description) => new()
    {
        ["description"] = description,
        ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = schema } },
    };

    static JsonObject Problem(string description) => new()
    {
        ["description"] = description,
        ["content"] = new JsonObject
        {
            ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Problem" } },
        },
    };

    static JsonObject Typed(string type) => new() { ["type"] = type };

    // HSDS's Page envelope (components/schemas/Page of its openapi.json), every field of which we send.
    static JsonObject Page() => new()
    {
        ["type"] = "object",
        ["required"] = new JsonArray("total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"),
        ["properties"] = new JsonObject
        {
            ["total_items"] = Typed("integer"), ["total_pages"] = Typed("integer"), ["page_number"] = Typed("integer"),
            ["size"] = Typed("integer"), ["first_page"] = Typed("boolean"), ["last_page"] = Typed("boolean"), ["empty"] = Typed("boolean"),
            ["contents"] = Typed("array"),
        },
    };

    static string OperationId(string path) => path switch
    {
        "/" => "getApiMetaInformation",
        "/openapi.json" => "getOpenApiDocument",
        _ => "get" + string.Concat(path.Trim('/').Replace("{id}", "ById").Split('/', '_')
            .Select(part => char.ToUpperInvariant(part[0]) + part[1..])),
    };
}
