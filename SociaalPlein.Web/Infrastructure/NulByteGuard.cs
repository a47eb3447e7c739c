using Microsoft.AspNetCore.Diagnostics;

namespace SociaalPlein.Web.Infrastructure;

/// <summary>
/// PostgreSQL cannot store a NUL character in text, so a query string or form value carrying one would fail
/// deep in a query as a 500. No form or address of ours has a legitimate use for it: refuse such a request at
/// the door with a 400 (the Dutch error page), for every page at once; so is a form that cannot be read at all.
/// </summary>
public sealed class NulByteGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // The error page re-executed for this request: the request was judged on the first pass.
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null)
        {
            await next(context);
            return;
        }
        bool refused;
        try
        {
            refused = HasNul(context.Request.Query.SelectMany(q => q.Value)) ||
                (context.Request.HasFormContentType && !context.Request.ContentType!.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase)
                 && HasNul((await context.Request.ReadFormAsync(context.RequestAborted)).SelectMany(f => f.Value)));
        }
        catch (InvalidDataException)
        {
            // A form nobody can read: more fields than FormOptions allows, a key or value too long.
            refused = true;
        }
        if (refused)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        await next(context);
    }

    static bool HasNul(IEnumerable<string?> values) => values.Any(v => v is not null && v.Contains('\0'));
}
