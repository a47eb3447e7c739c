using Dapper;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Benchmarks;

/// <summary>
/// The region generator at a small scale (the benchmarks use it at full scale): the counts asked for, every constraint
/// of db/ holding (foreign keys checked after the load), and a closed loop that makes sense.
/// </summary>
public sealed class RegionDatasetTests : DatabaseFixture
{
    static readonly RegionScale Scale = new(Pleinen: 3, Organisations: 12, Professionals: 60, Visitors: 600, Visits: 1_800, Referrals: 1_200,
        Years: 2, EndsOn: new DateOnly(2026, 9, 30), Hot: new HotPleinQuarter(2, new Quarter(2026, 2), 400));

    RegionGenerated _region = null!;

    protected override async Task ArrangeAsync() => _region = await RegionDataset.GenerateAsync(Db.DataSource, Scale);

    Task<long> CountAsync(string sql, object? args = null) => ScalarAsync<long>(sql, args);

    async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, args))!;
    }

    [Test]
    public async Task Generates_exactly_the_counts_asked_for()
    {
        Assert.That(await CountAsync("SELECT count(*) FROM plein"), Is.EqualTo(Scale.Pleinen));
        Assert.That(await CountAsync("SELECT count(*) FROM wijk"), Is.EqualTo(Scale.Pleinen * Scale.WijkenPerPlein));
        Assert.That(await CountAsync("SELECT count(*) FROM organisation"), Is.EqualTo(Scale.Organisations));
        Assert.That(await CountAsync("SELECT count(*) FROM professional"), Is.EqualTo(Scale.Professionals));
        Assert.That(await CountAsync("SELECT count(*) FROM visitor"), Is.EqualTo(Scale.Visitors));
        Assert.That(await CountAsync("SELECT count(*) FROM visit"), Is.EqualTo(Scale.Visits));
        Assert.That(await CountAsync("SELECT count(*) FROM referral"), Is.EqualTo(Scale.TotalReferrals));
        Assert.That(await CountAsync("SELECT count(*) FROM visit WHERE visited_on NOT BETWEEN @StartsOn AND @EndsOn", Scale), Is.Zero);
        Assert.That(await CountAsync("SELECT count(*) FROM referral WHERE referred_on NOT BETWEEN @StartsOn AND @EndsOn", Scale), Is.Zero);
        Assert.That(await ScalarAsync<string>("SELECT name FROM plein WHERE id = @id", new { id = _region.PleinId(2) }), Is.EqualTo(RegionDataset.PleinName(2)));
    }

    [Test]
    public async Task The_hot_plein_quarter_gets_its_referrals_on_top_of_the_spread_ones()
    {
        var q = Scale.Hot!.Quarter;
        var hot = await CountAsync("SELECT count(*) FROM referral WHERE plein_id = @plein AND referred_on >= @Start AND referred_on < @End",
            new { plein = _region.PleinId(2), q.Start, q.End });
        var other = await CountAsync("SELECT count(*) FROM referral WHERE plein_id = @plein AND referred_on >= @Start AND referred_on < @End",
            new { plein = _region.PleinId(1), q.Start, q.End });

        Assert.That(hot, Is.GreaterThanOrEqualTo(Scale.Hot.Referrals));
        Assert.That(hot - Scale.Hot.Referrals, Is.LessThan(other * 3), "beyond the hot ones, a share like any plein's");
    }

    [Test]
    public async Task Every_foreign_key_holds_after_the_load()
    {
        Assert.That(await RegionDataset.BrokenForeignKeysAsync(Db.DataSource), Is.Empty);
    }

    [Test]
    public async Task The_closed_loop_is_consistent_and_contact_comes_after_the_referral()
    {
        Assert.That(await CountAsync("""
            SELECT count(*) FROM referral r
            WHERE r.status <> (SELECT e.status FROM referral_status_event e WHERE e.referral_id = r.id ORDER BY e.changed_at DESC, e.id DESC LIMIT 1)
               OR r.status_changed_at <> (SELECT max(e.changed_at) FROM referral_status_event e WHERE e.referral_id = r.id)
            """), Is.Zero, "the referral carries its last event");
        Assert.That(await CountAsync("SELECT count(*) FROM referral r WHERE NOT EXISTS (SELECT 1 FROM referral_status_event e WHERE e.referral_id = r.id AND e.status = 'verzonden')"),
            Is.Zero);
        var statuses = (await QueryAsync<string>("SELECT DISTINCT status FROM referral")).ToList();
        Assert.That(statuses, Is.EquivalentTo(new[] { "verzonden", "geaccepteerd", "contact_gelegd", "afgerond", "afgewezen", "niet_bereikt", "geannuleerd" }));
        var days = await ScalarAsync<double>("""
            SELECT avg((e.changed_at AT TIME ZONE 'Europe/Amsterdam')::date - r.referred_on)
            FROM referral r JOIN referral_status_event e ON e.referral_id = r.id AND e.status = 'contact_gelegd'
            """);
        Assert.That(days, Is.InRange(2.0, 20.0), "days to contact");
        Assert.That(await CountAsync("SELECT count(*) FROM referral_status_event WHERE changed_at > @now",
            new { now = new DateTimeOffset(Scale.EndsOn.ToDateTime(new TimeOnly(18, 0)), TimeSpan.Zero) }), Is.Zero, "nothing after 'now'");
    }

    [Test]
    public async Task Each_referrals_first_contact_is_its_earliest_contact_event_as_the_trigger_keeps_it()
    {
        Assert.That(await CountAsync("""
            SELECT count(*) FROM referral r
            WHERE r.first_contact_at IS DISTINCT FROM (SELECT min(e.changed_at) FROM referral_status_event e
                                                       WHERE e.referral_id = r.id AND e.status IN ('contact_gelegd', 'afgerond'))
            """), Is.Zero);
        Assert.That(await CountAsync("SELECT count(*) FROM referral WHERE first_contact_at IS NOT NULL"), Is.Positive);
    }

    [Test]
    public async Task Each_visitors_first_visit_is_their_earliest_visit()
    {
        Assert.That(await CountAsync("""
            SELECT count(*) FROM visitor v WHERE v.first_visit_on <> (SELECT min(x.visited_on) FROM visit x WHERE x.visitor_id = v.id)
            """), Is.Zero);
    }

    async Task<IEnumerable<T>> QueryAsync<T>(string sql)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return await conn.QueryAsync<T>(sql);
    }
}
