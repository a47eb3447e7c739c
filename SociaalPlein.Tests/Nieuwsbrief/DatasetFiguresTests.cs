using System.Text.Json;
using Dapper;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Support;
using SociaalPlein.Tests.Verwijzingen;

namespace SociaalPlein.Tests.Nieuwsbrief;

/// <summary>
/// The dashboard's kept figures of closed quarters (db/0032): counted once, the same as counted live, and counted again
/// after every change that reaches a kept quarter: a late visit or referral, a withdrawal, a cancellation, a corrected
/// status event, a visitor's details, a beheerder's renaming; never kept for the running quarter.
/// </summary>
public sealed class DatasetFiguresTests : DatabaseFixture
{
    // Closed quarters, whatever today is (the triggers and the keeping go by the database's clock).
    static readonly Quarter Q1 = new(2025, 1), Q2 = new(2025, 2), Q3 = new(2025, 3);

    DatasetFigures Kept => new(Db.DataSource, new NewsletterFiguresQuery(Db.DataSource));

    async Task<RegisterPlein> PleinWithVisitsAsync()
    {
        var p = await RegisterArrange.PleinAsync(Db);
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var visitor = await conn.ExecuteScalarAsync<int>("""
            INSERT INTO visitor (plein_id, code, birth_year, gender, first_visit_on, request_id)
            VALUES (@PleinId, 'B-2025-' || lpad((@PleinId % 1000000)::text, 6, '0'), 1958, 'man', DATE '2025-01-06', gen_random_uuid())
            RETURNING id
            """, new { p.PleinId });
        await conn.ExecuteAsync("""
            INSERT INTO visit (plein_id, visitor_id, visited_on, kind, request_id)
            SELECT @PleinId, @visitor, d, 'inloop', gen_random_uuid()
            FROM unnest(ARRAY[DATE '2025-01-06', DATE '2025-02-03', DATE '2025-04-07', DATE '2025-07-07']) d
            """, new { p.PleinId, visitor });
        return p;
    }

    async Task<int> VisitorAsync(int pleinId) => await ScalarAsync<int>("SELECT id FROM visitor WHERE plein_id = @pleinId", new { pleinId });

