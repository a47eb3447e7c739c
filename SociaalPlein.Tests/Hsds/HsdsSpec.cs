using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace SociaalPlein.Tests.Hsds;

/// <summary>
/// The Open Referral HSDS 3.0 specification's own JSON Schemas (copied into spec/ with their licence), built once
/// with JsonSchema.Net under the URLs the specification's openapi.json gives them, so that its references resolve.
/// Formats (uuid, email, uri, date-time) are checked, not only noted.
/// </summary>
public static class HsdsSpec
{
    public const string SchemaBase = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/";

    public static string Folder => Path.Combine(Database.MigrationTests.RepositoryRoot(), "SociaalPlein.Tests", "Hsds", "spec");

    public const string OpenApi31 = "oas-3.1/schema.json";

    static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    static readonly Lazy<Dictionary<string, JsonSchema>> Schemas = new(() =>
    {
        // JSON Schema 2020-12, where unknown keywords are annotations: the HSDS schemas carry their tabular metadata
        // (name, constraints, datapackage_type, core) beside the keywords.
        var options = new BuildOptions
        {
            SchemaRegistry = new SchemaRegistry(),
            Dialect = Dialect.Draft202012.With([], allowUnknownKeywords: true),
        };
        var built = new Dictionary<string, JsonSchema>();
        // taxonomy_term.json refers to taxonomy.json: the referred one is built first.
        foreach (var name in new[] { "taxonomy.json", "taxonomy_term.json", "compiled/service.json", "compiled/service_list.json",
                     "compiled/organization.json", "compiled/organization_list.json", "compiled/service_at_location.json",
                     "compiled/service_at_location_list.json" })
            built[name] = JsonSchema.FromText(File.ReadAllText(Path.Combine(Folder, "schema", name)), options, new Uri(SchemaBase + name));
        // The Page envelope of every list, from the specification's openapi.json.
        var page = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "schema", "openapi.json")))!["components"]!["schemas"]!["Page"]!;
        built["Page"] = JsonSchema.FromText(page.ToJsonString(), options, new Uri("urn:hsds:openapi:page"));
        // The OpenAPI Initiative's schema of an OpenAPI 3.1 document, for the document the app serves.
        var oas = File.ReadAllText(Path.Combine(Folder, "oas-3.1", "schema.json"));
        built[OpenApi31] = JsonSchema.FromText(oas, options, new Uri(JsonNode.Parse(oas)!["$id"]!.GetValue<string>()));
        return built;
    });

    /// <summary>The specification's openapi.json, as its paths and parameters are compared with ours.</summary>
    public static JsonNode OpenApi() => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "schema", "openapi.json")))!;

    /// <summary>Every way the value fails the named schema (e.g. "compiled/service.json"), each with where; empty when valid.</summary>
    public static IReadOnlyList<string> Errors(string schema, JsonElement value)
    {
        var result = Schemas.Value[schema].Evaluate(value, Evaluation);
        if (result.IsValid) return [];
        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key} {e.Value}"))
            .Take(20).ToList();
        return errors.Count > 0 ? errors : ["invalid (no detail)"];
    }
}
