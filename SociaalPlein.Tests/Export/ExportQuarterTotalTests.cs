using Dapper;
using Npgsql;
using SociaalPlein.Data.Export;
using SociaalPlein.Data.Registreren;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Support;
using static SociaalPlein.Tests.Bezoekers.BezoekersArrange;

namespace SociaalPlein.Tests.Export;

/// <summary>
/// The kept plein-quarter totals (db/0114) against a count of the register itself, after each kind of write the app
/// makes (through its own commands, committed) and after writes from several connections at once: per plein and
/// quarter the visits, the referrals with a visitor and the distinct visitors with either, none withdrawn; and the
/// export form's kept counts against each table's own count.
/// </summary>
public sealed class ExportQuarterTotalTests : ExportFixture
{
    sealed record QuarterCount(int PleinId, DateOnly Quarter, long Visits, long Referrals, long Visitors);

    const string TotalsSql = """
        SELECT plein_id AS PleinId, quarter AS Quarter, sum(visits)::bigint AS Visits, sum(referrals)::bigint AS Referrals,
               sum(visitors)::bigint AS Visitors
        FROM export_quarter_total
        GROUP BY 1, 2
        HAVING sum(visits) <> 0 OR sum(referrals) <> 0 OR sum(visitors) <> 0
        ORDER BY 1, 2
        """;

    const string RegisterSql = """
        SELECT plein_id AS PleinId, quarter AS Quarter, count(*) FILTER (WHERE is_visit) AS Visits,
               count(*) FILTER (WHERE NOT is_visit) AS Referrals, count(DISTINCT visitor_id) AS Visitors
        FROM (SELECT plein_id, date_trunc('quarter', visited_on)::date AS quarter, visitor_id, true AS is_visit
              FROM visit WHERE withdrawn_at IS NULL
              UNION ALL
              SELECT plein_id, date_trunc('quarter', referred_on)::date, visitor_id, false
              FROM referral WHERE withdrawn_at IS NULL AND visitor_id IS NOT NULL) a
        GROUP BY 1, 2
        ORDER BY 1, 2
        """;

    static readonly DateOnly Q4Start = new(2026, 10, 1), Q4End = new(2026, 12, 31);

    async Task AssertTotalsAreTheRegistersAsync(NpgsqlConnection conn, DateOnly van, DateOnly tot, string after)
    {
        var kept = (await conn.QueryAsync<QuarterCount>(TotalsSql)).ToList();
        var counted = (await conn.QueryAsync<QuarterCount>(RegisterSql)).ToList();
        Assert.That(counted, Is.Not.Empty, "a register to count");
        Assert.That(kept, Is.EqualTo(counted), $"the kept totals per plein and quarter are the register's, {after}");
        Assert.That(await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM export_visitor_quarter WHERE NOT (visits > 0 OR referrals > 0)"),
            Is.Zero, $"no visitor's row is left with nothing in it, {after}");

        foreach (var pleinen in new[] { new[] { P.PleinId }, [P.PleinId, P.OtherPleinId] })
        {
            var filter = new ExportFilter(pleinen, van, tot);
            // Each table's own count on this connection, so inside its transaction where it has one.
            async Task<long> Own(ExportTable t)
            {
                await using var command = t.Count(filter).Command(conn);
                return (long)(await command.ExecuteScalarAsync())!;
            }
            var own = new KeptQuarterCounts(await Own(ExportTable.Verwijzingen), await Own(ExportTable.Bezoeken), await Own(ExportTable.Bezoekers));
            Assert.That(await KeptQuarterCounts.ReadAsync(conn, filter, CancellationToken.None), Is.EqualTo(own),
                $"the export form's kept counts of {van:yyyy-MM} for pleinen {string.Join(",", pleinen)}, {after}");
        }
    }

    async Task<NpgsqlConnection> OpenAsync() => await Db.DataSource.OpenConnectionAsync();

    async Task<int> RegisterVisitAsync(VisitorSummary visitor, DateOnly on, params ReferralDraft[] referrals)
    {
        var result = await new VisitRegistration(Db.DataSource).RegisterAsync(P.SenderUserId,
            new VisitDraft(Guid.NewGuid(), P.PleinId, visitor.Id, on, "inloop", null, [P.LeefgebiedId], null, RepeatConfirmed: true), referrals, Today);
        return result.Id ?? throw new InvalidOperationException("Visit refused: " + string.Join("; ", result.Problems.Select(p => p.Message)));
    }

    async Task<int> RegisterReferralAsync(int? visitorId, DateOnly on)
    {
        var result = await new ReferralEntry(Db.DataSource).CreateAsync(P.SenderUserId, new ReferralContext(P.PleinId, visitorId),
            P.Referral(on) with { RepeatConfirmed = true }, Today);
        return result.Id ?? throw new InvalidOperationException("Referral refused: " + string.Join("; ", result.Problems.Select(p => p.Message)));
    }

