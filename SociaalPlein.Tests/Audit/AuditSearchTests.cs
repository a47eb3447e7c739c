using System.Text.Json;
using Dapper;
using SociaalPlein.Data.Audit;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Audit;

/// <summary>
/// /beheer/audit's query: every filter returns exactly the entries an independent SQL count finds, newest first, and
/// walking the pages (keyset on time and id, with many entries in the same second) neither skips nor repeats one.
/// </summary>
public sealed class AuditSearchTests : DatabaseFixture
{
    int _a, _b;
    AuditSearch _search = null!;

    protected override async Task ArrangeAsync()
    {
        _a = await Arrange.PleinAsync(Db, "Plein Audit A");
        _b = await Arrange.PleinAsync(Db, "Plein Audit B");
        _search = new AuditSearch(Db.DataSource);
        await AuditArrange.EntriesAsync(Db, 3000, _a, _b, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(37));
        // 120 entries in one and the same microsecond: only the id tells them apart, and no page may lose one.
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO audit_log (occurred_at, user_email, role, action, subject, plein_id, outcome)
            SELECT timestamptz '2026-04-10 12:00:00+00', 'tegelijk@test.nl', 'beheerder', 'visitor.view', 'B-2026-0007', @_a, 'allowed'
            FROM generate_series(1, 120)
            """, new { _a });
    }

    async Task<List<long>> WalkAsync(AuditFilter filter)
    {
        var ids = new List<long>();
        AuditCursor? after = null;
        do
        {
            var page = await _search.PageAsync(filter, after);
            Assert.That(page.Rows, Has.Count.LessThanOrEqualTo(AuditSearch.PageSize));
            ids.AddRange(page.Rows.Select(r => r.Id));
            after = page.Next;
        } while (after is not null);
        return ids;
    }

    // The expectation written apart from AuditSearch: the period as Amsterdam calendar days of the stored instant.
    async Task<List<long>> ExpectedAsync(string where, object args)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return (await conn.QueryAsync<long>($"""
            SELECT id FROM audit_log a WHERE {where} ORDER BY occurred_at DESC, id DESC
            """, args)).ToList();
    }

    static IEnumerable<TestCaseData> Filters()
    {
        yield return new TestCaseData(new AuditFilter(), "true").SetName("No_filter_pages_through_the_whole_log");
        yield return new TestCaseData(new AuditFilter(UserEmail: "user3@test.nl"), "user_email = 'user3@test.nl'").SetName("Filter_by_user");
        yield return new TestCaseData(new AuditFilter(Subject: "B-2026-0007"), "subject = 'B-2026-0007'").SetName("Filter_by_data_subject");
        yield return new TestCaseData(new AuditFilter(Action: "referral.view"), "action = 'referral.view'").SetName("Filter_by_action");
        yield return new TestCaseData(new AuditFilter(Allowed: false), "outcome = 'refused'").SetName("Filter_by_outcome_refused");
        yield return new TestCaseData(new AuditFilter(Allowed: true), "outcome = 'allowed'").SetName("Filter_by_outcome_allowed");
        yield return new TestCaseData(new AuditFilter(From: new DateOnly(2026, 3, 29), To: new DateOnly(2026, 3, 30)),
            "(occurred_at AT TIME ZONE 'Europe/Amsterdam')::date BETWEEN DATE '2026-03-29' AND DATE '2026-03-30'")
            .SetName("Filter_by_period_in_Amsterdam_days_across_the_clock_change");
        yield return new TestCaseData(new AuditFilter(To: new DateOnly(2026, 3, 1)),
            "(occurred_at AT TIME ZONE 'Europe/Amsterdam')::date <= DATE '2026-03-01'").SetName("Filter_until_a_day");
    }

    [TestCaseSource(nameof(Filters))]
    public async Task A_filter_returns_exactly_the_matching_entries_newest_first(AuditFilter filter, string where)
    {
        var expected = await ExpectedAsync(where, new { });

        var found = await WalkAsync(filter);

        Assert.That(expected, Is.Not.Empty, "the arrangement has entries for this filter");
        Assert.That(found, Is.EqualTo(expected));
    }

    [Test]
    public async Task Plein_and_combined_filters_return_exactly_the_matching_entries()
    {
        var byPlein = await ExpectedAsync("plein_id = @_b", new { _b });
        var combined = await ExpectedAsync("""
            action = 'visitor.view' AND plein_id = @_a AND outcome = 'allowed' AND subject = 'B-2026-0007'
            AND (occurred_at AT TIME ZONE 'Europe/Amsterdam')::date BETWEEN DATE '2026-04-01' AND DATE '2026-04-30'
            """, new { _a });

        Assert.That(await WalkAsync(new AuditFilter(PleinId: _b)), Is.EqualTo(byPlein));
        Assert.That(await WalkAsync(new AuditFilter(Subject: "B-2026-0007", Action: "visitor.view", Allowed: true, PleinId: _a,
            From: new DateOnly(2026, 4, 1), To: new DateOnly(2026, 4, 30))), Is.EqualTo(combined));
        Assert.That(combined, Has.Count.GreaterThan(AuditSearch.PageSize), "more than a page, the same-second entries among them");
    }

    [Test]
    public async Task The_export_reads_every_entry_of_the_filter_in_the_same_order()
    {
        var filter = new AuditFilter(Action: "visitor.view", PleinId: _a);
        var rows = new List<long>();

        await foreach (var row in _search.AllAsync(filter)) rows.Add(row.Id);

        Assert.That(rows, Is.EqualTo(await WalkAsync(filter)));
    }

    [Test]
    public async Task The_action_list_is_every_distinct_action_in_the_log()
    {
        var expected = await ExpectedDistinctAsync();

        Assert.That(await _search.ActionsAsync(), Is.EqualTo(expected));
    }

    async Task<List<string>> ExpectedDistinctAsync()
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return (await conn.QueryAsync<string>("SELECT DISTINCT action FROM audit_log ORDER BY action")).ToList();
    }

    [Test]
    public void A_cursor_survives_its_round_trip_through_the_address()
    {
        var cursor = new AuditCursor(new DateTime(2026, 4, 10, 12, 0, 0, DateTimeKind.Utc).AddTicks(1230), 42);

        Assert.That(AuditCursor.Parse(cursor.ToString()), Is.EqualTo(cursor));
        Assert.That(AuditCursor.Parse("1-2-3"), Is.Null);
        Assert.That(AuditCursor.Parse("abc"), Is.Null);
        Assert.That(AuditCursor.Parse(JsonSerializer.Serialize(new { x = 1 })), Is.Null);
    }
}

/// <summary>Many audit entries at once, by plain INSERT, with every field varying.</summary>
public static class AuditArrange
{
    public static async Task EntriesAsync(FixtureDatabase db, int count, int pleinA, int pleinB, DateTimeOffset first, TimeSpan step)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO audit_log (occurred_at, user_id, user_email, role, action, object_type, object_id, subject, plein_id,
                                   client_address, outcome, detail)
            SELECT @first + g * @step,
                   g % 7, 'user' || (g % 7) || '@test.nl',
                   (ARRAY['professional', 'projectleider', 'beheerder'])[1 + g % 3],
                   (ARRAY['visitor.view', 'referral.view', 'login.success', 'dataset.export'])[1 + g % 4],
                   'visitor', g::text,
                   CASE WHEN g % 5 = 0 THEN NULL ELSE 'B-2026-' || lpad((g % 50)::text, 4, '0') END,
                   CASE g % 3 WHEN 0 THEN NULL WHEN 1 THEN @pleinA ELSE @pleinB END,
                   '10.0.0.1', CASE WHEN g % 11 = 0 THEN 'refused' ELSE 'allowed' END,
                   jsonb_build_object('n', g)
            FROM generate_series(1, @count) g
            """, new { first, step, pleinA, pleinB, count });
        await conn.ExecuteAsync("ANALYZE audit_log");
    }
}
