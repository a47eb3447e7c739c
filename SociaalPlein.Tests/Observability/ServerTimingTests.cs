using System.Diagnostics;
using System.Text.RegularExpressions;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Observability;

public sealed partial class ServerTimingTests : AppFixture
{
    protected override async Task ArrangeAsync()
    {
        var plein = await Arrange.PleinAsync(Db, "Sociaal Plein Meten");
        await Arrange.UserAsync(Db, "meten@test.nl", pleinIds: [plein]);
    }

    [Test]
    public async Task Server_timing_counts_exactly_the_commands_the_page_ran()
    {
        var browser = App.Browser();
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
    public async Task A_signed_in_page_counts_the_session_check_among_its_commands()
    {
        var browser = App.Browser();
        await browser.LogInAsync("meten@test.nl", Arrange.Password);
        await browser.GetAsync("/spreekuren");
        using var counter = new SqlCommandCounter(Db.Name);

        var response = await browser.GetAsync("/spreekuren");

        // The schedule's two, and the check that the account is still active with the same security stamp.
        Assert.That(counter.Count, Is.EqualTo(3));
        Assert.That(ServerTiming(response).Queries, Is.EqualTo(counter.Count));
    }

    [TestCase("/css/site.css")]
    [TestCase("/health/live")]
    [TestCase("/account/inloggen")]
    public async Task Every_response_carries_server_timing(string url)
    {
        var response = await App.Browser().GetAsync(url);

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
