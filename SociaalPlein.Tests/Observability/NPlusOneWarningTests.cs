using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Logging;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Observability;

namespace SociaalPlein.Tests.Observability;

/// <summary>
/// The profiler as a request uses it (<see cref="RequestProfilingMiddleware"/>): an activity carries the profile,
/// real Npgsql commands run beneath it and are counted by the listener, and finishing the request judges the count.
/// </summary>
public sealed class NPlusOneWarningTests : DatabaseFixture
{
    [Test]
    public async Task A_request_running_21_sql_commands_is_logged_as_an_n_plus_1_smell_naming_its_page()
    {
        var log = await RunRequestAsync(commands: 21);

        var warning = log.Entries.Single(e => e.Level == LogLevel.Warning);
        Assert.That(warning.Message, Does.Contain("/Verwijzingen/Index"));
        Assert.That(warning.Message, Does.Contain("21 SQL commands"));
    }

    [Test]
    public async Task A_request_running_20_sql_commands_logs_no_warning()
    {
        var log = await RunRequestAsync(commands: 20);

        Assert.That(log.Entries.Where(e => e.Level >= LogLevel.Warning), Is.Empty);
    }

    [Test]
    public async Task Commands_outside_any_request_are_not_counted()
    {
        var log = new ListLogger<RequestProfiler>();
        using var profiler = new RequestProfiler(new RecentPerformance(TimeProvider.System), development: false, TimeProvider.System, log);
        using var request = new Activity("test-request").Start();
        var profile = profiler.Begin(request);
        request.Stop();
        Activity.Current = null;

        // A Hangfire worker's commands: no request activity above them.
        await RunCommandsAsync(5);

        Assert.That(profile.Totals.Count, Is.Zero);
    }

    async Task<ListLogger<RequestProfiler>> RunRequestAsync(int commands)
    {
        var log = new ListLogger<RequestProfiler>();
        var recent = new RecentPerformance(TimeProvider.System);
        using var profiler = new RequestProfiler(recent, development: false, TimeProvider.System, log);
        RequestProfile profile;
        using (var request = new Activity("test-request").Start())
        {
            profile = profiler.Begin(request);
            await RunCommandsAsync(commands);
        }

        profiler.Finish(profile, "GET", "/Verwijzingen/Index", 200);

        Assert.That(profile.Totals.Count, Is.EqualTo(commands), "every command beneath the request is counted");
        Assert.That(recent.LastHour().SlowestRequests.Single().SqlCount, Is.EqualTo(commands));
        return log;
    }

    async Task RunCommandsAsync(int count)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        for (var i = 0; i < count; i++) await conn.ExecuteScalarAsync<int>("SELECT @i", new { i });
    }
}

/// <summary>Keeps what is logged, for a test to read.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    public sealed record Entry(LogLevel Level, string Message);

    readonly List<Entry> _entries = [];

    public IReadOnlyList<Entry> Entries
    {
        get { lock (_entries) return _entries.ToList(); }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries) _entries.Add(new Entry(logLevel, formatter(state, exception)));
    }
}
