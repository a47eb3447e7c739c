using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using SociaalPlein.Data.Accounts;

namespace SociaalPlein.Web.Infrastructure;

/// <summary>
/// The half-signed-in state between the password and the second step: a separate short-lived cookie of its own
/// scheme. Only two pages accept it (by their policies below): the code page, and for staff who still have to set up
/// two-factor, the enrolment page. Every other page authenticates the session cookie only, so this grants nothing.
/// </summary>
public static class PendingSignIn
{
    public const string Scheme = "TweedeStap";
    public const string CodePolicy = "tweede-stap-code";
    public const string EnrolmentPolicy = "tweede-stap-instellen";

    /// <summary>What the password step leads to: typing a code, or (staff without two-factor) setting it up first.</summary>
    public const string Code = "code";
    public const string Enrolment = "instellen";

    const string StepClaim = "sp:stap";

    /// <summary>Long enough to find the phone, short enough that a forgotten half-login does not linger.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public static AuthenticationBuilder AddPendingSignIn(this AuthenticationBuilder auth, bool development) =>
        auth.AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "sociaalplein.stap2";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.LoginPath = "/account/inloggen";
            o.AccessDeniedPath = "/account/geweigerd";
            o.ExpireTimeSpan = Lifetime;
            o.SlidingExpiration = false;
        });

    public static AuthorizationBuilder AddPendingSignInPolicies(this AuthorizationBuilder policies) => policies
        .AddPolicy(CodePolicy, p => p.AddAuthenticationSchemes(Scheme).RequireAssertion(c => Pending(c.User, Code) is not null))
        // Signed in, or half signed in with enrolment still to do.
        .AddPolicy(EnrolmentPolicy, p => p.AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme, Scheme)
            .RequireAssertion(c => SignedIn(c.User) is not null || Pending(c.User, Enrolment) is not null));

    public static Task StartAsync(HttpContext http, SignedInUser user, string step) =>
        http.SignInAsync(Scheme, new ClaimsPrincipal(new ClaimsIdentity(
            SessionValidation.UserClaims(user).Append(new Claim(StepClaim, step)), Scheme)));

    /// <summary>The half-signed-in user waiting for the given step, from the pending cookie.</summary>
    public static SignedInUser? Pending(ClaimsPrincipal principal, string step) =>
        principal.Identities.FirstOrDefault(i => i is { IsAuthenticated: true, AuthenticationType: Scheme } && i.HasClaim(StepClaim, step))
            is { } identity ? UserOf(identity) : null;

    /// <summary>The fully signed-in user, from the session cookie.</summary>
    public static SignedInUser? SignedIn(ClaimsPrincipal principal) =>
        principal.Identities.FirstOrDefault(i => i is { IsAuthenticated: true, AuthenticationType: CookieAuthenticationDefaults.AuthenticationScheme })
            is { } identity ? UserOf(identity) : null;

    static SignedInUser UserOf(ClaimsIdentity identity) => new(
        int.Parse(identity.FindFirst(ClaimTypes.NameIdentifier)!.Value),
        identity.FindFirst(ClaimTypes.Email)?.Value ?? "",
        identity.FindFirst(ClaimTypes.Name)?.Value ?? "",
        identity.FindFirst(ClaimTypes.Role)?.Value ?? Roles.Professional,
        Guid.Parse(identity.FindFirst(PleinClaims.SecurityStamp)!.Value),
        identity.FindAll(PleinClaims.Plein).Select(c => int.Parse(c.Value)).ToArray());
}

/// <summary>
/// Whether staff (projectleider, beheerder) must use two-factor. Only Development may switch it off
/// (<c>Security:RequireTwoFactorForStaff</c> = false, for the demo logins); anywhere else that setting stops the app
/// at start-up, so a copied development configuration cannot quietly weaken production.
/// </summary>
public sealed record TwoFactorRules(bool RequiredForStaff)
{
    public const string Setting = "Security:RequireTwoFactorForStaff";

    public static TwoFactorRules From(IConfiguration configuration, IHostEnvironment environment)
    {
        var required = configuration.GetValue(Setting, defaultValue: true);
        if (!required && !environment.IsDevelopment())
            throw new InvalidOperationException(
                $"{Setting} = false is only allowed in Development; two-factor stays required for projectleiders and beheerders.");
        return new(required);
    }

    public bool RequiredFor(string role) => RequiredForStaff && role is Roles.Projectleider or Roles.Beheerder;
}
