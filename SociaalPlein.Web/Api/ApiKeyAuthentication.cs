using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using SociaalPlein.Data.Gids;

namespace SociaalPlein.Web.Api;

/// <summary>
/// The HSDS API's sign-in: an API key in <c>X-Api-Key</c> (another sociale kaart, one plein) or else the session
/// cookie (a logged-in user, any role). A request that carries a key is judged by the key alone, so a wrong key
/// is refused even next to a valid cookie.
/// </summary>
public static class ApiKeyAuthentication
{
    public const string Header = "X-Api-Key";
    public const string KeyScheme = "ApiKey";
    /// <summary>Chooses between the key and the cookie; challenges with a 401 in JSON, never a redirect to the login page.</summary>
    public const string ApiScheme = "GidsApi";
    public const string Policy = "gids-api";
    /// <summary>The plein an API key is for; only key callers carry it.</summary>
    public const string PleinClaim = "sp:api-plein";
    /// <summary>Present (as "true") when the beheerder allowed this key the professionals' work contact details.</summary>
    public const string WorkContactsClaim = "sp:api-work-contacts";

    public static IServiceCollection AddGidsApiAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(KeyScheme, null)
            .AddPolicyScheme(ApiScheme, null, o =>
            {
                o.ForwardDefaultSelector = context =>
                    context.Request.Headers.ContainsKey(Header) ? KeyScheme : CookieAuthenticationDefaults.AuthenticationScheme;
                o.ForwardChallenge = KeyScheme;
                o.ForwardForbid = KeyScheme;
            });
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(ApiScheme)
            .RequireAuthenticatedUser());
        return services;
    }

    /// <summary>The plein a key caller is limited to; null for a logged-in user.</summary>
    public static int? ApiKeyPlein(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(PleinClaim), out var id) ? id : null;

    /// <summary>A signed-in colleague sees work contact details, as in the gids; a key only where it was allowed them.</summary>
    public static bool MaySeeWorkContacts(this ClaimsPrincipal user) =>
        user.ApiKeyPlein() is null || user.FindFirstValue(WorkContactsClaim) == "true";
}

public sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeyAuthentication.Header, out var values)) return AuthenticateResult.NoResult();
        var caller = values.Count == 1 ? await keys.AuthenticateAsync(values[0] ?? "", Context.RequestAborted) : null;
        if (caller is null) return AuthenticateResult.Fail("Unknown or revoked API key.");

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, caller.Name),
            new Claim("sp:api-key", caller.KeyId.ToString()),
            new Claim(ApiKeyAuthentication.PleinClaim, caller.PleinId.ToString()),
            .. caller.WorkContacts ? [new Claim(ApiKeyAuthentication.WorkContactsClaim, "true")] : Array.Empty<Claim>(),
        ], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = $"{ApiKeyAuthentication.KeyScheme} header=\"{ApiKeyAuthentication.Header}\"";
        return Hsds.HsdsProblem.Write(Context, StatusCodes.Status401Unauthorized, "Niet aangemeld",
            $"Log in, of stuur een geldige API-sleutel mee in de header {ApiKeyAuthentication.Header}.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Hsds.HsdsProblem.Write(Context, StatusCodes.Status403Forbidden, "Geen toegang", "Je hebt geen toegang tot deze gegevens.");
}
