using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SociaalPlein.Web.Observability;

namespace SociaalPlein.Tests.Benchmarks;

/// <summary>
/// The app shows its <c>Server-Timing</c> header only to a beheerder: the number of SQL commands would tell apart what
/// it takes care to answer alike for anyone else (docs/security.md). The page sweep times every page as every role, so
/// in a benchmark's app, and only there, each response that lacks the header gets the same one, written by the app's
/// own <see cref="RequestProfilingMiddleware.ServerTiming"/> from the request's own <see cref="RequestProfile"/>, at the
/// same moment (just before the response starts). Nothing of the app is replaced; production is untouched.
/// </summary>
public sealed class ServerTimingForEveryRole : IStartupFilter
{
    public const string Header = "Server-Timing";

    public static void AddTo(IServiceCollection services) => services.AddSingleton<IStartupFilter, ServerTimingForEveryRole>();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        // Outermost, so its OnStarting callback is registered first and therefore runs last (they run in reverse
        // order): after the profiler's own callback has written the header for a beheerder.
        app.Use(async (context, inner) =>
        {
            context.Response.OnStarting(() =>
            {
                if (!context.Response.Headers.ContainsKey(Header) && context.Features.Get<RequestProfile>() is { } profile)
                    context.Response.Headers[Header] = RequestProfilingMiddleware.ServerTiming(profile);
                return Task.CompletedTask;
            });
            await inner(context);
        });
        next(app);
    };
}
