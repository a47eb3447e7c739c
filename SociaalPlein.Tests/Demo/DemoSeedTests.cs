using Dapper;
using Npgsql;
using SociaalPlein.Data.Demo;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Demo;

public sealed class DemoSeedTests
{
    static readonly DateOnly Today = new(2026, 3, 16);
    const string PasswordHash = "demo-hash";

    // One seeded database that the read-only tests share; tests that seed again make their own.
    FixtureDatabase? _seeded;
    DemoSeedResult? _result;

    FixtureDatabase Seeded => _seeded ?? throw new InvalidOperationException("Not seeded yet.");
    DemoSeedResult Result => _result ?? throw new InvalidOperationException("Not seeded yet.");

    [OneTimeSetUp]
    public async Task SeedOnce()
    {
        _seeded = await TestDatabase.CreateAsync();
        _result = await new DemoSeed(_seeded.DataSource).RunAsync(Today, PasswordHash);
    }

    [OneTimeTearDown]
    public async Task DropSeeded()
    {
        if (_seeded is not null) await _seeded.DisposeAsync();
    }

    [Test]
    public async Task Seeding_twice_with_the_same_date_gives_identical_data()
    {
        await using var other = await TestDatabase.CreateAsync();

        await new DemoSeed(other.DataSource).RunAsync(Today, PasswordHash);

        var expected = await TableFingerprintsAsync(Seeded.DataSource);
        Assert.That(await TableFingerprintsAsync(other.DataSource), Is.EqualTo(expected));
        Assert.That(expected.Values.Count(f => f.Rows > 0), Is.GreaterThanOrEqualTo(20));
    }

    [Test]
    public async Task Seed_runs_only_on_an_empty_database()
    {
        var before = await TableFingerprintsAsync(Seeded.DataSource);

        var again = await new DemoSeed(Seeded.DataSource).RunAsync(Today.AddDays(7), PasswordHash);

        Assert.That(again, Is.Null);
        Assert.That(await TableFingerprintsAsync(Seeded.DataSource), Is.EqualTo(before));
    }

