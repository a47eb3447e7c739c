using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using SociaalPlein.Data.Accounts;

namespace SociaalPlein.Web.Infrastructure;

/// <summary>
/// On every request, the cookie's user must still be active with the same security stamp; otherwise the
/// session ends there (a deactivated account, or one whose role changed, cannot go on with an old cookie).
/// </summary>
public static class SessionValidation
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var valid = principal is not null
            && int.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
            && Guid.TryParse(principal.FindFirstValue(PleinClaims.SecurityStamp), out var stamp)
            && await context.HttpContext.RequestServices.GetRequiredService<AppUsers>()
                .SessionIsValidAsync(userId, stamp, context.HttpContext.RequestAborted);
        if (valid) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    public static ClaimsPrincipal PrincipalFor(SignedInUser user)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(ClaimTypes.Name, user.DisplayName),
            new(ClaimTypes.Email, user.Email),
            new(ClaimTypes.Role, user.Role),
            new(PleinClaims.SecurityStamp, user.SecurityStamp.ToString()),
        };
        claims.AddRange(user.PleinIds.Select(id => new Claim(PleinClaims.Plein, id.ToString())));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }
}
