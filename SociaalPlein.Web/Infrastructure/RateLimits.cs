using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Caching.Memory;
using SociaalPlein.Data.Audit;
using SociaalPlein.Web.Api;

namespace SociaalPlein.Web.Infrastructure;

/// <summary>How many requests a client may make, by <c>SociaalPlein:RateLimits</c>; the defaults suit one plein's office behind one address.</summary>
public sealed record RateLimitSettings
{
    /// <summary>POSTs under /account (login, password reset, codes) from one client address per minute.</summary>
    public int AccountPostsPerAddressPerMinute { get; init; } = 30;
    /// <summary>POSTs under /account naming one e-mail address per 15 minutes (whatever address they come from).</summary>
    public int AccountPostsPerEmailPer15Minutes { get; init; } = 10;
    /// <summary>Requests to /api per API key (or, without a key, per client address) per minute.</summary>
    public int ApiRequestsPerKeyPerMinute { get; init; } = 300;
}

/// <summary>
/// ASP.NET Core's rate limiter against guessing and flooding: every POST under <c>/account</c> (the folder, so
/// the login and every password-reset or code page added later) is limited per client address and per submitted e-mail
/// address (lower-cased and trimmed, so "A@x.nl " and "a@x.nl" share one budget); the API per key. A refused request
/// gets 429 with <c>Retry-After</c>: the Dutch error page, or problem details in JSON on the API.
/// <para>
/// The account lockout (5 failures, 15 minutes) protects one account's password; this limit slows down trying many
/// accounts from one address, and flooding one address with reset mails.
/// </para>
/// </summary>
public static class RateLimits
{
    public const string Section = "SociaalPlein:RateLimits";
    const string AccountFolder = "/account";
    const string ApiFolder = "/api";
    /// <summary>Where the refusal leaves its wait in seconds, for the error page that the status code re-executes.</summary>
    public const string RetryAfterItem = "sp:retry-after";

    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration config)
    {
        var limits = config.GetSection(Section).Get<RateLimitSettings>() ?? new RateLimitSettings();
        var byAddress = new Limit("address", TimeSpan.FromMinutes(1), PartitionedRateLimiter.Create<HttpContext, string>(http =>
            IsAccountPost(http) && Address(http) is { } address
                ? Window($"account-ip:{address}", limits.AccountPostsPerAddressPerMinute, TimeSpan.FromMinutes(1))
                : RateLimitPartition.GetNoLimiter("")));
        var byEmail = new Limit("email", TimeSpan.FromMinutes(15), PartitionedRateLimiter.Create<HttpContext, string>(http =>
            IsAccountPost(http) && SubmittedEmail(http) is { } email
                ? Window($"account-email:{Digest(email)}", limits.AccountPostsPerEmailPer15Minutes, TimeSpan.FromMinutes(15))
                : RateLimitPartition.GetNoLimiter("")));
        var byCaller = new Limit("api", TimeSpan.FromMinutes(1), PartitionedRateLimiter.Create<HttpContext, string>(http =>
            IsApi(http) && ApiCaller(http) is { } caller
                ? Window($"api:{caller}", limits.ApiRequestsPerKeyPerMinute, TimeSpan.FromMinutes(1))
                : RateLimitPartition.GetNoLimiter("")));
        Limit[] all = [byAddress, byEmail, byCaller];
        services.AddMemoryCache();
        return services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(byAddress.Limiter, byEmail.Limiter, byCaller.Limiter);
            o.OnRejected = async (rejected, ct) =>
            {
                var http = rejected.HttpContext;
                // A sliding window's lease carries no wait of its own, and the first free permit may be a whole window
                // away: the wait said is that of the window that refused (asked with zero permits, which takes none).
                var refusedBy = all.FirstOrDefault(l => !l.Limiter.AttemptAcquire(http, 0).IsAcquired) ?? byAddress;
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
                    : (int)refusedBy.Window.TotalSeconds;
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                http.Items[RetryAfterItem] = seconds;
                if (IsApi(http))
                    await SociaalPlein.Web.Api.Hsds.HsdsProblem.Write(http, StatusCodes.Status429TooManyRequests, "Te veel verzoeken",
                        $"Te veel verzoeken in korte tijd. Probeer het over {seconds} seconden opnieuw.");
                else
                    await AuditRefusalAsync(http, refusedBy, ct);
                // Elsewhere the empty 429 is re-executed as the Dutch error page.
            };
        });
    }

    /// <summary>One of the chained limits: what it is called in the audit log and how long its window is.</summary>
    sealed record Limit(string Name, TimeSpan Window, PartitionedRateLimiter<HttpContext> Limiter);

    /// <summary>
    /// A refused login or reset is a trace worth keeping (someone is guessing), but a flood must not flood the audit log:
    /// one <c>account.rate_limited</c> entry per limit and partition (the address, or the e-mail address as typed) and
    /// window, remembered in this instance's memory (so with several instances, at most one per instance).
    /// </summary>
    static async Task AuditRefusalAsync(HttpContext http, Limit limit, CancellationToken ct)
    {
        var email = SubmittedEmail(http);
        var partition = limit.Name == "email" ? email : Address(http);
        var cache = http.RequestServices.GetRequiredService<IMemoryCache>();
        var key = $"rate-limited:{limit.Name}:{Digest(partition ?? "")}";
        if (cache.TryGetValue(key, out _)) return;
        cache.Set(key, true, limit.Window);
        await http.RequestServices.GetRequiredService<AuditLog>().WriteAsync(new AuditEntry("account.rate_limited", Allowed: false,
            UserEmail: email, ClientAddress: http.Connection.RemoteIpAddress,
            Detail: new { limit = limit.Name, window_minutes = (int)limit.Window.TotalMinutes }), ct);
    }

    /// <summary>
    /// Before the limiter: the form of a POST under /account is read here, asynchronously, so that the limiter's
    /// partitioning (which is synchronous) finds the e-mail address in the already-read form.
    /// </summary>
    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app)
    {
        app.Use(async (http, next) =>
        {
            if (IsAccountPost(http) && http.Request.HasFormContentType)
            {
                try
                {
                    await http.Request.ReadFormAsync(http.RequestAborted);
                }
                catch (InvalidDataException)
                {
                    // A malformed or oversized form: nothing to log in with.
                    http.Response.StatusCode = StatusCodes.Status400BadRequest;
                    return;
                }
            }
            await next(http);
        });
        return app.UseRateLimiter();
    }

    static RateLimitPartition<string> Window(string key, int permits, TimeSpan window) =>
        RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            SegmentsPerWindow = 6,
            QueueLimit = 0,
        });

    static bool IsAccountPost(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method) && http.Request.Path.StartsWithSegments(AccountFolder, StringComparison.OrdinalIgnoreCase);

    static bool IsApi(HttpContext http) => http.Request.Path.StartsWithSegments(ApiFolder, StringComparison.OrdinalIgnoreCase);

    // Null only for a request without a network peer (the in-process test host); behind a proxy, see ClientAddress.
    static string? Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();

    /// <summary>
    /// The form field each page binds its e-mail address from. The login binds <c>Input.Email</c>, and (as model binding
    /// falls back to the bare name when a form has no <c>Input.</c> field at all) <c>Email</c> then; the reset page binds
    /// <c>Email</c>. Taking the field the page binds, and its first value as the binder does, means no extra key in a
    /// crafted form moves the request into another partition.
    /// </summary>
    static readonly Dictionary<string, string> BoundEmailField = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/account/inloggen"] = "Input.Email",
        ["/account/wachtwoord-vergeten"] = "Email",
    };

    /// <summary>The e-mail address the page will read from this form, normalised; null for a page that binds none.</summary>
    static string? SubmittedEmail(HttpContext http)
    {
        if (http.Features.Get<IFormFeature>()?.Form is not { } form) return null;
        if (!BoundEmailField.TryGetValue(http.Request.Path.Value?.TrimEnd('/') ?? "", out var field)) return null;
        if (field.StartsWith("Input.", StringComparison.Ordinal)
            && !form.Keys.Any(k => k.StartsWith("Input.", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Input[", StringComparison.OrdinalIgnoreCase)))
            field = field["Input.".Length..];
        var email = form.TryGetValue(field, out var values) ? (values.FirstOrDefault() ?? "").Trim().ToLowerInvariant() : "";
        return email == "" ? null : email;
    }

    static string? ApiCaller(HttpContext http) =>
        http.Request.Headers.TryGetValue(ApiKeyAuthentication.Header, out var key) ? $"key:{Digest(key.ToString())}"
        : Address(http) is { } address ? $"ip:{address}"
        : null;

    // The limiter keeps its partitions in memory for a while: keys and addresses by digest, never as given.
    static string Digest(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];
}
