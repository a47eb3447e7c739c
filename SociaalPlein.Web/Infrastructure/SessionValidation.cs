using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using SociaalPlein.Data.Accounts;

namespace SociaalPlein.Web.Infrastructure;

/// <summary>
/// The signed-in state: a cookie that names a server-side session (user_session, db/0018). On every request the
/// session must still be open and under 12 hours old, and its user active with the same security stamp; otherwise the
/// cookie is refused there (logged out elsewhere, deactivated, role changed, or simply too old).
/// </summary>
public static class SessionValidation
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var valid = principal is not null
            && int.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
            && Guid.TryParse(principal.FindFirstValue(PleinClaims.SecurityStamp), out var stamp)
            && Guid.TryParse(principal.FindFirstValue(PleinClaims.Session), out var sessionId)
            && await context.HttpContext.RequestServices.GetRequiredService<UserSessions>()
                .IsValidAsync(sessionId, userId, stamp, context.HttpContext.RequestAborted);
        if (valid) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>Every login step passed: opens the server-side session and issues the cookie that names it.</summary>
    public static async Task SignInAsync(HttpContext http, SignedInUser user)
    {
        var sessionId = await http.RequestServices.GetRequiredService<UserSessions>()
            .StartAsync(user.Id, http.Connection.RemoteIpAddress, http.RequestAborted);
        await http.SignOutAsync(PendingSignIn.Scheme);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, PrincipalFor(user, sessionId));
    }

    /// <summary>Logout: the session row is closed (and audited), so a copy of the cookie stops working as well.</summary>
    public static async Task SignOutAsync(HttpContext http)
    {
        var user = http.User;
        if (int.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
            && Guid.TryParse(user.FindFirstValue(PleinClaims.Session), out var sessionId))
            await http.RequestServices.GetRequiredService<UserSessions>()
                .EndAsync(sessionId, userId, http.Connection.RemoteIpAddress, http.RequestAborted);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignOutAsync(PendingSignIn.Scheme);
    }

    public static ClaimsPrincipal PrincipalFor(SignedInUser user, Guid sessionId) =>
        new(new ClaimsIdentity(UserClaims(user).Append(new Claim(PleinClaims.Session, sessionId.ToString())),
            CookieAuthenticationDefaults.AuthenticationScheme));

    /// <summary>Who the user is, as both the session cookie and the half-signed-in cookie carry it.</summary>
    internal static IEnumerable<Claim> UserClaims(SignedInUser user) =>
    [
        new(ClaimTypes.NameIdentifier, user.Id.ToString()),
        new(ClaimTypes.Name, user.DisplayName),
        new(ClaimTypes.Email, user.Email),
        new(ClaimTypes.Role, user.Role),
        new(PleinClaims.SecurityStamp, user.SecurityStamp.ToString()),
        .. user.PleinIds.Select(id => new Claim(PleinClaims.Plein, id.ToString())),
    ];
}