    [Test]
    public async Task Two_concurrent_runs_seed_the_demo_once()
    {
        await using var db = await TestDatabase.CreateAsync();

        var results = await Task.WhenAll(
            Task.Run(() => new DemoSeed(db.DataSource).RunAsync(Today, PasswordHash)),
            Task.Run(() => new DemoSeed(db.DataSource).RunAsync(Today, PasswordHash)));

        Assert.That(results.Count(r => r is not null), Is.EqualTo(1));
        await using var conn = await db.DataSource.OpenConnectionAsync();
        Assert.That(await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM plein"), Is.EqualTo(2));
    }

    [Test]
    public async Task Demo_volumes_are_as_described_and_reported()
    {
        await using var conn = await Seeded.DataSource.OpenConnectionAsync();
        var counted = await conn.QuerySingleAsync<DemoSeedResult>("""
            SELECT (SELECT count(*)::int FROM plein) AS pleinen, (SELECT count(*)::int FROM organisation) AS organisations,
                   (SELECT count(*)::int FROM professional) AS professionals, (SELECT count(*)::int FROM spreekuur) AS spreekuren,
                   (SELECT count(*)::int FROM visitor) AS visitors, (SELECT count(*)::int FROM visit) AS visits,
                   (SELECT count(*)::int FROM referral) AS referrals, (SELECT count(*)::int FROM app_user) AS users
            """);

        Assert.That(counted, Is.EqualTo(Result));
        Assert.That(counted.Pleinen, Is.EqualTo(2));
        Assert.That(counted.Organisations, Is.InRange(35, 45));
        Assert.That(counted.Professionals, Is.InRange(130, 170));
        Assert.That(counted.Spreekuren, Is.InRange(30, 40));
        Assert.That(counted.Visits, Is.InRange(2_000, 5_000));
        Assert.That(counted.Referrals, Is.InRange(1_500, 3_000));
        Assert.That(counted.Users, Is.EqualTo(3));
        var wijkenPerPlein = await conn.QueryAsync<int>("SELECT count(*)::int FROM wijk GROUP BY plein_id");
        Assert.That(wijkenPerPlein, Has.All.InRange(4, 6));
        var spreekurenPerPlein = await conn.QueryAsync<int>("SELECT count(*)::int FROM spreekuur GROUP BY plein_id");
        Assert.That(spreekurenPerPlein, Has.All.InRange(15, 20));
    }

    [Test]
    public async Task At_least_five_visitors_are_frequent_visitors_today()
    {
        await using var conn = await Seeded.DataSource.OpenConnectionAsync();

        var frequent = await conn.ExecuteScalarAsync<int>("""
            SELECT count(*)::int FROM (
                SELECT visitor_id FROM visit
                WHERE visited_on > @Today::date - 90 AND visited_on <= @Today
                GROUP BY visitor_id HAVING count(*) >= 3) f
            """, new { Today });

        Assert.That(frequent, Is.GreaterThanOrEqualTo(5));
    }

    [Test]
    public async Task Visits_are_quieter_in_July_and_August_than_in_other_months()
    {
        await using var conn = await Seeded.DataSource.OpenConnectionAsync();

        // Whole months only: the first and last month of the history are partial.
        var (summer, rest) = await conn.QuerySingleAsync<(decimal, decimal)>("""
            WITH months AS (SELECT date_trunc('month', visited_on) AS month, count(*) AS visits FROM visit GROUP BY 1),
                 whole AS (SELECT * FROM months WHERE month > (SELECT min(month) FROM months) AND month < (SELECT max(month) FROM months))
            SELECT avg(visits) FILTER (WHERE extract(month FROM month) IN (7, 8)),
                   avg(visits) FILTER (WHERE extract(month FROM month) NOT IN (7, 8))
            FROM whole
            """);

        Assert.That(summer, Is.LessThan(rest * 0.8m));
    }

    [Test]
    public async Task Spreekuren_never_share_a_room_or_a_host_at_the_same_time()
    {
        await using var conn = await Seeded.DataSource.OpenConnectionAsync();

        var clashes = await conn.ExecuteScalarAsync<int>("""
            SELECT count(*)::int FROM spreekuur a
            JOIN spreekuur b ON a.id < b.id AND a.plein_id = b.plein_id AND a.weekday = b.weekday
                            AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at
            WHERE a.location = b.location OR a.professional_id = b.professional_id
            """);

        Assert.That(clashes, Is.Zero);
    }

    [Test]
    public async Task Visits_fall_on_weekdays_at_a_spreekuur_of_that_day_and_kind()
    {
        await using var conn = await Seeded.DataSource.OpenConnectionAsync();

        var wrong = await conn.ExecuteScalarAsync<int>("""
            SELECT count(*)::int FROM visit v JOIN spreekuur s ON s.id = v.spreekuur_id
            WHERE extract(isodow FROM v.visited_on) > 5 OR s.weekday <> extract(isodow FROM v.visited_on)
               OR s.kind <> v.kind OR s.plein_id <> v.plein_id OR v.helped_by IS NULL OR v.visited_on > @Today
               OR (SELECT count(*) FROM visit_leefgebied l WHERE l.visit_id = v.id) NOT BETWEEN 1 AND 3
            """, new { Today });

        Assert.That(wrong, Is.Zero);
    }

    [Test]
    public async Task Referrals_point_at_the_organisation_of_their_professionals_and_the_visitor_of_their_visit()
    {
        await using var conn = await Seeded.DataSource.OpenConnectionAsync();

        var wrong = await conn.ExecuteScalarAsync<int>("""
            SELECT count(*)::int FROM referral r
            LEFT JOIN professional f ON f.id = r.from_professional_id
            LEFT JOIN professional t ON t.id = r.to_professional_id
            LEFT JOIN visit v ON v.id = r.visit_id
            WHERE (f.id IS NOT NULL AND f.organisation_id <> r.from_organisation_id)
               OR (t.id IS NOT NULL AND t.organisation_id <> r.to_organisation_id)
               OR (v.id IS NOT NULL AND (v.visitor_id <> r.visitor_id OR v.visited_on <> r.referred_on))
               OR r.from_organisation_id = r.to_organisation_id
            """);
        var kinds = (await conn.QueryAsync<string>("SELECT DISTINCT from_kind FROM referral ORDER BY 1")).ToList();
        var withoutVisitor = await conn.ExecuteScalarAsync<int>("SELECT count(*)::int FROM referral WHERE visitor_id IS NULL");

        Assert.That(wrong, Is.Zero);
        Assert.That(kinds, Is.EqualTo(new[] { "eigen_initiatief", "organisation", "professional" }));
        Assert.That(withoutVisitor, Is.GreaterThan(0));
    }

    [Test]
    public async Task The_three_demo_accounts_have_their_roles_and_pleinen()
    {
        await using var conn = await Seeded.DataSource.OpenConnectionAsync();

        var accounts = (await conn.QueryAsync<(string Email, string Role, string Pleinen, string? Professional, string? Hash,
            string Name)>("""
            SELECT u.email, u.role, string_agg(p.name, ', ' ORDER BY p.name), pr.name, u.password_hash, u.display_name
            FROM app_user u
            JOIN app_user_plein m ON m.user_id = u.id JOIN plein p ON p.id = m.plein_id
            LEFT JOIN professional pr ON pr.id = u.professional_id
            GROUP BY u.id, pr.name ORDER BY u.email
            """)).ToList();

        Assert.That(accounts.Select(a => (a.Email, a.Role, a.Pleinen)), Is.EqualTo(new[]
        {
            (DemoAccounts.Beheerder, "beheerder", "Sociaal Plein Etten-Leur, Sociaal Plein Nieuwland"),
            (DemoAccounts.Professional, "professional", "Sociaal Plein Nieuwland"),
            (DemoAccounts.Projectleider, "projectleider", "Sociaal Plein Nieuwland"),
        }));
        Assert.That(accounts.Select(a => a.Hash), Has.All.EqualTo(PasswordHash));
        var professional = accounts.Single(a => a.Email == DemoAccounts.Professional);
        Assert.That(professional.Professional, Is.Not.Null.And.EqualTo(professional.Name));
        var function = await conn.ExecuteScalarAsync<string>("""
            SELECT p.function || ' / ' || o.name FROM app_user u JOIN professional p ON p.id = u.professional_id
            JOIN organisation o ON o.id = p.organisation_id WHERE u.email = @Professional
            """, new { DemoAccounts.Professional });
        Assert.That(function, Is.EqualTo("maatschappelijk werker / Wijkteam Schiedam Nieuwland"));
    }

    [Test]
    public async Task Every_referral_status_equals_its_last_status_event()
    {
        await using var conn = await Seeded.DataSource.OpenConnectionAsync();

        var mismatches = await conn.ExecuteScalarAsync<int>("""
            SELECT count(*)::int FROM referral r
            JOIN LATERAL (SELECT * FROM referral_status_event e WHERE e.referral_id = r.id
                          ORDER BY e.changed_at DESC, e.id DESC LIMIT 1) last ON true
            JOIN LATERAL (SELECT * FROM referral_status_event e WHERE e.referral_id = r.id
                          ORDER BY e.changed_at, e.id LIMIT 1) first ON true
            WHERE r.status <> last.status OR r.outcome IS DISTINCT FROM last.outcome
               OR r.status_reason IS DISTINCT FROM last.reason OR r.status_changed_at <> last.changed_at
               OR first.status <> 'verzonden' OR first.changed_at <> r.created_at
            """);
        var outOfOrder = await conn.ExecuteScalarAsync<int>("""
            SELECT count(*)::int FROM (
                SELECT changed_at <= lag(changed_at) OVER (PARTITION BY referral_id ORDER BY id) AS backwards FROM referral_status_event) e
            WHERE backwards
            """);

        Assert.That(mismatches, Is.Zero);
        Assert.That(outOfOrder, Is.Zero);
    }

    [Test]
    public async Task Older_referrals_are_mostly_closed_and_recent_ones_mostly_open()
    {
        await using var conn = await Seeded.DataSource.OpenConnectionAsync();

        var (olderClosed, recentOpen) = await conn.QuerySingleAsync<(double, double)>("""
            SELECT avg((status NOT IN ('verzonden', 'geaccepteerd', 'contact_gelegd'))::int)
                       FILTER (WHERE referred_on < @Today::date - 180),
                   avg((status IN ('verzonden', 'geaccepteerd', 'contact_gelegd'))::int)
                       FILTER (WHERE referred_on > @Today::date - 7)
            FROM referral
            """, new { Today });

        Assert.That(olderClosed, Is.GreaterThan(0.85));
        Assert.That(recentOpen, Is.GreaterThan(0.8));
    }

    [Test]
    public async Task Seeding_on_a_summer_sunday_also_gives_a_complete_demo()
    {
        var sunday = new DateOnly(2027, 8, 1);
        await using var db = await TestDatabase.CreateAsync();

        var result = await new DemoSeed(db.DataSource).RunAsync(sunday, PasswordHash);

        Assert.That(result, Is.Not.Null);
        Assert.That(result!.Referrals, Is.InRange(1_500, 3_000));
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var (frequent, weekend) = await conn.QuerySingleAsync<(int, int)>("""
            SELECT (SELECT count(*)::int FROM (SELECT 1 FROM visit WHERE visited_on > @sunday::date - 90
                                               GROUP BY visitor_id HAVING count(*) >= 3) f),
                   (SELECT count(*)::int FROM visit WHERE extract(isodow FROM visited_on) > 5 OR visited_on > @sunday)
            """, new { sunday });
        Assert.That(frequent, Is.GreaterThanOrEqualTo(5));
        Assert.That(weekend, Is.Zero);
    }

    sealed record TableFingerprint(long Rows, string Md5);

    // Every table's row count and an md5 over all its rows. The security stamp is random by design.
    [Test]
    public async Task Part_of_the_visitors_are_measured_with_follow_ups_that_mostly_improve()
    {
        await using var conn = await Seeded.DataSource.OpenConnectionAsync();
        var (measured, visitors, followedUp, up, down, health) = await conn.QuerySingleAsync<(long, long, long, long, long, long)>("""
            WITH pairs AS (
                SELECT visitor_id, leefgebied_id, count(*) AS n,
                       (array_agg(step ORDER BY measured_on DESC))[1] - (array_agg(step ORDER BY measured_on))[1] AS change
                FROM meting GROUP BY visitor_id, leefgebied_id)
            SELECT (SELECT count(DISTINCT visitor_id) FROM meting), (SELECT count(*) FROM visitor),
                   count(*) FILTER (WHERE n > 1), count(*) FILTER (WHERE n > 1 AND change > 0), count(*) FILTER (WHERE n > 1 AND change < 0),
                   (SELECT count(*) FROM meting m JOIN leefgebied l ON l.id = m.leefgebied_id WHERE l.health)
            FROM pairs
            """);

        Assert.That(measured, Is.InRange(visitors / 10, visitors / 2), "part of the visitors");
        Assert.That(followedUp, Is.GreaterThan(20), "first metingen with follow-ups");
        Assert.That(up, Is.GreaterThan(2 * down), "more went up than down");
        Assert.That(down, Is.GreaterThan(0), "but not everyone");
        Assert.That(health, Is.Zero, "the health leefgebieden are off on the demo's pleinen");
    }

    static async Task<Dictionary<string, TableFingerprint>> TableFingerprintsAsync(NpgsqlDataSource dataSource)
    {
        await using var conn = await dataSource.OpenConnectionAsync();
        var tables = await conn.QueryAsync<string>("""
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migration'
            ORDER BY 1
            """);
        var fingerprints = new Dictionary<string, TableFingerprint>();
        foreach (var table in tables)
            fingerprints[table] = await conn.QuerySingleAsync<TableFingerprint>($"""
                SELECT count(*) AS rows, md5(coalesce(string_agg(row, E'\n' ORDER BY row), '')) AS md5
                FROM (SELECT (to_jsonb(t) - 'security_stamp')::text AS row FROM "{table}" t) r
                """);
        return fingerprints;
    }
}
