using Microsoft.AspNetCore.Diagnostics;

namespace SociaalPlein.Web.Infrastructure;

/// <summary>
/// The error page is a Razor page run by re-executing the request, and that run signs the cookie in again, which asks
/// the database. When the database is what failed, the error page fails too, and ASP.NET Core would answer an empty 500.
/// Right behind the exception handler, this catches that second failure and answers the same Dutch words as plain HTML:
/// still nothing of the failure itself.
/// </summary>
public sealed class ErrorPageFallback(RequestDelegate next, ILogger<ErrorPageFallback> log)
{
    const string Page = """
        <!DOCTYPE html>
        <html lang="nl">
        <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Er ging iets mis · Sociaal Plein</title><link rel="stylesheet" href="/css/site.css" /></head>
        <body><main id="inhoud"><h1>Er ging iets mis</h1>
        <p>Er ging aan onze kant iets mis. Probeer het over een paar minuten opnieuw; blijft het misgaan, neem dan contact op met de beheerder.</p>
        <p><a href="/">Naar de startpagina</a></p></main></body>
        </html>
        """;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IExceptionHandlerFeature>() is null)
        {
            await next(context);
            return;
        }
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            log.LogError(e, "The error page failed as well; the plain one is shown");
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(Page, context.RequestAborted);
        }
    }
}
