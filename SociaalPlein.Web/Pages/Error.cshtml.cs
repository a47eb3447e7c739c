using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages;

/// <summary>Every error and status page: plain Dutch, never a stack trace or a query.</summary>
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }

    // Re-executed for a status code (?code=404), or by the exception handler, which has already set the status
    // (400 for a request Kestrel could not read, 500 for a failure of ours).
    public void OnGet(int? code)
    {
        Code = code ?? (Response.StatusCode >= 400 ? Response.StatusCode : 500);
        // A refusal by the rate limiter says how long to wait, in the header and in words.
        if (Code == StatusCodes.Status429TooManyRequests && HttpContext.Items[RateLimits.RetryAfterItem] is int seconds)
        {
            Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            RetryAfterMinutes = (seconds + 59) / 60;
        }
    }

    /// <summary>For a 429: the wait, rounded up to whole minutes.</summary>
    public int? RetryAfterMinutes { get; private set; }

    public void OnPost(int? code) => OnGet(code);
}