    async Task<VisitorSummary> NewVisitorAsync() => await RegisterArrange.VisitorAsync(Db, P.SenderUserId, P.PleinId, Today);

    [Test]
    public async Task The_totals_follow_a_visit_with_a_referral_registered_at_the_desk()
    {
        var visitor = await NewVisitorAsync();
        await RegisterVisitAsync(visitor, new(2026, 10, 12), P.Referral(new(2026, 10, 12)));
        await RegisterVisitAsync(visitor, new(2026, 11, 2));

        await using var conn = await OpenAsync();
        await AssertTotalsAreTheRegistersAsync(conn, Q4Start, Q4End, "after a new visitor's two visits and a referral");
    }

    [Test]
    public async Task The_totals_follow_a_withdrawn_visit_and_its_referral()
    {
        var visitor = await NewVisitorAsync();
        var kept = await RegisterVisitAsync(visitor, new(2026, 10, 14));
        var withdrawn = await RegisterVisitAsync(visitor, new(2026, 10, 15), P.Referral(new(2026, 10, 15)));
        var gone = await NewVisitorAsync();
        var only = await RegisterVisitAsync(gone, new(2026, 10, 16));

        var withdrawals = new Withdrawals(Db.DataSource);
        Assert.That((await withdrawals.VisitAsync(P.SenderUserId, withdrawn, "dubbel geregistreerd", ClientAddress)).Referrals, Is.EqualTo(1),
            "the visit's referral is withdrawn with it");
        Assert.That((await withdrawals.VisitAsync(P.SenderUserId, only, "verkeerde bezoeker", ClientAddress)).Outcome, Is.EqualTo(WithdrawOutcome.Withdrawn));

        await using var conn = await OpenAsync();
        await AssertTotalsAreTheRegistersAsync(conn, Q4Start, Q4End, $"after withdrawing one of two visits (visit {kept} stays) and a visitor's only one");
    }

    [Test]
    public async Task The_totals_follow_a_referral_and_its_withdrawal()
    {
        var visitor = await NewVisitorAsync();
        await RegisterReferralAsync(visitor.Id, new(2026, 10, 20));
        var withdrawn = await RegisterReferralAsync(visitor.Id, new(2026, 10, 21));
        await using var conn = await OpenAsync();
        await AssertTotalsAreTheRegistersAsync(conn, Q4Start, Q4End, "after a visitor's two referrals without a visit");

        Assert.That((await new Withdrawals(Db.DataSource).ReferralAsync(P.SenderUserId, withdrawn, "per ongeluk", ClientAddress)).Outcome,
            Is.EqualTo(WithdrawOutcome.Withdrawn));
        await AssertTotalsAreTheRegistersAsync(conn, Q4Start, Q4End, "after withdrawing one of them");
    }

    [Test]
    public async Task A_referral_without_a_visitor_counts_as_a_referral_and_leaves_the_visitor_totals_alone()
    {
        await using var conn = await OpenAsync();
        var before = await conn.QueryAsync<QuarterCount>(TotalsSql);
        await RegisterReferralAsync(null, new(2026, 10, 22));

        Assert.That(await conn.QueryAsync<QuarterCount>(TotalsSql), Is.EqualTo(before), "the kept totals hold referrals with a visitor only");
        await AssertTotalsAreTheRegistersAsync(conn, Q4Start, Q4End, "after a referral without a visitor");
    }

    [Test]
    public async Task A_late_registration_into_a_closed_quarter_is_added_to_that_quarter()
    {
        var visitor = await NewVisitorAsync();
        await RegisterVisitAsync(visitor, new(2025, 11, 20), P.Referral(new(2025, 11, 20)));
        await RegisterVisitAsync(Often, new(2025, 12, 1));

        await using var conn = await OpenAsync();
        await AssertTotalsAreTheRegistersAsync(conn, new(2025, 10, 1), new(2025, 12, 31), "after late visits and a referral in 2025-Q4");
    }

    [Test]
    public async Task A_truncate_leaves_the_kept_figures_counting_what_is_left()
    {
        await using var conn = await OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        // The owner's maintenance step (the app's role may not): no delete trigger fires, the truncate trigger rebuilds.
        await conn.ExecuteAsync("TRUNCATE referral CASCADE", transaction: tx);
        Assert.That(await conn.ExecuteScalarAsync<long>("SELECT coalesce(sum(referrals), 0) FROM export_quarter_total", transaction: tx), Is.Zero);
        await AssertTotalsAreTheRegistersAsync(conn, new(2026, 1, 1), new(2026, 3, 31), "after the referrals were truncated");
        await tx.RollbackAsync();
    }

