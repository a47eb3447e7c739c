using System.Globalization;
using SociaalPlein.Data.Gids;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Web.Api;

/// <summary>
/// <c>GET /api/gids/organisaties</c> and <c>GET /api/gids/professionals</c>: the directory as Open Referral HSDS 3.0
/// JSON (organizations and services), paginated as HSDS's API does (<c>page</c>, <c>per_page</c>), optionally for one
/// <c>plein</c>. For a logged-in user (any role) or another sociale kaart with an API key, which sees its own plein only.
/// </summary>
public static class GidsApi
{
    public static IServiceCollection AddGidsApi(this IServiceCollection services)
    {
        services.AddSingleton<HsdsDirectory>();
        services.AddSingleton<ApiKeys>();
        return services.AddGidsApiAuthentication();
    }

    public static IEndpointRouteBuilder MapGidsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/gids").RequireAuthorization(ApiKeyAuthentication.Policy);
        api.MapGet("/organisaties", (HttpContext http, HsdsDirectory directory, TimeProvider clock, CancellationToken ct) =>
            ServeAsync(http, directory, clock, directory.OrganizationsAsync, ct));
        api.MapGet("/professionals", (HttpContext http, HsdsDirectory directory, TimeProvider clock, CancellationToken ct) =>
            ServeAsync(http, directory, clock, directory.ServicesAsync, ct));
        return app;
    }

    static async Task<IResult> ServeAsync<T>(HttpContext http, HsdsDirectory directory, TimeProvider clock,
        Func<HsdsQuery, CancellationToken, Task<HsdsPage<T>>> read, CancellationToken ct)
    {
        var (query, problem) = await ReadQueryAsync(http, directory, clock, ct);
        if (problem is not null) return problem;
        // Professionals' work phone and e-mail are in here: no shared cache may keep a copy.
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(await read(query!, ct), Hsds.Json);
    }

    static async Task<(HsdsQuery? Query, IResult? Problem)> ReadQueryAsync(HttpContext http, HsdsDirectory directory,
        TimeProvider clock, CancellationToken ct)
    {
        var q = http.Request.Query;
        if (!TryReadNumber(q, "page", 1, HsdsDirectory.MaxPage, out var page))
            return (null, BadParameter("page", $"De parameter page moet een geheel getal zijn van 1 tot en met {HsdsDirectory.MaxPage}."));
        if (!TryReadNumber(q, "per_page", 1, HsdsDirectory.MaxPerPage, out var perPage, HsdsDirectory.DefaultPerPage))
            return (null, BadParameter("per_page", $"De parameter per_page moet een geheel getal zijn van 1 tot en met {HsdsDirectory.MaxPerPage}."));
        if (!TryReadNumber(q, "plein", 1, int.MaxValue, out var plein, fallback: 0))
            return (null, BadParameter("plein", "De parameter plein moet het nummer van een plein zijn."));
        int? pleinId = plein == 0 ? null : plein;
        if (pleinId is { } asked && !await directory.PleinExistsAsync(asked, ct))
            return (null, BadParameter("plein", $"Er is geen actief plein met nummer {asked}."));

        if (http.User.ApiKeyPlein() is { } keyPlein)
        {
            if (pleinId is not null && pleinId != keyPlein)
                return (null, GidsApiProblem.Result(StatusCodes.Status403Forbidden, "Geen toegang",
                    $"Deze API-sleutel geeft alleen toegang tot de gids van plein {keyPlein}."));
            pleinId = keyPlein;
        }
        return (new HsdsQuery(page, perPage, pleinId, PleinTime.Today(clock)), null);
    }

    /// <summary>Absent means the fallback; present must be one whole number within the bounds (so "1e3", "-1", "2&amp;page=3" are refused).</summary>
    static bool TryReadNumber(IQueryCollection query, string name, int min, int max, out int value, int? fallback = null)
    {
        value = fallback ?? min;
        if (!query.TryGetValue(name, out var values)) return true;
        return values.Count == 1
            && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out value)
            && value >= min && value <= max;
    }

    static IResult BadParameter(string parameter, string detail) =>
        GidsApiProblem.Result(StatusCodes.Status400BadRequest, "Ongeldige parameter", detail, parameter);
}

/// <summary>RFC 9457 problem details, in Dutch, for everything the gids API refuses.</summary>
public static class GidsApiProblem
{
    public static IResult Result(int status, string title, string detail, string? parameter = null) =>
        Results.Problem(detail, statusCode: status, title: title,
            extensions: parameter is null ? null : new Dictionary<string, object?> { ["parameter"] = parameter });

    public static Task Write(HttpContext context, int status, string title, string detail) =>
        Result(status, title, detail).ExecuteAsync(context);
}
