using Npgsql;
using System.Text.Json;
using SociaalPlein.Data.Gids;
using SociaalPlein.Data.Hsds;
using HsdsSpec = SociaalPlein.Data.Hsds.Hsds;
using SociaalPlein.Data.Infrastructure;
using P = SociaalPlein.Web.Api.Hsds.HsdsParameters;

namespace SociaalPlein.Web.Api.Hsds;

/// <summary>
/// <c>/api/hsds</c>: the directory as an Open Referral HSDS 3.0 API, every path of its openapi.json (docs/hsds.md). For a
/// signed-in user (any role, every plein) or another sociale kaart with an API key (its own plein only; work contact
/// details only where the beheerder allowed them for that key).
/// </summary>
public static class HsdsApi
{
    public const string Root = "/api/hsds";

    public static IServiceCollection AddHsdsApi(this IServiceCollection services)
    {
        // The directory's reads may lag a moment (a standby when lagging reads are on); the key check (ApiKeys) stays
        // on the primary, so that a revoked key stops at once even while a standby is behind.
        services.AddSingleton(sp => new HsdsDirectory(sp.GetRequiredKeyedService<NpgsqlDataSource>(LaggingReads.Key)));
        services.AddSingleton<ApiKeys>();
        return services.AddGidsApiAuthentication();
    }

