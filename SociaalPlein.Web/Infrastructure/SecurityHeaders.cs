using Microsoft.AspNetCore.Authorization;
using SociaalPlein.Web.Jobs;

namespace SociaalPlein.Web.Infrastructure;

/// <summary>
/// The headers every response carries (OWASP Secure Headers): a Content-Security-Policy that allows only our own
/// scripts and styles (no inline script or style, no plugins, no framing, forms only to ourselves), nosniff, no referrer
/// outside our own pages, no camera, microphone or location, and a window of our own (Cross-Origin-Opener-Policy).
/// <para>
/// And <c>Cache-Control: no-store</c> on everything an endpoint answers to a signed-in account or on a page that needs a
/// login: such pages may show personal data, and neither the browser's back-forward cache on a shared desk computer nor a
/// proxy may keep a copy. Static files are served before routing (no endpoint) and stay cacheable; public pages for an
/// anonymous visitor too.
/// </para>
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'self'; " +
        "form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The Hangfire dashboard writes <c>style="…"</c> attributes in its pages (its scripts are files of its own), so its
    /// path allows inline styles, and the data: images of its stylesheet. Scripts stay 'self' only.
    /// </summary>
    public const string JobDashboardPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; " +
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

    public Task InvokeAsync(HttpContext context)
    {
        // Decided now: the dashboard moves its path into PathBase while it answers.
        var policy = context.Request.Path.StartsWithSegments(BackgroundJobs.DashboardPath) ? JobDashboardPolicy : ContentSecurityPolicy;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = policy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = PermissionsPolicy;
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (MayShowPersonalData(context)) headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        return next(context);
    }

    static bool MayShowPersonalData(HttpContext context) =>
        context.GetEndpoint() is { } endpoint
        && (context.User.Identity?.IsAuthenticated == true || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null);
}
