using Dapper;
using Npgsql;
using SociaalPlein.Data.Export;

namespace SociaalPlein.Tests.Export;

/// <summary>
/// Each table's SELECT and count as they stand in its file, run directly for every combination of the filters: the
/// SELECT runs, gives the codebook's columns in the codebook's order, keeps the free text in the database unless it is
/// chosen, and gives as many rows as the count says. And the kept quarter figures (db/0095) give what each table's own
/// count gives, also after the register changes.
/// </summary>
public sealed class ExportTableTests : ExportFixture
{
    public sealed record Combination(string Table, bool BothPleinen, bool Leefgebied, string? Domein, bool FreeText)
    {
        public override string ToString() =>
            $"{Table}, {(BothPleinen ? "both pleinen" : "one plein")}, {(Leefgebied ? "a leefgebied" : "every leefgebied")}, " +
            $"{Domein ?? "every domein"}, {(FreeText ? "with free text" : "without free text")}";
    }

    static IEnumerable<TestCaseData> Combinations =>
        from table in ExportTable.All.Select(t => t.Name)
        from both in new[] { false, true }
        from leefgebied in new[] { false, true }
        from domein in new[] { null, "sociaal" }
        from freeText in new[] { false, true }
        let c = new Combination(table, both, leefgebied, domein, freeText)
        select new TestCaseData(c).SetName($"The_select_of_{table}_runs_with_the_codebooks_columns_and_as_many_rows_as_its_count({c})");

    ExportFilter FilterOf(Combination c, DateOnly van, DateOnly tot) =>
        new(c.BothPleinen ? [P.PleinId, P.OtherPleinId] : [P.PleinId], van, tot, c.Leefgebied ? P.LeefgebiedId : null, c.Domein);

    [TestCaseSource(nameof(Combinations))]
    public async Task The_select_runs_with_the_codebooks_columns_and_as_many_rows_as_its_count(Combination c)
    {
        var table = ExportTable.Find(c.Table)!;
        var filter = FilterOf(c, new(2025, 10, 1), new(2026, 6, 30));
        var options = new ExportOptions(FreeText: c.FreeText);

        await using var conn = await Db.DataSource.OpenConnectionAsync();
        await using var command = table.Rows(filter, options, Pseudonyms.ForOneExport(filter.Pleinen)).Command(conn);
        await using var reader = await command.ExecuteReaderAsync();
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var freeText = table.Columns.Where(col => col.FreeText).Select(col => names.IndexOf(col.Name)).ToList();
        long rows = 0, freeTextValues = 0;
        while (await reader.ReadAsync())
        {
            rows++;
            freeTextValues += freeText.Count(i => !reader.IsDBNull(i));
        }
        await reader.CloseAsync();

        Assert.That(names, Is.EqualTo(table.Columns.Select(col => col.Name)), "the SELECT's columns are the codebook's, in its order");
        Assert.That(rows, Is.EqualTo(await new ExportQuery(Db.DataSource).CountAsync(table, filter)), "the count counts what the SELECT gives");
        if (!c.FreeText) Assert.That(freeTextValues, Is.Zero, "no free text leaves the database unless chosen");
        if (c.FreeText && table.HasFreeText && rows > 0) Assert.That(freeTextValues, Is.GreaterThan(0), "the chosen free text comes along");
    }

    [Test]
    public async Task Most_combinations_find_rows_so_the_cases_above_compare_something()
    {
        var found = 0;
        var all = Combinations.Select(t => (Combination)t.Arguments[0]!).ToList();
        foreach (var c in all)
            if (await new ExportQuery(Db.DataSource).CountAsync(ExportTable.Find(c.Table)!, FilterOf(c, new(2025, 10, 1), new(2026, 6, 30))) > 0) found++;
        Assert.That(found, Is.GreaterThanOrEqualTo(all.Count * 3 / 4));
    }

    static readonly (DateOnly Van, DateOnly Tot)[] Quarters =
        [(new(2025, 10, 1), new(2025, 12, 31)), (new(2026, 1, 1), new(2026, 3, 31)), (new(2026, 4, 1), new(2026, 6, 30)), (new(2026, 7, 1), new(2026, 9, 30))];