    async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<T>(sql, args) ?? throw new InvalidOperationException("No value: " + sql);
    }

    async Task ExecuteAsync(string sql, object? args = null)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync(sql, args);
    }

    async Task<Quarter[]> KeptQuartersAsync(int pleinId)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return (await conn.QueryAsync<DateOnly>("SELECT quarter_start FROM dataset_figures WHERE plein_id = @pleinId ORDER BY 1",
            new { pleinId })).Select(Quarter.Of).ToArray();
    }

    async Task KeepAllAsync(int pleinId)
    {
        foreach (var q in new[] { Q1, Q2, Q3 }) await Kept.LoadAsync(pleinId, q);
    }

    // A visit registered today for a day in Q2.
    const string LateVisitInQ2 = """
        INSERT INTO visit (plein_id, visitor_id, visited_on, kind, request_id)
        VALUES (@PleinId, @visitor, DATE '2025-05-05', 'inloop', gen_random_uuid())
        """;

    /// <summary>Q2 counted while the plein's kept-figures version was what the returned version says.</summary>
    async Task<(long Seen, NewsletterFigures Counted)> CountQ2Async(RegisterPlein p)
    {
        await Kept.LoadAsync(p.PleinId, Q3);
        var seen = await ScalarAsync<long>("SELECT version FROM dataset_figures_version WHERE plein_id = @PleinId", new { p.PleinId });
        return (seen, await new NewsletterFiguresQuery(Db.DataSource).LoadAsync([p.PleinId], Q2));
    }

    static string Json(NewsletterFigures f) => JsonSerializer.Serialize(f, DatasetFigures.Json);

    [Test]
    public async Task A_closed_quarter_is_counted_once_kept_and_then_read_as_kept()
    {
        var p = await PleinWithVisitsAsync();
        var live = await new NewsletterFiguresQuery(Db.DataSource).LoadAsync([p.PleinId], Q1);

        var first = await Kept.LoadAsync(p.PleinId, Q1);
        // Proof that the next view reads the kept row rather than counting: a number changed in it shows.
        await ExecuteAsync("""
            UPDATE dataset_figures SET figures = jsonb_set(figures, '{Current,Visits}', '999')
            WHERE plein_id = @PleinId AND quarter_start = DATE '2025-01-01'
            """, new { p.PleinId });
        var second = await Kept.LoadAsync(p.PleinId, Q1);

        Assert.That(live.Current.Visits, Is.EqualTo(2));
        Assert.That(Json(first), Is.EqualTo(Json(live)));
        Assert.That(second.Current.Visits, Is.EqualTo(999));
        Assert.That(Json(second with { Current = live.Current }), Is.EqualTo(Json(live)), "everything else read back as counted");
        Assert.That(second.KeyFigureLines[2], Is.EqualTo(new KeyFigureLine("Bezoeken", 999, 0)));
    }

    [Test]
    public async Task The_running_quarter_is_counted_live_and_never_kept()
    {
        var p = await PleinWithVisitsAsync();
        var running = Quarter.Of(DateOnly.FromDateTime(await ScalarAsync<DateTime>("SELECT timezone('Europe/Amsterdam', now())")));

        await Kept.LoadAsync(p.PleinId, running);

        Assert.That(await KeptQuartersAsync(p.PleinId), Is.Empty);
    }

    [Test]
    public async Task A_late_visit_makes_its_quarter_and_the_later_ones_count_again_and_leaves_earlier_ones_kept()
    {
        var p = await PleinWithVisitsAsync();
        await KeepAllAsync(p.PleinId);
        Assert.That(await KeptQuartersAsync(p.PleinId), Is.EqualTo(new[] { Q1, Q2, Q3 }));

        await ExecuteAsync(LateVisitInQ2, new { p.PleinId, visitor = await VisitorAsync(p.PleinId) });

        Assert.That(await KeptQuartersAsync(p.PleinId), Is.EqualTo(new[] { Q1 }));
        Assert.That((await Kept.LoadAsync(p.PleinId, Q2)).Current.Visits, Is.EqualTo(2));
        Assert.That((await Kept.LoadAsync(p.PleinId, Q3)).Previous.Visits, Is.EqualTo(2), "the next quarter's 'previous' too");
    }

    [Test]
    public async Task A_withdrawn_or_cancelled_referral_of_a_kept_quarter_makes_it_count_again()
    {
        var p = await PleinWithVisitsAsync();
        var withdrawn = await ReferralArrange.ReferralAsync(Db, p, p.Referral(new DateOnly(2025, 2, 10)));
        var cancelled = await ReferralArrange.ReferralAsync(Db, p, p.Referral(new DateOnly(2025, 5, 12)));
        await KeepAllAsync(p.PleinId);
        Assert.That((await Kept.LoadAsync(p.PleinId, Q2)).Current.Referrals, Is.EqualTo(1));

        await ReferralArrange.WithdrawAsync(Db, withdrawn);
        Assert.That(await KeptQuartersAsync(p.PleinId), Is.Empty, "the withdrawal reaches Q1 and every later quarter");

        await KeepAllAsync(p.PleinId);
        await ReferralArrange.SetStatusAsync(Db, cancelled, ReferralStatus.Geannuleerd);
        Assert.That(await KeptQuartersAsync(p.PleinId), Is.EqualTo(new[] { Q1 }));
        Assert.That((await Kept.LoadAsync(p.PleinId, Q2)).Current.Referrals, Is.Zero);
    }

    [Test]
    public async Task A_referral_of_a_kept_quarter_moving_on_today_leaves_the_kept_figures_alone()
    {
        var p = await PleinWithVisitsAsync();
        var referral = await ReferralArrange.ReferralAsync(Db, p, p.Referral(new DateOnly(2025, 2, 10)));
        await KeepAllAsync(p.PleinId);
        var version = await ScalarAsync<long>("SELECT version FROM dataset_figures_version WHERE plein_id = @PleinId", new { p.PleinId });

        var accepted = await new ReferralLoop(Db.DataSource).ChangeAsync(p.ReceiverUserId, referral,
            new StatusChange(ReferralStatus.Verzonden, ReferralStatus.Geaccepteerd));

        Assert.That(accepted.Outcome, Is.EqualTo(StatusChangeOutcome.Changed));
        Assert.That(await KeptQuartersAsync(p.PleinId), Is.EqualTo(new[] { Q1, Q2, Q3 }));
        Assert.That(await ScalarAsync<long>("SELECT version FROM dataset_figures_version WHERE plein_id = @PleinId", new { p.PleinId }),
            Is.EqualTo(version));
    }

    [Test]
    public async Task A_status_event_recorded_with_a_time_in_a_kept_quarter_makes_that_quarter_count_again()
    {
        var p = await PleinWithVisitsAsync();
        var referral = await ReferralArrange.ReferralAsync(Db, p, p.Referral(new DateOnly(2025, 2, 10)));
        await KeepAllAsync(p.PleinId);

        await ExecuteAsync("""
            INSERT INTO referral_status_event (referral_id, status, changed_at)
            VALUES (@referral, 'geaccepteerd', TIMESTAMPTZ '2025-04-15 10:00+02')
            """, new { referral });

        Assert.That(await KeptQuartersAsync(p.PleinId), Is.EqualTo(new[] { Q1 }), "the referral's status at Q1's end is unchanged");
    }

    [Test]
    public async Task A_visitors_changed_details_or_a_renamed_organisation_make_kept_quarters_count_again()
    {
        var p = await PleinWithVisitsAsync();
        var other = await PleinWithVisitsAsync();
        await KeepAllAsync(p.PleinId);
        await KeepAllAsync(other.PleinId);

        await ExecuteAsync("UPDATE visitor SET birth_year = 1960 WHERE id = @visitor", new { visitor = await VisitorAsync(p.PleinId) });
        Assert.That(await KeptQuartersAsync(p.PleinId), Is.Empty);
        Assert.That(await KeptQuartersAsync(other.PleinId), Is.EqualTo(new[] { Q1, Q2, Q3 }), "another plein's visitor");

        await ExecuteAsync("UPDATE organisation SET name = name || ' (nieuw)' WHERE id = @ReceiverOrganisationId", new { p.ReceiverOrganisationId });
        Assert.That(await KeptQuartersAsync(other.PleinId), Is.Empty);
    }

    [Test]
    public async Task Figures_counted_before_a_change_are_not_kept_when_the_change_came_first()
    {
        var p = await PleinWithVisitsAsync();
        var (seen, counted) = await CountQ2Async(p);

        await ExecuteAsync(LateVisitInQ2, new { p.PleinId, visitor = await VisitorAsync(p.PleinId) });

        Assert.That(await Kept.KeepAsync(p.PleinId, Q2, counted, seen), Is.False);
        Assert.That(await KeptQuartersAsync(p.PleinId), Is.Empty);
        Assert.That(await Kept.KeepAsync(p.PleinId, Q2, counted, seen + 1), Is.True, "with the version after the change");
    }

    [Test]
    public async Task Figures_kept_while_a_late_change_is_committing_wait_for_it_and_are_not_kept()
    {
        var p = await PleinWithVisitsAsync();
        var (seen, counted) = await CountQ2Async(p);
        var visitor = await VisitorAsync(p.PleinId);

        await using var writer = await Db.DataSource.OpenConnectionAsync();
        await using var tx = await writer.BeginTransactionAsync();
        await writer.ExecuteAsync(LateVisitInQ2, new { p.PleinId, visitor }, tx);
        // The keeping starts while the change is not committed: it must wait for it, then see the new version.
        var keeping = Kept.KeepAsync(p.PleinId, Q2, counted, seen);
        await Task.Delay(200);
        var waited = !keeping.IsCompleted;
        await tx.CommitAsync();

        Assert.That(await keeping, Is.False);
        Assert.That(waited, Is.True, "the keeping waited for the change");
        Assert.That(await KeptQuartersAsync(p.PleinId), Is.Empty);
    }
}
