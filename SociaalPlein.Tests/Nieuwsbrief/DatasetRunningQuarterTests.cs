using System.Text.Json;
using Dapper;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Tests.Support;
using SociaalPlein.Tests.Verwijzingen;

namespace SociaalPlein.Tests.Nieuwsbrief;

/// <summary>
/// The dashboard's running quarter: with the previous quarter's figures kept, only the quarter itself is counted, its
/// previous quarter's kerncijfers and the trend's earlier quarters come from the kept figures, and the result is what
/// counting every quarter gives, also after a late visit or a withdrawal in the previous quarter (which un-keep it).
/// </summary>
public sealed class DatasetRunningQuarterTests : DatabaseFixture
{
    DatasetFigures Kept => new(Db.DataSource, new NewsletterFiguresQuery(Db.DataSource));
    NewsletterFiguresQuery Counted => new(Db.DataSource);

    static string Json(NewsletterFigures f) => JsonSerializer.Serialize(f, DatasetFigures.Json);

    // The running quarter by the database's clock, as the keeping goes by it.
    async Task<Quarter> RunningAsync()
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return Quarter.Of(DateOnly.FromDateTime(await conn.ExecuteScalarAsync<DateTime>("SELECT timezone('Europe/Amsterdam', now())")));
    }

    /// <summary>A plein with a visitor who came twice in the previous quarter and once in the running one, and a referral in each.</summary>
    async Task<(RegisterPlein Plein, int Visitor, int EarlierReferral, Quarter Running)> PleinAsync()
    {
        var running = await RunningAsync();
        var p = await RegisterArrange.PleinAsync(Db);
        var previous = running.Previous.Start;
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var visitor = await conn.ExecuteScalarAsync<int>("""
            INSERT INTO visitor (plein_id, code, birth_year, gender, first_visit_on, request_id)
            VALUES (@PleinId, 'B-2025-' || lpad((@PleinId % 1000000)::text, 6, '0'), 1971, 'vrouw', @previous, gen_random_uuid())
            RETURNING id
            """, new { p.PleinId, previous });
        await conn.ExecuteAsync("""
            INSERT INTO visit (plein_id, visitor_id, visited_on, kind, request_id)
            SELECT @PleinId, @visitor, d, 'inloop', gen_random_uuid() FROM unnest(@days) d
            """, new { p.PleinId, visitor, days = new[] { previous, previous.AddDays(14), running.Start } });
        var earlier = await ReferralArrange.ReferralAsync(Db, p, p.Referral(previous.AddDays(3)));
        await ReferralArrange.ReferralAsync(Db, p, p.Referral(running.Start));
        return (p, visitor, earlier, running);
    }

    [Test]
    public async Task The_running_quarter_on_the_previous_quarters_kept_figures_is_what_counting_every_quarter_gives()
    {
        var (p, _, _, running) = await PleinAsync();
        Assert.That(await Kept.KeepAsync(p.PleinId, running.Previous), Is.True);
        Assert.That(await Kept.KeepAsync(p.PleinId, running), Is.False, "the running quarter is never kept");

        var dashboard = await Kept.LoadAsync(p.PleinId, running);
        var counted = await Counted.LoadAsync([p.PleinId], running);

        Assert.That(dashboard.Previous.Visits, Is.EqualTo(2));
        Assert.That(dashboard.Previous.Referrals, Is.EqualTo(1));
        Assert.That(dashboard.Current.Visits, Is.EqualTo(1));
        Assert.That(Json(dashboard), Is.EqualTo(Json(counted)));
    }

    [Test]
    public async Task The_running_quarter_takes_its_previous_quarter_and_trend_from_the_kept_figures()
    {
        var (p, _, _, running) = await PleinAsync();
        await Kept.KeepAsync(p.PleinId, running.Previous);
        // Proof that the running quarter reads the kept row rather than counting the previous quarter again.
        await using (var conn = await Db.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("""
                UPDATE dataset_figures SET figures = jsonb_set(jsonb_set(figures, '{Current,Visits}', '999'), '{Trend,7,Visits}', '998')
                WHERE plein_id = @PleinId AND quarter_start = @start
                """, new { p.PleinId, start = running.Previous.Start });

        var dashboard = await Kept.LoadAsync(p.PleinId, running);

        Assert.That(dashboard.Previous.Visits, Is.EqualTo(999));
        Assert.That(dashboard.Trend.Select(t => t.Quarter), Is.EqualTo(running.LastQuarters(NewsletterFiguresQuery.TrendQuarters)));
        Assert.That(dashboard.Trend[^2].Visits, Is.EqualTo(998));
        Assert.That(dashboard.Trend[^1].Visits, Is.EqualTo(1), "the running quarter itself counted");
    }

    [Test]
    public async Task A_late_visit_or_a_withdrawal_in_the_previous_quarter_shows_in_the_running_quarter()
    {
        var (p, visitor, earlier, running) = await PleinAsync();
        await Kept.KeepAsync(p.PleinId, running.Previous);

        await using (var conn = await Db.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("""
                INSERT INTO visit (plein_id, visitor_id, visited_on, kind, request_id)
                VALUES (@PleinId, @visitor, @on, 'spreekuur', gen_random_uuid())
                """, new { p.PleinId, visitor, on = running.Previous.Start.AddDays(30) });
        var afterVisit = await Kept.LoadAsync(p.PleinId, running);
        await Kept.KeepAsync(p.PleinId, running.Previous);
        await ReferralArrange.WithdrawAsync(Db, earlier);
        var afterWithdrawal = await Kept.LoadAsync(p.PleinId, running);
        await Kept.KeepAsync(p.PleinId, running.Previous);
        var keptAgain = await Kept.LoadAsync(p.PleinId, running);

        Assert.That((afterVisit.Previous.Visits, afterVisit.Previous.SpreekuurVisits, afterVisit.Trend[^2].Visits), Is.EqualTo((3L, 1L, 3L)));
        Assert.That((afterWithdrawal.Previous.Referrals, afterWithdrawal.Trend[^2].Referrals), Is.EqualTo((0L, 0L)));
        Assert.That(Json(keptAgain), Is.EqualTo(Json(afterWithdrawal)));
        Assert.That(Json(keptAgain), Is.EqualTo(Json(await Counted.LoadAsync([p.PleinId], running))));
    }
}
