using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace SociaalPlein.Web.Infrastructure;

/// <summary>
/// How big a request body may be: <see cref="FormBytes"/> for every form of ours (the longest, a newsletter note or a
/// zorgvraag, is a few kilobytes), more only where an endpoint says so with <c>[RequestSizeLimit]</c> (the CSV import).
/// A body announced as larger is answered 413 with the Dutch error page before anything reads it; a body that turns out
/// larger while it is read (no Content-Length) makes Kestrel stop it, which the exception handler also answers 413.
/// </summary>
public sealed class RequestSizeLimits(RequestDelegate next)
{
    public const long FormBytes = 64 * 1024;

    /// <summary>The largest body any endpoint accepts: the CSV import's (a 2 MB file and a margin). Kestrel's ceiling; lowered per request.</summary>
    public const long LargestBytes = 3 * 1024 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        // The error page re-executed for a refused body: that body was set aside below.
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null) return next(context);

        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? FormBytes;
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            // Nobody reads what we refused, not even the error page run in its place.
            context.Request.Body = Stream.Null;
            context.Request.ContentLength = 0;
            return Task.CompletedTask;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
        return next(context);
    }
}
