using Microsoft.Extensions.Time.Testing;
using SociaalPlein.Web.Observability;

namespace SociaalPlein.Tests.Observability;

public sealed class RecentPerformanceTests
{
    static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    static RequestSummary Request(FakeTimeProvider clock, string route, double ms) =>
        new(clock.GetUtcNow(), "GET", route, 200, TimeSpan.FromMilliseconds(ms), 1, TimeSpan.FromMilliseconds(ms / 2));

    [Test]
    public void The_slowest_requests_of_the_hour_are_listed_exactly_however_many_came()
    {
        var clock = new FakeTimeProvider(Start);
        var recent = new RecentPerformance(clock);
        // 40 minutes, 100 requests each: 1 ms … 4,000 ms, spread so that every minute holds fast and slow ones.
        for (var minute = 0; minute < 40; minute++, clock.Advance(TimeSpan.FromMinutes(1)))
            for (var i = 0; i < 100; i++)
                recent.RecordRequest(Request(clock, $"/Pagina{i}", i * 40 + minute + 1));

        var report = recent.LastHour();

        Assert.That(report.Requests, Is.EqualTo(4_000));
        Assert.That(report.SlowestRequests.Select(r => r.Total.TotalMilliseconds),
            Is.EqualTo(Enumerable.Range(0, RecentPerformance.Listed).Select(n => 4_000.0 - n)));
    }

    [Test]
    public void What_is_older_than_an_hour_is_forgotten()
    {
        var clock = new FakeTimeProvider(Start);
        var recent = new RecentPerformance(clock);
        recent.RecordRequest(Request(clock, "/Oud", 900));
        recent.RecordStatement("SELECT oud", TimeSpan.FromMilliseconds(900));
        clock.Advance(TimeSpan.FromMinutes(30));
        recent.RecordRequest(Request(clock, "/Nieuw", 5));

        clock.Advance(TimeSpan.FromMinutes(31));
        var report = recent.LastHour();

        Assert.That(report.SlowestRequests.Select(r => r.Route), Is.EqualTo(new[] { "/Nieuw" }));
        Assert.That(report.Statements, Is.Empty);
    }

    [Test]
    public void Statements_are_summed_per_text_and_their_number_per_minute_is_bounded()
    {
        var clock = new FakeTimeProvider(Start);
        var recent = new RecentPerformance(clock);
        recent.RecordStatement("SELECT a", TimeSpan.FromMilliseconds(2));
        recent.RecordStatement("SELECT a", TimeSpan.FromMilliseconds(6));
        clock.Advance(TimeSpan.FromMinutes(1));
        recent.RecordStatement("SELECT a", TimeSpan.FromMilliseconds(4));
        for (var i = 0; i < RecentPerformance.StatementsPerMinute + 50; i++)
            recent.RecordStatement($"SELECT b{i}", TimeSpan.FromMilliseconds(1));

        var statements = recent.LastHour().Statements;

        var a = statements.Single(s => s.Statement == "SELECT a");
        Assert.That((a.Count, a.Total, a.Average, a.Max),
            Is.EqualTo((3, TimeSpan.FromMilliseconds(12), TimeSpan.FromMilliseconds(4), TimeSpan.FromMilliseconds(6))));
        // The second minute held "SELECT a" and 299 others; the last 51 were counted together.
        var other = statements.Single(s => s.Statement == RecentPerformance.OtherStatements);
        Assert.That(other.Count, Is.EqualTo(51));
        Assert.That(statements, Has.Count.EqualTo(RecentPerformance.Listed));
    }
}
