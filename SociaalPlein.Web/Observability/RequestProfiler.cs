using System.Diagnostics;
using System.Security.Claims;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Observability;

/// <summary>
/// MiniProfiler's role, built on the activities Npgsql and ASP.NET Core emit anyway: an <see cref="ActivityListener"/>
/// on both sources. ASP.NET Core's request activity carries the request's <see cref="RequestProfile"/> (set by
/// <see cref="RequestProfilingMiddleware"/>); each finished Npgsql command walks up its parent activities to that
/// profile. A command with no request above it (a Hangfire job, start-up) is not sampled at all.
/// Listeners are process-wide, so a profile remembers which profiler made it: when several apps share a process (the
/// tests), each counts only its own requests.
/// </summary>
public sealed class RequestProfiler : IDisposable
{
    public const string AspNetCoreSource = "Microsoft.AspNetCore";
    public const string NpgsqlSource = "Npgsql";

    /// <summary>More SQL commands than this in one request is logged as a warning: a query in a loop (N+1) smells.</summary>
    public const int CommandsBeforeWarning = 20;

    const string ProfileProperty = "SociaalPlein.RequestProfile";

    readonly ActivityListener _listener;
    readonly RecentPerformance _recent;
    readonly bool _development;
    readonly TimeProvider _clock;
    readonly ILogger<RequestProfiler> _log;

    /// <param name="development">In Development every request shows its profile, and each command keeps its SQL text and
    /// parameter names; elsewhere only a beheerder sees a profile, without SQL text.</param>
    public RequestProfiler(RecentPerformance recent, bool development, TimeProvider clock, ILogger<RequestProfiler> log)
    {
        _recent = recent;
        _development = development;
        _clock = clock;
        _log = log;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is AspNetCoreSource or NpgsqlSource,
            Sample = Sample,
            ActivityStopped = CommandStopped,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Starts profiling the request whose activity this is (ASP.NET Core's, or one of the caller's own).</summary>
    public RequestProfile Begin(Activity request)
    {
        var profile = new RequestProfile(this, request.StartTimeUtc, keepsSqlText: _development);
        request.SetCustomProperty(ProfileProperty, profile);
        return profile;
    }

    /// <summary>
    /// Who sees a request's profile (the Server-Timing header, the badge): a beheerder, or anyone in Development. Not
    /// every visitor: the number of commands tells apart what the app takes care to answer alike — a failed login for a
    /// known and an unknown address, a visitor code that exists elsewhere and one that does not (docs/security.md).
    /// </summary>
    public bool ShowsTo(ClaimsPrincipal user) => _development || user.IsAtLeast(Roles.Beheerder);

    /// <summary>Keeps the finished request for /beheer/prestaties and warns when it ran too many commands.</summary>
    public void Finish(RequestProfile profile, string method, string route, int statusCode)
    {
        var (count, sqlTime) = profile.Totals;
        _recent.RecordRequest(new RequestSummary(_clock.GetUtcNow(), method, route, statusCode, profile.Elapsed, count, sqlTime));
        if (count > CommandsBeforeWarning)
            _log.LogWarning("{Method} {Route} ran {Count} SQL commands in one request (more than {Limit}): a query in a loop (N+1)?",
                method, route, count, CommandsBeforeWarning);
    }

    // The request activity only needs to exist (to carry the profile); OpenTelemetry, when on, asks for more itself.
    // An Npgsql command gets its tags (the SQL text) only when it belongs to a request of ours.
    ActivitySamplingResult Sample(ref ActivityCreationOptions<ActivityContext> options) =>
        options.Source.Name == AspNetCoreSource ? ActivitySamplingResult.PropagationData
        : ProfileAbove(Activity.Current) is not null ? ActivitySamplingResult.AllData
        : ActivitySamplingResult.None;

    void CommandStopped(Activity activity)
    {
        if (activity.Source.Name != NpgsqlSource) return;
        // Npgsql names the statement db.query.text (db.statement before 10.0); a physical connection open has neither.
        if ((activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement")) is not string sql) return;
        if (ProfileAbove(activity.Parent) is not { } profile) return;

        var shape = _recent.ShapeOf(sql);
        _recent.RecordStatement(shape.Statement, activity.Duration);
        profile.Add(new SqlCommandTiming(activity.StartTimeUtc - profile.StartedUtc, activity.Duration,
            activity.Status == ActivityStatusCode.Error, profile.KeepsSqlText ? shape : null));
    }

    RequestProfile? ProfileAbove(Activity? activity)
    {
        for (; activity is not null; activity = activity.Parent)
            if (activity.GetCustomProperty(ProfileProperty) is RequestProfile profile && profile.Owner == this)
                return profile;
        return null;
    }

    public void Dispose() => _listener.Dispose();
}
