using System.Globalization;
using Dapper;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Jobs;

namespace SociaalPlein.Tests.Nieuwsbrief;

/// <summary>The recurring job kwartaal-nieuwsbrief: its schedule, once per plein and quarter, catching up what was missed.</summary>
public sealed class NewsletterJobTests
{
    // The job's own moment: 1 April 2026, 06:00 in Amsterdam (summer time, 04:00 UTC).
    static readonly DateTimeOffset AprilFirst = new(2026, 4, 1, 4, 0, 0, TimeSpan.Zero);

    static Task<string> RunJobAsync(AppFactory app) =>
        app.RunJobAsync((KwartaalNieuwsbriefJob job) => job.RunAsync(CancellationToken.None));

    static async Task<List<(int PleinId, string Quarter, string Status)>> NewslettersAsync(FixtureDatabase db)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return (await conn.QueryAsync<(int, string, string)>(
            "SELECT plein_id, year || '-Q' || quarter, status FROM newsletter ORDER BY plein_id, year, quarter")).ToList();
    }

    [Test]
    public async Task Kwartaal_nieuwsbrief_is_registered_at_six_on_the_first_day_of_each_quarter_in_amsterdam()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var app = new AppFactory(db);

        var job = app.Recurring(KwartaalNieuwsbriefJob.Id);

        Assert.That(job.Cron, Is.EqualTo("0 6 1 1,4,7,10 *"));
        Assert.That(job.TimeZoneId, Is.EqualTo("Europe/Amsterdam"));
        Assert.That(job.Job.Type, Is.EqualTo(typeof(KwartaalNieuwsbriefJob)));
        var next = job.NextInAmsterdam();
        Assert.That((next.Month % 3, next.Day, next.Hour, next.Minute), Is.EqualTo((1, 1, 6, 0)));
    }

    [Test]
    public async Task The_job_run_twice_makes_one_newsletter_per_active_plein_for_the_last_quarter()
    {
        await using var db = await TestDatabase.CreateAsync();
        var first = await Arrange.PleinAsync(db, "Plein een");
        var second = await Arrange.PleinAsync(db, "Plein twee");
        await Arrange.PleinAsync(db, "Plein dicht", active: false);
        await using var app = new AppFactory(db, clock: new FakeTimeProvider(AprilFirst));

        await RunJobAsync(app);
        await RunJobAsync(app);

        Assert.That(await NewslettersAsync(db), Is.EqualTo(new[] { (first, "2026-Q1", "concept"), (second, "2026-Q1", "concept") }));
        await using var check = await db.DataSource.OpenConnectionAsync();
        Assert.That(await check.ExecuteScalarAsync<int>("SELECT count(*) FROM newsletter WHERE pdf IS NULL"), Is.Zero);
    }

    [Test]
    public async Task A_quarter_missed_while_no_server_ran_is_made_by_the_next_run()
    {
        await using var db = await TestDatabase.CreateAsync();
        var pleinId = await Arrange.PleinAsync(db, "Plein gemist");
        await NewsletterArrange.SentAsync(db, pleinId, 2025, 3);
        await using var app = new AppFactory(db, clock: new FakeTimeProvider(AprilFirst));

        await RunJobAsync(app);

        Assert.That(await NewslettersAsync(db), Is.EqualTo(new[]
        {
            (pleinId, "2025-Q3", "verzonden"), (pleinId, "2025-Q4", "concept"), (pleinId, "2026-Q1", "concept"),
        }));
    }

    [Test]
    public async Task A_plein_that_sends_automatically_gets_its_newsletter_sent_once()
    {
        await using var db = await TestDatabase.CreateAsync();
        var pleinId = await Arrange.PleinAsync(db, "Plein automatisch");
        await NewsletterArrange.SubscriberAsync(db, pleinId, "partner@test.nl");
        await NewsletterArrange.SubscriberAsync(db, pleinId, "wijkteam@test.nl");
        await using (var conn = await db.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("UPDATE plein SET newsletter_auto_send = true WHERE id = @pleinId", new { pleinId });
        await using var app = new AppFactory(db, clock: new FakeTimeProvider(AprilFirst));

        var firstRun = await RunJobAsync(app);
        var secondRun = await RunJobAsync(app);

        Assert.That(firstRun, Is.EqualTo("1 nieuwsbrieven gemaakt, 1 verstuurd"));
        Assert.That(secondRun, Is.EqualTo("0 nieuwsbrieven gemaakt, 0 verstuurd"));
        Assert.That(await NewslettersAsync(db), Is.EqualTo(new[] { (pleinId, "2026-Q1", "verzonden") }));
        await using var check = await db.DataSource.OpenConnectionAsync();
        Assert.That(await check.ExecuteScalarAsync<int>("SELECT count(*) FROM newsletter_delivery"), Is.EqualTo(2));
        // One delivery job per recipient, waiting for a server: ids only in their arguments.
        var enqueued = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedJobs("default", 0, 10);
        Assert.That(enqueued.Select(j => j.Value.Job.Type), Is.EqualTo(new[] { typeof(NieuwsbriefBezorgingJob), typeof(NieuwsbriefBezorgingJob) }));
        Assert.That(enqueued.SelectMany(j => j.Value.Job.Args).OfType<string>(), Has.None.Contains("@"));
        // Sent by the job, not a person: audited once, without a user, with the plein and the number of recipients.
        Assert.That(await check.ExecuteScalarAsync<string>("""
            SELECT string_agg(concat_ws('|', coalesce(user_id::text, 'systeem'), object_type, plein_id, outcome, detail ->> 'recipients'), ',')
            FROM audit_log WHERE action = 'newsletter.send'
            """), Is.EqualTo($"systeem|newsletter|{pleinId}|allowed|2"));
    }

    [TestCase(null, "2026-Q1")]
    [TestCase("2026-Q1", "2026-Q1")]
    [TestCase("2025-Q3", "2025-Q4 2026-Q1")]
    [TestCase("2023-Q1", "2025-Q2 2025-Q3 2025-Q4 2026-Q1")]
    public void The_job_makes_the_last_quarter_and_catches_up_at_most_a_year(string? latest, string expected)
    {
        short? year = latest is null ? null : short.Parse(latest[..4], CultureInfo.InvariantCulture);
        short? quarter = latest is null ? null : (short)(latest[^1] - '0');
        var plein = new QuarterlyNewsletterRun.PleinSchedule(1, new DateOnly(2020, 1, 1), false, year, quarter);

        var quarters = QuarterlyNewsletterRun.QuartersToMake(plein, new Quarter(2026, 1));

        Assert.That(string.Join(' ', quarters.Select(q => q.Key)), Is.EqualTo(expected));
    }

    [Test]
    public void A_plein_opened_this_quarter_gets_no_newsletter_yet_and_one_opened_last_quarter_gets_that_one()
    {
        var openedToday = new QuarterlyNewsletterRun.PleinSchedule(1, new DateOnly(2026, 4, 1), false, null, null);
        var openedInMarch = new QuarterlyNewsletterRun.PleinSchedule(2, new DateOnly(2026, 3, 2), false, null, null);

        Assert.That(QuarterlyNewsletterRun.QuartersToMake(openedToday, new Quarter(2026, 1)), Is.Empty);
        Assert.That(QuarterlyNewsletterRun.QuartersToMake(openedInMarch, new Quarter(2026, 1)), Is.EqualTo(new[] { new Quarter(2026, 1) }));
    }

    [Test]
    public async Task A_quarter_start_missed_while_no_server_was_up_runs_once_after_start_up()
    {
        await using var db = await TestDatabase.CreateAsync();
        // An instance without a job server registers the recurring job; then every server is down over a quarter start.
        await using (var registering = new AppFactory(db))
            _ = registering.Services;
        var missed = new DateTime(2026, 10, 1, 4, 0, 0, DateTimeKind.Utc);
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            // Created the day before the quarter start; its next run (the start itself) never happened.
            await conn.ExecuteAsync("""
                UPDATE hangfire.hash SET value = @created WHERE key = 'recurring-job:kwartaal-nieuwsbrief' AND field = 'CreatedAt';
                UPDATE hangfire.hash SET value = @next WHERE key = 'recurring-job:kwartaal-nieuwsbrief' AND field = 'NextExecution';
                DELETE FROM hangfire.hash WHERE key = 'recurring-job:kwartaal-nieuwsbrief' AND field IN ('LastExecution', 'LastJobId');
                UPDATE hangfire.set SET score = @score WHERE key = 'recurring-jobs' AND value = 'kwartaal-nieuwsbrief';
                """, new { created = missed.AddDays(-1).ToString("O"), next = missed.ToString("O"), score = new DateTimeOffset(missed).ToUnixTimeSeconds() });
        }

        await using var server = new AppFactory(db, settings: new Dictionary<string, string> { ["SociaalPlein:Jobs:RunServer"] = "true" });
        var deadline = DateTime.UtcNow.AddSeconds(90);
        RecurringJobDto job;
        do
        {
            await Task.Delay(500);
            job = server.Recurring(KwartaalNieuwsbriefJob.Id);
        } while (job.LastJobId is null && DateTime.UtcNow < deadline);
        // Give a wrongly repeated trigger the time to show itself.
        await Task.Delay(3000);

        await using var check = await db.DataSource.OpenConnectionAsync();
        var runs = await check.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM hangfire.job WHERE invocationdata::text LIKE '%KwartaalNieuwsbriefJob%'");
        Assert.That(job.LastJobId, Is.Not.Null, "the missed run was not started");
        Assert.That(runs, Is.EqualTo(1));
        Assert.That(job.NextExecution, Is.GreaterThan(DateTime.UtcNow));
        var next = job.NextInAmsterdam();
        Assert.That((next.Month % 3, next.Day, next.Hour), Is.EqualTo((1, 1, 6)));
    }
}
