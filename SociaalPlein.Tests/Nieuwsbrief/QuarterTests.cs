using SociaalPlein.Data.Nieuwsbrief;

namespace SociaalPlein.Tests.Nieuwsbrief;

/// <summary>A quarter's boundaries are Amsterdam midnights; its key is what URLs and forms carry.</summary>
public sealed class QuarterTests
{
    static DateTime Utc(string iso) => DateTime.Parse(iso, null, System.Globalization.DateTimeStyles.AdjustToUniversal);

    [TestCase(2026, 1, "2025-12-31T23:00:00Z", "2026-03-31T22:00:00Z")]
    [TestCase(2026, 2, "2026-03-31T22:00:00Z", "2026-06-30T22:00:00Z")]
    [TestCase(2026, 3, "2026-06-30T22:00:00Z", "2026-09-30T22:00:00Z")]
    [TestCase(2026, 4, "2026-09-30T22:00:00Z", "2026-12-31T23:00:00Z")]
    public void Boundaries_are_midnight_in_Amsterdam_in_winter_and_summer_time(int year, int number, string startsAt, string endsAt)
    {
        var q = new Quarter(year, number);

        Assert.That((q.StartsAt, q.EndsAt), Is.EqualTo((Utc(startsAt), Utc(endsAt))));
        Assert.That((q.StartsAt.Kind, q.EndsAt.Kind), Is.EqualTo((DateTimeKind.Utc, DateTimeKind.Utc)));
        Assert.That(q.EndsAt, Is.EqualTo(q.Next.StartsAt));
    }

    [Test]
    public void A_quarter_with_the_spring_change_is_an_hour_short_and_one_with_the_autumn_change_an_hour_long()
    {
        Assert.That(new Quarter(2026, 1).EndsAt - new Quarter(2026, 1).StartsAt, Is.EqualTo(TimeSpan.FromDays(90) - TimeSpan.FromHours(1)));
        Assert.That(new Quarter(2025, 4).EndsAt - new Quarter(2025, 4).StartsAt, Is.EqualTo(TimeSpan.FromDays(92) + TimeSpan.FromHours(1)));
        Assert.That(new Quarter(2026, 3).EndsAt - new Quarter(2026, 3).StartsAt, Is.EqualTo(TimeSpan.FromDays(92)));
    }

    [Test]
    public void Dates_belong_to_the_quarter_of_their_month()
    {
        var q1 = new Quarter(2026, 1);

        Assert.That(q1.Contains(new DateOnly(2026, 3, 31)), Is.True);
        Assert.That(q1.Contains(new DateOnly(2026, 4, 1)), Is.False);
        Assert.That(q1.Contains(new DateOnly(2025, 12, 31)), Is.False);
        Assert.That(Quarter.Of(new DateOnly(2026, 3, 31)), Is.EqualTo(q1));
        Assert.That((q1.Start, q1.LastDay, q1.End), Is.EqualTo((new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31), new DateOnly(2026, 4, 1))));
    }

    [TestCase("2026-04-01", "2026-Q1")]
    [TestCase("2026-03-31", "2025-Q4")]
    [TestCase("2026-01-01", "2025-Q4")]
    [TestCase("2026-11-23", "2026-Q3")]
    public void The_last_completed_quarter_is_the_one_before_today(string today, string expected)
    {
        Assert.That(Quarter.LastCompleted(DateOnly.Parse(today)).Key, Is.EqualTo(expected));
    }

    [TestCase("2026-Q3", 2026, 3)]
    [TestCase("2026q3", 2026, 3)]
    [TestCase(" 2026-Q1 ", 2026, 1)]
    [TestCase("2000-Q4", 2000, 4)]
    public void A_key_reads_back_as_its_quarter(string text, int year, int number)
    {
        Assert.That(Quarter.TryParse(text, out var q), Is.True);
        Assert.That(q, Is.EqualTo(new Quarter(year, number)));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("2026-Q5")]
    [TestCase("2026-Q0")]
    [TestCase("Q3 2026")]
    [TestCase("2026-Q3x")]
    [TestCase("1999-Q4")]
    [TestCase("2101-Q1")]
    [TestCase("26-Q3")]
    [TestCase("２０２６-Q3")]
    public void Anything_else_is_no_quarter(string? text)
    {
        Assert.That(Quarter.TryParse(text, out _), Is.False);
    }

    [Test]
    public void A_quarter_reads_as_titles_urls_and_months_write_it()
    {
        var q = new Quarter(2026, 3);

        Assert.That((q.ToString(), q.Key, q.Months), Is.EqualTo(("Q3 2026", "2026-Q3", "juli – september 2026")));
    }

    [Test]
    public void The_last_eight_quarters_end_with_this_one_and_cross_the_year()
    {
        var trend = new Quarter(2026, 1).LastQuarters(8);

        Assert.That(trend.Select(q => q.Key), Is.EqualTo(new[]
            { "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1" }));
        Assert.That(new Quarter(2026, 1).Previous, Is.LessThan(new Quarter(2026, 1)));
    }
}