    /// <summary>
    /// Eight desks at once on their own connections, each registering visits with a referral at the one plein-quarter
    /// (the same three visitors, so they meet on a visitor's row as well as on the totals), one a new visitor's first
    /// visit, and withdrawing every third visit again.
    /// </summary>
    [Test]
    public async Task Registrations_from_several_connections_at_once_keep_the_totals_exact()
    {
        var shared = new List<VisitorSummary>();
        for (var i = 0; i < 3; i++) shared.Add(await NewVisitorAsync());
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registration = new VisitRegistration(Db.DataSource);
        var withdrawals = new Withdrawals(Db.DataSource);

        var desks = Enumerable.Range(0, 8).Select(desk => Task.Run(async () =>
        {
            await start.Task;
            var (created, _) = await registration.RegisterWithNewVisitorAsync(P.SenderUserId,
                new NewVisitor(Guid.NewGuid(), P.PleinId, 1980 + desk, "man", "3118", null),
                new VisitDraft(Guid.NewGuid(), P.PleinId, 0, new(2026, 10, 1 + desk), "inloop", null, [P.LeefgebiedId], null, RepeatConfirmed: true),
                [P.Referral(new(2026, 10, 1 + desk))], Today);
            Assert.That(created.Stored, Is.True, string.Join("; ", created.Problems.Select(p => p.Message)));
            for (var round = 0; round < 6; round++)
            {
                var on = new DateOnly(2026, 10, 1 + desk + round);
                var id = await RegisterVisitAsync(shared[(desk + round) % shared.Count], on, P.Referral(on));
                if (round % 3 == 2)
                    Assert.That((await withdrawals.VisitAsync(P.SenderUserId, id, "dubbel geregistreerd", ClientAddress)).Outcome,
                        Is.EqualTo(WithdrawOutcome.Withdrawn));
            }
        })).ToList();
        start.SetResult();
        await Task.WhenAll(desks);

        await using var conn = await OpenAsync();
        await AssertTotalsAreTheRegistersAsync(conn, Q4Start, Q4End, "after eight desks registered and withdrew at once");
        Assert.That(await conn.ExecuteScalarAsync<long>("""
            SELECT count(*) FROM visit WHERE plein_id = @plein AND visited_on BETWEEN @van AND @tot AND withdrawn_at IS NULL
            """, new { plein = P.PleinId, van = Q4Start, tot = Q4End }), Is.GreaterThanOrEqualTo(8 + 8 * 4), "every desk's visits are stored");
    }

    /// <summary>Two transactions, the second blocked on the first's lock until it commits: the interleaving forced, not hoped for.</summary>
    async Task InterleavedAsync(string sql, object first, object second)
    {
        await using var one = await OpenAsync();
        await using var two = await OpenAsync();
        await using var tx1 = await one.BeginTransactionAsync();
        await using var tx2 = await two.BeginTransactionAsync();
        await one.ExecuteAsync(sql, first, tx1);
        var blocked = two.ExecuteAsync(sql, second, tx2);

        await using var watch = await OpenAsync();
        for (var i = 0; i < 200 && await watch.ExecuteScalarAsync<string?>(
                 "SELECT wait_event_type FROM pg_stat_activity WHERE pid = @pid", new { pid = two.ProcessID }) != "Lock"; i++)
            await Task.Delay(25);
        Assert.That(blocked.IsCompleted, Is.False, "the second waits for the first");

        await tx1.CommitAsync();
        await blocked;
        await tx2.CommitAsync();
    }

    [Test]
    public async Task Two_withdrawals_at_once_of_a_visitors_only_two_visits_in_a_quarter_take_the_visitor_out()
    {
        var visitor = await NewVisitorAsync();
        var first = await RegisterVisitAsync(visitor, new(2026, 7, 6));
        var second = await RegisterVisitAsync(visitor, new(2026, 8, 3));

        await InterleavedAsync("""
            UPDATE visit SET withdrawn_at = now(), withdrawn_by = @user, withdrawn_reason = 'dubbel geregistreerd' WHERE id = @id
            """, new { id = first, user = P.SenderUserId }, new { id = second, user = P.SenderUserId });

        await using var conn = await OpenAsync();
        Assert.That(await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM export_visitor_quarter WHERE visitor_id = @id", new { id = visitor.Id }),
            Is.Zero, "the visitor's emptied row is gone");
        await AssertTotalsAreTheRegistersAsync(conn, new(2026, 7, 1), new(2026, 9, 30), "after two withdrawals at once");
    }

    [Test]
    public async Task Two_first_visits_at_once_of_one_visitor_in_a_quarter_count_the_visitor_once()
    {
        var visitor = await NewVisitorAsync();
        await InterleavedAsync("""
            INSERT INTO visit (plein_id, visitor_id, visited_on, kind, registered_by, request_id)
            VALUES (@plein, @visitor, @on, 'inloop', @user, gen_random_uuid())
            """, new { plein = P.PleinId, visitor = visitor.Id, on = new DateOnly(2026, 7, 8), user = P.SenderUserId },
            new { plein = P.PleinId, visitor = visitor.Id, on = new DateOnly(2026, 9, 9), user = P.SenderUserId });

        await using var conn = await OpenAsync();
        await AssertTotalsAreTheRegistersAsync(conn, new(2026, 7, 1), new(2026, 9, 30), "after two first visits at once");
    }
}
