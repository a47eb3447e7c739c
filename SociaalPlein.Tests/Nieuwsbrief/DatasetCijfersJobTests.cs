using Dapper;
using Microsoft.Extensions.Time.Testing;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Jobs;

namespace SociaalPlein.Tests.Nieuwsbrief;

/// <summary>
/// The recurring job dataset-cijfers: its schedule, and the last closed quarter's figures kept per active plein, once,
/// and again after a late change un-kept them.
/// </summary>
public sealed class DatasetCijfersJobTests
{
    // Five minutes into 1 April 2026 in Amsterdam (summer time): 2026-Q1 has just closed.
    static readonly DateTimeOffset AprilFirst = new(2026, 3, 31, 22, 5, 0, TimeSpan.Zero);

    static Task<string> RunJobAsync(AppFactory app) =>
        app.RunJobAsync((DatasetCijfersJob job) => job.RunAsync(CancellationToken.None));

    static async Task<List<(int PleinId, DateTime QuarterStart, DateTime KeptAt)>> KeptAsync(FixtureDatabase db)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return (await conn.QueryAsync<(int, DateTime, DateTime)>(
            "SELECT plein_id, quarter_start, kept_at FROM dataset_figures ORDER BY plein_id, quarter_start")).ToList();
    }

    [Test]
    public async Task Dataset_cijfers_is_registered_every_night_five_minutes_after_midnight_in_amsterdam()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var app = new AppFactory(db);

        var job = app.Recurring(DatasetCijfersJob.Id);

        Assert.That(job.Cron, Is.EqualTo("5 0 * * *"));
        Assert.That(job.TimeZoneId, Is.EqualTo("Europe/Amsterdam"));
        Assert.That(job.Job.Type, Is.EqualTo(typeof(DatasetCijfersJob)));
        var next = job.NextInAmsterdam();
        Assert.That((next.Hour, next.Minute), Is.EqualTo((0, 5)));
    }

    [Test]
    public async Task The_job_run_twice_keeps_the_closed_quarters_figures_of_every_active_plein_once()
    {
        await using var db = await TestDatabase.CreateAsync();
        var first = await Arrange.PleinAsync(db, "Plein een");
        var second = await Arrange.PleinAsync(db, "Plein twee");
        await Arrange.PleinAsync(db, "Plein dicht", active: false);
        await using var app = new AppFactory(db, clock: new FakeTimeProvider(AprilFirst));

        var said = await RunJobAsync(app);
        var kept = await KeptAsync(db);
        await RunJobAsync(app);

        Assert.That(said, Is.EqualTo("cijfers van 2026-Q1 bewaard voor 2 van 2 pleinen"));
        Assert.That(kept.Select(k => (k.PleinId, DateOnly.FromDateTime(k.QuarterStart))),
            Is.EqualTo(new[] { (first, new DateOnly(2026, 1, 1)), (second, new DateOnly(2026, 1, 1)) }));
        Assert.That(await KeptAsync(db), Is.EqualTo(kept), "the second run kept nothing again");
    }

    [Test]
    public async Task The_next_nights_run_keeps_again_what_a_late_visit_un_kept()
    {
        await using var db = await TestDatabase.CreateAsync();
        var plein = await Arrange.PleinAsync(db, "Plein een");
        await using var app = new AppFactory(db, clock: new FakeTimeProvider(AprilFirst));
        await RunJobAsync(app);
        await using (var conn = await db.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("""
                WITH v AS (INSERT INTO visitor (plein_id, code, first_visit_on, request_id)
                           VALUES (@plein, 'B-2026-000001', DATE '2026-02-02', gen_random_uuid()) RETURNING id)
                INSERT INTO visit (plein_id, visitor_id, visited_on, kind, request_id)
                SELECT @plein, id, DATE '2026-02-02', 'inloop', gen_random_uuid() FROM v
                """, new { plein });
        var unKept = await KeptAsync(db);

        await RunJobAsync(app);

        Assert.That(unKept, Is.Empty);
        Assert.That(await KeptAsync(db), Has.Count.EqualTo(1));
        await using var check = await db.DataSource.OpenConnectionAsync();
        Assert.That(await check.ExecuteScalarAsync<int>(
            "SELECT (figures -> 'Current' ->> 'Visits')::int FROM dataset_figures WHERE plein_id = @plein", new { plein }), Is.EqualTo(1));
    }
}
