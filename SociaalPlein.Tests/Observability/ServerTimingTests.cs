using System.Diagnostics;
using System.Text.RegularExpressions;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Observability;

public sealed partial class ServerTimingTests : DatabaseFixture
{
    AppFactory? _development;
    AppFactory? _testing;

    // The same database under two environments: Development shows every request its timing, elsewhere only a beheerder.
    AppFactory Development => _development ??= new AppFactory(Db, environment: "Development");
    AppFactory Testing => _testing ??= new AppFactory(Db);

    protected override async Task ArrangeAsync()
    {
        var plein = await Arrange.PleinAsync(Db, "Sociaal Plein Meten");
        await Arrange.UserAsync(Db, "beheer@meten.nl", "beheerder", pleinIds: [plein]);
        await Arrange.UserAsync(Db, "prof@meten.nl", pleinIds: [plein]);
    }

    [OneTimeTearDown]
    public async Task StopApps()
    {
        if (_development is not null) await _development.DisposeAsync();
        if (_testing is not null) await _testing.DisposeAsync();
    }

    [Test]
    public async Task Server_timing_counts_exactly_the_commands_the_page_ran()
    {
        var browser = Development.Browser();
        await browser.GetAsync("/spreekuren"); // the first request also loads the app's keys; this test counts a page alone
        using var counter = new SqlCommandCounter(Db.Name);

        var response = await browser.GetAsync("/spreekuren");

        var timing = ServerTiming(response);
        // The public schedule reads the pleinen and then the week: two commands.
        Assert.That(counter.Count, Is.EqualTo(2));
        Assert.That(timing.Queries, Is.EqualTo(counter.Count));
        Assert.That(timing.DbMs, Is.GreaterThan(0));
        Assert.That(timing.AppMs, Is.GreaterThanOrEqualTo(timing.DbMs));
    }

    [Test]
    public async Task A_beheerder_gets_server_timing_outside_development_with_the_session_check_among_the_commands()
    {
        var browser = Testing.Browser();
        await browser.LogInAsync("beheer@meten.nl", Arrange.Password);
        await browser.GetAsync("/spreekuren");
        using var counter = new SqlCommandCounter(Db.Name);

        var response = await browser.GetAsync("/spreekuren");

        // The schedule's two, and the check that the account is still active with the same security stamp.
        Assert.That(counter.Count, Is.EqualTo(3));
        Assert.That(ServerTiming(response).Queries, Is.EqualTo(counter.Count));
    }

    [Test]
    public async Task Outside_development_nobody_but_a_beheerder_gets_server_timing()
    {
        var anonymous = Testing.Browser();
        var professional = Testing.Browser();
        await professional.LogInAsync("prof@meten.nl", Arrange.Password);

        // A failed login runs one command more for a known address than for an unknown one: the count would tell.
        var unknown = await anonymous.LogInAsync("onbekend@meten.nl", "fout-wachtwoord-123");
        var known = await anonymous.LogInAsync("prof@meten.nl", "fout-wachtwoord-123");
        var page = await professional.GetAsync("/spreekuren");

        foreach (var response in new[] { unknown, known, page, await anonymous.GetAsync("/spreekuren") })
            Assert.That(response.Headers.Contains("Server-Timing"), Is.False, response.RequestMessage?.RequestUri?.ToString());
    }

    [TestCase("/css/site.css")]
    [TestCase("/health/live")]
    [TestCase("/account/inloggen")]
    public async Task In_development_every_response_carries_server_timing(string url)
    {
        var response = await Development.Browser().GetAsync(url);

        var timing = ServerTiming(response);
        Assert.That(timing.AppMs, Is.GreaterThanOrEqualTo(0));
    }

    internal static (int Queries, double DbMs, double AppMs) ServerTiming(HttpResponseMessage response)
    {
        Assert.That(response.Headers.TryGetValues("Server-Timing", out var values), Is.True, "Server-Timing header");
        var header = string.Join(", ", values!);
        var match = ServerTimingPattern().Match(header);
        Assert.That(match.Success, Is.True, header);
        return (int.Parse(match.Groups["n"].Value), double.Parse(match.Groups["db"].Value, System.Globalization.CultureInfo.InvariantCulture),
            double.Parse(match.Groups["app"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex("""^db;dur=(?<db>\d+\.\d);desc="(?<n>\d+) quer(y|ies)", app;dur=(?<app>\d+\.\d)$""")]
    private static partial Regex ServerTimingPattern();
}

/// <summary>
/// Counts the SQL commands run on one database while it lives, with a listener of its own on Npgsql's activities:
/// a count independent of the app's profiler.
/// </summary>
public sealed class SqlCommandCounter : IDisposable
{
    readonly ActivityListener _listener;
    int _count;

    public SqlCommandCounter(string database)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = a =>
            {
                if (a.GetTagItem("db.query.text") is not null && Equals(a.GetTagItem("db.namespace"), database))
                    Interlocked.Increment(ref _count);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public int Count => Volatile.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}
