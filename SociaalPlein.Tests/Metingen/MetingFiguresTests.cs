using Dapper;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Data.Registreren;
using SociaalPlein.Tests.Support;
using static SociaalPlein.Tests.Metingen.MetingArrange;

namespace SociaalPlein.Tests.Metingen;

/// <summary>
/// The figures' metingen section ("Helpt het?"), counted by NewsletterFiguresQuery for both the newsletter and the
/// dashboard: against an independent count in C#, the 8-week rule at its edges, the period of four quarters.
/// Q3 2026's period runs from 1 October 2025 up to 1 October 2026.
/// </summary>
public sealed class MetingFiguresTests : DatabaseFixture
{
    static readonly Quarter Q3 = new(2026, 3);
    RegisterPlein _p = null!;

    protected override async Task ArrangeAsync()
    {
        _p = await RegisterArrange.PleinAsync(Db);
        // Thirty visitors with two to four metingen on one or both leefgebieden, at random steps and dates: many kinds of change.
        var random = new Random(2026);
        var firstDays = Enumerable.Range(0, 30).Select(_ => new DateOnly(2025, 9, 1).AddDays(random.Next(0, 300))).ToList();
        foreach (var first in firstDays)
        {
            var visitor = await RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);
            var on = first;
            for (var i = random.Next(2, 5); i > 0 && on < Today; i--)
            {
                var steps = new Dictionary<int, short> { [_p.LeefgebiedId] = (short)random.Next(1, 6) };
                if (random.Next(2) == 0) steps[_p.OtherLeefgebiedId] = (short)random.Next(1, 6);
                await MeasuredVisitAsync(Db, _p, _p.SenderUserId, visitor, on, steps);
                on = on.AddDays(random.Next(20, 120));
            }
        }
    }

    sealed record Row(int VisitorId, int LeefgebiedId, DateOnly MeasuredOn, long Id, short Step);

    /// <summary>The section counted again in C# from the plain rows, by its definition (docs/newsletter.md).</summary>
    async Task<IReadOnlyList<MetingChange>> IndependentCountAsync(int pleinId, Quarter quarter)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var rows = (await conn.QueryAsync<Row>("""
            SELECT m.visitor_id, m.leefgebied_id, m.measured_on, m.id, m.step FROM meting m JOIN visit x ON x.id = m.visit_id
            WHERE m.plein_id = @pleinId AND x.withdrawn_at IS NULL
            """, new { pleinId })).ToList();
        var names = (await conn.QueryAsync<(int Id, string Name, int Order)>("SELECT id, name, sort_order FROM leefgebied"))
            .ToDictionary(l => l.Id);
        var from = quarter.Previous.Previous.Previous.Start;
        return rows.Where(r => r.MeasuredOn >= from && r.MeasuredOn < quarter.End)
            .GroupBy(r => (r.VisitorId, r.LeefgebiedId))
            .Select(g => (g.Key.LeefgebiedId, First: g.MinBy(r => (r.MeasuredOn, r.Id))!, Last: g.MaxBy(r => (r.MeasuredOn, r.Id))!))
            .Where(p => p.Last.MeasuredOn.DayNumber - p.First.MeasuredOn.DayNumber >= 56)
            .GroupBy(p => p.LeefgebiedId)
            .OrderBy(g => names[g.Key].Order)
            .Select(g => new MetingChange(names[g.Key].Name,
                g.Count(p => p.Last.Step > p.First.Step), g.Count(p => p.Last.Step == p.First.Step), g.Count(p => p.Last.Step < p.First.Step),
                Math.Round((decimal)g.Average(p => p.Last.Step - p.First.Step), 2)))
            .ToList();
    }

    [Test]
    public async Task The_change_counts_agree_with_an_independent_count_of_the_rows()
    {
        var figures = await new NewsletterFiguresQuery(Db.DataSource).LoadAsync([_p.PleinId], Q3);
        var expected = await IndependentCountAsync(_p.PleinId, Q3);

        Assert.That(expected.Sum(c => c.Total), Is.GreaterThan(10), "the arrangement has enough pairs to count");
        Assert.That(figures.MetingChanges, Is.EqualTo(expected));
    }

    [TestCase(55, false, TestName = "A_later_meting_55_days_after_the_first_does_not_count")]
    [TestCase(56, true, TestName = "A_later_meting_exactly_8_weeks_after_the_first_counts")]
    public async Task The_eight_week_rule_at_its_edge(int days, bool counts)
    {
        var plein = await RegisterArrange.PleinAsync(Db);
        var visitor = await RegisterArrange.VisitorAsync(Db, plein.SenderUserId, plein.PleinId, Today);
        var first = new DateOnly(2026, 7, 1);
        await MeasuredVisitAsync(Db, plein, plein.SenderUserId, visitor, first, new Dictionary<int, short> { [plein.LeefgebiedId] = 2 });
        await MeasuredVisitAsync(Db, plein, plein.SenderUserId, visitor, first.AddDays(days), new Dictionary<int, short> { [plein.LeefgebiedId] = 4 });

        var figures = await new NewsletterFiguresQuery(Db.DataSource).LoadAsync([plein.PleinId], Q3);

        Assert.That(figures.MetingChanges, counts
            ? Is.EqualTo(new[] { new MetingChange("Financiën", 1, 0, 0, 2.00m) })
            : Is.Empty);
    }

    [Test]
    public async Task A_first_meting_before_the_period_is_not_the_first_of_the_period()
    {
        var plein = await RegisterArrange.PleinAsync(Db);
        var visitor = await RegisterArrange.VisitorAsync(Db, plein.SenderUserId, plein.PleinId, Today);
        await MeasuredVisitAsync(Db, plein, plein.SenderUserId, visitor, new DateOnly(2025, 9, 30), new Dictionary<int, short> { [plein.LeefgebiedId] = 1 });
        await MeasuredVisitAsync(Db, plein, plein.SenderUserId, visitor, new DateOnly(2026, 1, 5), new Dictionary<int, short> { [plein.LeefgebiedId] = 3 });
        await MeasuredVisitAsync(Db, plein, plein.SenderUserId, visitor, new DateOnly(2026, 9, 30), new Dictionary<int, short> { [plein.LeefgebiedId] = 3 });
        // After the quarter: not in its period either.
        await MeasuredVisitAsync(Db, plein, plein.SenderUserId, visitor, new DateOnly(2026, 10, 1), new Dictionary<int, short> { [plein.LeefgebiedId] = 5 });

        var figures = await new NewsletterFiguresQuery(Db.DataSource).LoadAsync([plein.PleinId], Q3);

        Assert.That(figures.MetingChanges, Is.EqualTo(new[] { new MetingChange("Financiën", 0, 1, 0, 0.00m) }));
    }

    [Test]
    public async Task A_withdrawn_visits_meting_counts_nowhere()
    {
        var plein = await RegisterArrange.PleinAsync(Db);
        var visitor = await RegisterArrange.VisitorAsync(Db, plein.SenderUserId, plein.PleinId, Today);
        await MeasuredVisitAsync(Db, plein, plein.SenderUserId, visitor, new DateOnly(2026, 4, 6), new Dictionary<int, short> { [plein.LeefgebiedId] = 1 });
        var later = await MeasuredVisitAsync(Db, plein, plein.SenderUserId, visitor, new DateOnly(2026, 8, 3),
            new Dictionary<int, short> { [plein.LeefgebiedId] = 5 });
        await new Data.Verwijzingen.Withdrawals(Db.DataSource).VisitAsync(plein.SenderUserId, later, "Dubbel geregistreerd", null);

        var figures = await new NewsletterFiguresQuery(Db.DataSource).LoadAsync([plein.PleinId], Q3);

        Assert.That(figures.MetingChanges, Is.Empty);
    }
}