    public static IEndpointRouteBuilder MapHsdsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Root).RequireAuthorization(ApiKeyAuthentication.Policy);
        api.MapGet("/", (HttpContext http, CancellationToken ct) => Answer(http, "/", _ => Task.FromResult(Json(new HsdsMeta(HsdsSpec.Version,
            "https://github.com/openreferral/specification/tree/3.0", $"{Base(http)}/openapi.json")))));
        api.MapGet("/openapi.json", (HttpContext http, CancellationToken ct) => Answer(http, "/openapi.json",
            _ => Task.FromResult(Results.Text(HsdsOpenApi.Document(Base(http)), "application/json"))));

        api.MapGet("/services", (HttpContext http, HsdsDirectory d, TimeProvider clock, CancellationToken ct) =>
            Answer(http, "/services", q =>
            {
                var filter = ServiceFilter(q);
                if (q.Flag(P.Minimal))
                {
                    var perPage = q.Number(P.PerPage, 1, HsdsDirectory.MaxMinimalPerPage, HsdsDirectory.MaxMinimalPerPage);
                    return List(http, q, perPage, (page, size) => d.ServicesAsync(filter, Scope(http, clock), HsdsDepth.List, page, size, ct),
                        s => new HsdsMinimalService(s.Id, s.Name, s.Status, s.LastModified), ct);
                }
                var depth = q.Flag(P.Full) ? HsdsDepth.Full : HsdsDepth.List;
                return List(http, q, PerPage(q), (page, size) => d.ServicesAsync(filter, Scope(http, clock), depth, page, size, ct), s => s, ct);
            }));
        api.MapGet("/services/{id}", (HttpContext http, string id, HsdsDirectory d, TimeProvider clock, CancellationToken ct) =>
            Answer(http, "/services/{id}", async _ =>
                Guid.TryParse(id, out var uuid) && await d.ServiceAsync(uuid, Scope(http, clock), ct) is { } s ? Json(s) : NotFound("dienst", id)));

        api.MapGet("/organizations", (HttpContext http, HsdsDirectory d, TimeProvider clock, CancellationToken ct) =>
            Answer(http, "/organizations", q =>
            {
                var (search, depth, fullService) = (q.Text(P.Search), q.Flag(P.Full) ? HsdsDepth.Full : HsdsDepth.List, q.Flag(P.FullService));
                return List(http, q, PerPage(q), (page, size) => d.OrganizationsAsync(search, Scope(http, clock), depth, fullService, page, size, ct),
                    o => o, ct);
            }));
        api.MapGet("/organizations/{id}", (HttpContext http, string id, HsdsDirectory d, TimeProvider clock, CancellationToken ct) =>
            Answer(http, "/organizations/{id}", async q =>
            {
                var fullService = q.Flag(P.FullService);
                return Guid.TryParse(id, out var uuid) && await d.OrganizationAsync(uuid, Scope(http, clock), fullService, ct) is { } o
                    ? Json(o) : NotFound("organisatie", id);
            }));

        api.MapGet("/service_at_locations", (HttpContext http, HsdsDirectory d, TimeProvider clock, CancellationToken ct) =>
            Answer(http, "/service_at_locations", q =>
            {
                var filter = ServiceFilter(q);
                q.Postcode();
                var depth = q.Flag(P.Full) ? HsdsDepth.Full : HsdsDepth.List;
                return List(http, q, PerPage(q), (page, size) => d.ServiceAtLocationsAsync(filter, Scope(http, clock), depth, page, size, ct),
                    s => s, ct);
            }));
        api.MapGet("/service_at_locations/{id}", (HttpContext http, string id, HsdsDirectory d, TimeProvider clock, CancellationToken ct) =>
            Answer(http, "/service_at_locations/{id}", async _ =>
                Guid.TryParse(id, out var uuid) && await d.ServiceAtLocationAsync(uuid, Scope(http, clock), ct) is { } s
                    ? Json(s) : NotFound("dienst op locatie", id)));

        api.MapGet("/taxonomies", (HttpContext http, CancellationToken ct) => Answer(http, "/taxonomies", q =>
        {
            var search = q.Text(P.Search);
            var found = HsdsTaxonomies.All.Where(t => HsdsTaxonomies.Matches(search, t.Name, t.Description)).ToList();
            return List(http, q, PerPage(q), (page, size) => Task.FromResult(Slice(found, page, size)), t => t, ct);
        }));
        api.MapGet("/taxonomies/{id}", (HttpContext http, string id, CancellationToken ct) => Answer(http, "/taxonomies/{id}", _ =>
            Task.FromResult(HsdsTaxonomies.All.FirstOrDefault(t => Guid.TryParse(id, out var uuid) && t.Id == uuid.ToString()) is { } t
                ? Json(t) : NotFound("taxonomie", id))));

        api.MapGet("/taxonomy_terms", (HttpContext http, HsdsDirectory d, CancellationToken ct) => Answer(http, "/taxonomy_terms", async q =>
        {
            var (search, taxonomy, topOnly, parent) = (q.Text(P.Search), q.Uuid(P.TaxonomyId), q.Flag(P.TopOnly), q.Uuid(P.ParentId));
            _ = topOnly; // Every term of ours is a top term: top_only=true keeps them all.
            var found = (await d.TermsAsync(ct)).All
                .Where(t => taxonomy is null || t.TaxonomyId == taxonomy)
                .Where(_ => parent is null)
                .Where(t => HsdsTaxonomies.Matches(search, t.Name, t.Code, t.Description)).ToList();
            return await List(http, q, PerPage(q), (page, size) => Task.FromResult(Slice(found, page, size)), t => t, ct);
        }));
        api.MapGet("/taxonomy_terms/{id}", (HttpContext http, string id, HsdsDirectory d, CancellationToken ct) =>
            Answer(http, "/taxonomy_terms/{id}", async _ =>
                Guid.TryParse(id, out var uuid) && (await d.TermsAsync(ct)).ById(uuid.ToString()) is { } t ? Json(t.Term) : NotFound("term", id)));

        return app;
    }

    /// <summary>Reads the query string for the path, runs the handler, and turns a bad parameter into a 400.</summary>
    static async Task<IResult> Answer(HttpContext http, string path, Func<P.Reader, Task<IResult>> handle)
    {
        // Professionals' work phone and e-mail may be in here: no shared cache may keep a copy.
        http.Response.Headers.CacheControl = "no-store";
        try
        {
            return await handle(new P.Reader(http.Request.Query, path));
        }
        catch (P.BadParameter bad)
        {
            return HsdsProblem.Result(StatusCodes.Status400BadRequest, "Ongeldige parameter", bad.Message, bad.Name);
        }
    }

    static HsdsFilter ServiceFilter(P.Reader q) => new(q.Text(P.Search), q.Uuid(P.TaxonomyTermId), q.Uuid(P.TaxonomyId),
        q.Uuid(P.OrganizationId) is { } organisation ? Guid.Parse(organisation) : null, q.Moment(P.ModifiedAfter));

    static int PerPage(P.Reader q) => q.Number(P.PerPage, 1, HsdsDirectory.MaxPerPage, HsdsDirectory.DefaultPerPage);

    static HsdsScope Scope(HttpContext http, TimeProvider clock) =>
        new(http.User.ApiKeyPlein(), http.User.MaySeeWorkContacts(), PleinTime.Today(clock));

    /// <summary>One page in HSDS's Page envelope, or with format=ndjson every item, a line each, read page by page.</summary>
    static async Task<IResult> List<T, TOut>(HttpContext http, P.Reader q, int perPage, Func<int, int, Task<HsdsPage<T>>> read,
        Func<T, TOut> shape, CancellationToken ct)
    {
        var ndjson = q.NdJson();
        if (!ndjson)
        {
            var page = await read(q.Number(P.Page, 1, HsdsDirectory.MaxPage, 1), perPage);
            return Json(new HsdsPage<TOut>(page.TotalItems, page.TotalPages, page.PageNumber, page.Size, page.FirstPage, page.LastPage,
                page.Empty, page.Contents.Select(shape).ToList()));
        }
        q.Number(P.Page, 1, HsdsDirectory.MaxPage, 1);
        http.Response.ContentType = "application/x-ndjson; charset=utf-8";
        for (var number = 1; ; number++)
        {
            var page = await read(number, Math.Max(perPage, HsdsDirectory.MaxPerPage));
            foreach (var item in page.Contents)
            {
                await http.Response.WriteAsync(JsonSerializer.Serialize(shape(item), HsdsSpec.Json) + "\n", ct);
            }
            if (page.LastPage || page.Empty) return Results.Empty;
        }
    }

    static HsdsPage<T> Slice<T>(IReadOnlyList<T> all, int page, int perPage) =>
        HsdsPage<T>.Of(all.Count, page, perPage, all.Skip((page - 1) * perPage).Take(perPage).ToList());

    static IResult Json<T>(T value) => Results.Json(value, HsdsSpec.Json);

    static IResult NotFound(string what, string id) =>
        HsdsProblem.Result(StatusCodes.Status404NotFound, "Niet gevonden", $"Er is geen {what} met id {id} (of niet voor deze sleutel).");

    static string Base(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{Root}";
}

/// <summary>RFC 9457 problem details, in Dutch, for everything the API refuses.</summary>
public static class HsdsProblem
{
    public static IResult Result(int status, string title, string detail, string? parameter = null) =>
        Results.Problem(detail, statusCode: status, title: title,
            extensions: parameter is null ? null : new Dictionary<string, object?> { ["parameter"] = parameter });

    public static Task Write(HttpContext context, int status, string title, string detail) =>
        Result(status, title, detail).ExecuteAsync(context);
}
