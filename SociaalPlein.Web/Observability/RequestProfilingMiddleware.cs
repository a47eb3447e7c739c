using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SociaalPlein.Web.Observability;

/// <summary>
/// Profiles every request: hangs a <see cref="RequestProfile"/> on the request (its activity, and the HttpContext for
/// the badge), writes the <c>Server-Timing</c> header just before the response starts (for those the profiler shows it
/// to), and hands the finished request to <see cref="RequestProfiler.Finish"/>. A request re-executed for the error page keeps the profile it has.
/// </summary>
public sealed class RequestProfilingMiddleware(RequestDelegate next, RequestProfiler profiler)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<RequestProfile>() is not null)
        {
            await next(context);
            return;
        }
        // ASP.NET Core starts the request activity because the profiler listens to its source; should it not, we do.
        using var own = Activity.Current is null ? new Activity("SociaalPlein.Request").Start() : null;
        var profile = profiler.Begin(Activity.Current!);
        context.Features.Set(profile);
        context.Response.OnStarting(() =>
        {
            if (profiler.ShowsTo(context.User)) context.Response.Headers["Server-Timing"] = ServerTiming(profile);
            return Task.CompletedTask;
        });
        var statusCode = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            statusCode = context.Response.StatusCode;
        }
        finally
        {
            profiler.Finish(profile, context.Request.Method, RouteOf(context), statusCode);
        }
    }

    /// <summary>
    /// <c>db;dur=8.3;desc="12 queries", app;dur=25.1</c>: the commands run before the response started and their
    /// time, and the request's time so far (database included). Browser devtools show both.
    /// </summary>
    public static string ServerTiming(RequestProfile profile)
    {
        var (count, sqlTime) = profile.Totals;
        return string.Create(CultureInfo.InvariantCulture,
            $"db;dur={sqlTime.TotalMilliseconds:0.0};desc=\"{count} {(count == 1 ? "query" : "queries")}\", app;dur={profile.Elapsed.TotalMilliseconds:0.0}");
    }

    /// <summary>The page (<c>/Gids/Index</c>) or endpoint pattern (<c>/health/ready</c>): never the address itself.</summary>
    public static string RouteOf(HttpContext context) => context.GetEndpoint() switch
    {
        { } page when page.Metadata.GetMetadata<PageActionDescriptor>() is { } descriptor => descriptor.ViewEnginePath,
        RouteEndpoint route => "/" + route.RoutePattern.RawText?.TrimStart('/'),
        { DisplayName: { } name } => name,
        _ => "(geen route)",
    };
}
