using System.Diagnostics;

namespace SociaalPlein.Web.Observability;

/// <summary>One SQL command of a request: when it started (from the request's start), how long it took, and — in
/// Development only — its text and parameter names. Never a parameter's value.</summary>
public sealed record SqlCommandTiming(TimeSpan StartedAfter, TimeSpan Duration, bool Failed, SqlShape? Sql);

/// <summary>
/// What one request did in the database, filled by <see cref="RequestProfiler"/> from Npgsql's activities while the
/// request runs (commands may finish on several threads at once). Lives as long as the request.
/// </summary>
public sealed class RequestProfile
{
    /// <summary>Commands listed one by one; a request that runs more is counted in full but listed only this far.</summary>
    public const int CommandsListed = 100;

    readonly Lock _gate = new();
    readonly List<SqlCommandTiming> _commands = [];
    readonly long _started = Stopwatch.GetTimestamp();
    int _count;
    TimeSpan _sqlTime;

    internal RequestProfile(RequestProfiler owner, DateTime startedUtc, bool keepsSqlText)
    {
        Owner = owner;
        StartedUtc = startedUtc;
        KeepsSqlText = keepsSqlText;
    }

    internal RequestProfiler Owner { get; }
    internal DateTime StartedUtc { get; }

    /// <summary>Whether commands carry their SQL text and parameter names (Development only).</summary>
    public bool KeepsSqlText { get; }

    /// <summary>Time since the request reached the profiler.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    /// <summary>The commands run so far and the time they took together.</summary>
    public (int Count, TimeSpan SqlTime) Totals
    {
        get { lock (_gate) return (_count, _sqlTime); }
    }

    public IReadOnlyList<SqlCommandTiming> Commands
    {
        get { lock (_gate) return _commands.ToArray(); }
    }

    internal void Add(SqlCommandTiming command)
    {
        lock (_gate)
        {
            _count++;
            _sqlTime += command.Duration;
            if (_commands.Count < CommandsListed) _commands.Add(command);
        }
    }
}