    /// <summary>Per quarter and choice of pleinen: the kept figures and each table's own count, on one connection (so inside its transaction).</summary>
    async Task<List<(string Quarter, KeptQuarterCounts Kept, KeptQuarterCounts Own)>> BothAsync(NpgsqlConnection conn)
    {
        var result = new List<(string, KeptQuarterCounts, KeptQuarterCounts)>();
        foreach (var pleinen in new[] { new[] { P.PleinId }, [P.OtherPleinId], [P.PleinId, P.OtherPleinId] })
        foreach (var (van, tot) in Quarters)
        {
            var filter = new ExportFilter(pleinen, van, tot);
            Assert.That(KeptQuarterCounts.Serves(filter), Is.True);
            async Task<long> Own(ExportTable t)
            {
                await using var command = t.Count(filter).Command(conn);
                return (long)(await command.ExecuteScalarAsync())!;
            }
            result.Add(($"{van:yyyy-MM} pleinen {string.Join(",", pleinen)}", await KeptQuarterCounts.ReadAsync(conn, filter, CancellationToken.None),
                new KeptQuarterCounts(await Own(ExportTable.Verwijzingen), await Own(ExportTable.Bezoeken), await Own(ExportTable.Bezoekers))));
        }
        return result;
    }

    [Test]
    public async Task The_kept_quarter_figures_equal_each_tables_own_count()
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var both = await BothAsync(conn);

        foreach (var (quarter, kept, own) in both) Assert.That(kept, Is.EqualTo(own), quarter);
        Assert.That(both.Count(b => b.Own.Bezoekers > 0 && b.Own.Verwijzingen > 0), Is.GreaterThanOrEqualTo(4), "quarters with something to count");
    }

    [Test]
    public async Task The_kept_quarter_figures_follow_withdrawals_moves_removals_and_new_rows()
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        // Each change through plain SQL, as any write path (or a bulk load) would make it; rolled back afterwards.
        await conn.ExecuteAsync("""
            -- Withdraw the one visit of Once in Q1 and its referral: Once leaves Q1's bezoekers.
            UPDATE visit SET withdrawn_at = now(), withdrawn_by = @user, withdrawn_reason = 'per ongeluk'
            WHERE visitor_id = @once AND visited_on = '2026-03-31';
            UPDATE referral SET withdrawn_at = now(), withdrawn_by = @user, withdrawn_reason = 'per ongeluk'
            WHERE visitor_id = @once AND referred_on = '2026-03-31';
            -- Move a referral of Often from Q1 to Q3, where Often had nothing.
            UPDATE referral SET referred_on = '2026-08-12' WHERE visitor_id = @often AND referred_on = '2026-02-10';
            -- A referral that loses its visitor still counts as a referral, no longer as the visitor's (who still has a visit).
            UPDATE referral SET visitor_id = NULL, visit_id = NULL WHERE visitor_id = @elsewhere;
            -- An update that changes nothing counted, and one statement that touches many rows.
            UPDATE referral SET status = status;
            -- A new visit in Q4 2025, then removed again with its leefgebieden and metingen.
            INSERT INTO visit (plein_id, visitor_id, visited_on, kind, registered_by, request_id)
            VALUES (@plein, @often, '2025-11-03', 'inloop', @user, gen_random_uuid()), (@plein, @once, '2025-11-04', 'inloop', @user, gen_random_uuid());
            DELETE FROM visit WHERE visitor_id = @often AND visited_on = '2025-11-03';
            """, new { user = P.SenderUserId, once = Once.Id, often = Often.Id, elsewhere = Elsewhere.Id, plein = P.PleinId }, tx);

        var both = await BothAsync(conn);
        await tx.RollbackAsync();

        foreach (var (quarter, kept, own) in both) Assert.That(kept, Is.EqualTo(own), quarter);
        var q1 = both.Single(b => b.Quarter == $"2026-01 pleinen {P.PleinId}").Own;
        var q3 = both.Single(b => b.Quarter == $"2026-07 pleinen {P.PleinId}").Own;
        var q4 = both.Single(b => b.Quarter == $"2025-10 pleinen {P.PleinId}").Own;
        Assert.That((q1.Bezoekers, q3.Bezoekers, q3.Verwijzingen, q4.Bezoeken), Is.EqualTo((1L, 1L, 1L, 1L)),
            "the changes above are what the counts see: Often alone in Q1, Often's moved referral in Q3, Once's new visit in Q4");
    }
}
