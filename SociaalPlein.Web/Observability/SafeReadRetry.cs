using Npgsql;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Web.Observability;

/// <summary>
/// A GET or HEAD that failed because its pooled database connection turned out broken (PostgreSQL restarted since
/// the connection was made) is run once more, after clearing the pool, so the first visitor after a database restart
/// gets the page rather than an error. Only safe methods, only before the response started, only once: a POST is
/// never repeated (its write may have been committed). See <see cref="ConnectionRecovery"/>.
/// </summary>
public sealed class SafeReadRetry(RequestDelegate next, ILogger<SafeReadRetry> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }
        try
        {
            await next(context);
        }
        catch (Exception e) when (ConnectionRecovery.IsBrokenConnection(e) && !context.Response.HasStarted)
        {
            log.LogWarning(e, "A database connection was broken (PostgreSQL restarted?); the pool is cleared and {Route} runs once more",
                RequestProfilingMiddleware.RouteOf(context));
            context.RequestServices.GetRequiredService<NpgsqlDataSource>().Clear();
            // As the exception handler does before it re-executes: the next run routes and answers afresh.
            context.Response.Clear();
            context.SetEndpoint(null);
            context.Request.RouteValues.Clear();
            await next(context);
        }
    }
}
