using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Topology;

/// <summary>One attempt at registering a referral: when it finished (since the load started), whether the app confirmed it, how long it took.</summary>
public sealed record Attempt(TimeSpan At, bool Confirmed, Guid RequestId, double Milliseconds);

/// <summary>
/// A steady load of referral registrations through nginx: each browser opens <c>/verwijzingen/nieuw</c> (its antiforgery
/// token and request id), posts the form and counts the redirect to the stored referral as confirmed, over and over,
/// until told to stop. What is confirmed is what a professional saw stored; a failover must lose none of it.
/// </summary>
public sealed partial class ReferralLoad(IReadOnlyList<HttpClient> browsers, RegisterPlein plein)
{
    readonly ConcurrentQueue<Attempt> _attempts = new();
    readonly Stopwatch _clock = new();

    public IReadOnlyList<Attempt> Attempts => _attempts.ToList();
    public TimeSpan Elapsed => _clock.Elapsed;

    public static async Task<IReadOnlyList<HttpClient>> BrowsersAsync(Topology topology, string email, int count)
    {
        var browsers = new List<HttpClient>();
        for (var i = 0; i < count; i++)
        {
            var browser = topology.Browser();
            browser.Timeout = TimeSpan.FromSeconds(15);
            var login = await browser.LogInAsync(email, Arrange.Password);
            if (login.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Login of {email} through nginx failed: {login.StatusCode}");
            browsers.Add(browser);
        }
        return browsers;
    }

    /// <summary>Runs until <paramref name="stop"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken stop)
    {
        _clock.Start();
        var today = SociaalPlein.Data.Infrastructure.PleinTime.Today(TimeProvider.System);
        return Task.WhenAll(browsers.Select(async browser =>
        {
            while (!stop.IsCancellationRequested)
            {
                var started = _clock.Elapsed;
                var requestId = Guid.Empty;
                var confirmed = false;
                try
                {
                    var form = await browser.GetStringAsync($"/verwijzingen/nieuw?naar=professional-{plein.ReceiverId}", CancellationToken.None);
                    requestId = Guid.Parse(RequestId().Match(form).Groups[1].Value);
                    using var response = await browser.PostAsync("/verwijzingen/nieuw", new FormUrlEncodedContent(Fields(form, requestId, today)), CancellationToken.None);
                    confirmed = response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.StartsWith("/verwijzingen/") == true;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or FormatException) { }
                _attempts.Enqueue(new Attempt(_clock.Elapsed, confirmed, requestId, (_clock.Elapsed - started).TotalMilliseconds));
                // A refused attempt is tried again at once, as an impatient professional would; no busy loop on a fast 502.
                if (!confirmed) await Task.Delay(50, CancellationToken.None);
            }
        }));
    }

    IEnumerable<KeyValuePair<string, string>> Fields(string form, Guid requestId, DateOnly today) =>
    [
        new("__RequestVerificationToken", WebUtility.HtmlDecode(BrowserExtensions.AntiforgeryToken().Match(form).Groups[1].Value)),
        new("Input.RequestId", requestId.ToString()),
        new("Input.Date", today.ToString("yyyy-MM-dd")),
        new("Input.PleinId", plein.PleinId.ToString()),
        new("Input.From", "eigen"),
        new("Input.To", "professional-" + plein.ReceiverId),
        // Each attempt is another referral: the same zorgvraag again within a day would be held back as a resubmission.
        new("Input.Zorgvraag", $"Hulp bij ordenen van post en rekeningen ({requestId:N})"),
        new("Input.Category", "Administratie"),
        new("Input.LeefgebiedId", plein.LeefgebiedId.ToString()),
        new("Input.ConsentFeedback", "true"),
    ];

    /// <summary>How many of the confirmed registrations the given server has (by request id).</summary>
    public async Task<long> StoredAsync(string connectionString, IEnumerable<Attempt> attempts)
    {
        var ids = attempts.Select(a => a.RequestId).Where(id => id != Guid.Empty).ToArray();
        await using var conn = new NpgsqlConnection(connectionString);
        return await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM referral WHERE request_id = ANY (@ids)", new { ids });
    }

    /// <summary>From the first refused attempt to the first confirmed one after it: how long professionals could not register.</summary>
    public static TimeSpan RefusedSpan(IReadOnlyList<Attempt> attempts, TimeSpan from)
    {
        var ordered = attempts.Where(a => a.At >= from).OrderBy(a => a.At).ToList();
        var firstRefused = ordered.FirstOrDefault(a => !a.Confirmed);
        if (firstRefused is null) return TimeSpan.Zero;
        var backAt = ordered.FirstOrDefault(a => a.Confirmed && a.At > firstRefused.At);
        return (backAt?.At ?? ordered[^1].At) - firstRefused.At;
    }

    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * p))];
    }

    [GeneratedRegex("name=\"Input.RequestId\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex RequestId();
}
