using System.Security.Claims;

namespace SociaalPlein.Web.Infrastructure;

/// <summary>The roles of design.md §2; each is also the name of the policy that admits it and every role above it.</summary>
public static class Roles
{
    public const string Professional = "professional";
    public const string Projectleider = "projectleider";
    public const string Beheerder = "beheerder";

    public static string DisplayName(string role) => role switch
    {
        Beheerder => "Beheerder",
        Projectleider => "Projectleider",
        _ => "Professional",
    };
}

/// <summary>The claims our cookie carries, and how to read them back.</summary>
public static class PleinClaims
{
    public const string SecurityStamp = "sp:stamp";
    public const string Session = "sp:session";
    public const string Plein = "sp:plein";

    public static int UserId(this ClaimsPrincipal user) =>
        int.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not signed in."));

    public static IReadOnlyList<int> PleinIds(this ClaimsPrincipal user) =>
        user.FindAll(Plein).Select(c => int.Parse(c.Value)).ToList();

    public static bool IsAtLeast(this ClaimsPrincipal user, string role) => role switch
    {
        Roles.Beheerder => user.IsInRole(Roles.Beheerder),
        Roles.Projectleider => user.IsInRole(Roles.Projectleider) || user.IsInRole(Roles.Beheerder),
        _ => user.Identity?.IsAuthenticated == true,
    };
}
