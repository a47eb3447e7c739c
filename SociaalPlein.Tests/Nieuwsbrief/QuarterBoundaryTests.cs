using Dapper;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Tests.Support;
using static SociaalPlein.Tests.Nieuwsbrief.NewsletterWorld;

namespace SociaalPlein.Tests.Nieuwsbrief;

/// <summary>
/// Where a row falls at the quarter's edges in Europe/Amsterdam (CET in winter, CEST from the last Sunday of March),
/// and that a cancelled referral counts nowhere. Each test has a plein of its own.
/// </summary>
public sealed class QuarterBoundaryTests : DatabaseFixture
{
    static readonly Quarter Q4_2025 = new(2025, 4), Q1 = new(2026, 1), Q2 = new(2026, 2);

    sealed record Plein(int Id, int FromOrganisationId, int ToOrganisationId, int ProfessionalId, int VisitorId, int LeefgebiedId);

    async Task<Plein> PleinAsync()
    {
        var id = await Arrange.PleinAsync(Db, $"Plein Grens {Guid.NewGuid():N}"[..30]);
        var from = await RegisterArrange.OrganisationAtAsync(Db, $"Huisarts {id}", [id], "medisch");
        var to = await RegisterArrange.OrganisationAtAsync(Db, $"Wijkteam {id}", [id], "sociaal");
        var professional = await ProfilesArrange.ProfessionalAsync(Db, from, $"Huisarts {id}", pleinIds: [id]);
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        // Long a member: only the professionals a test adds are new.
        await conn.ExecuteAsync("UPDATE professional SET created_at = '2020-01-01' WHERE id = @professional", new { professional });
        var visitor = await conn.ExecuteScalarAsync<int>("""
            INSERT INTO visitor (plein_id, code, birth_year, gender, first_visit_on, request_id)
            VALUES (@id, 'B-2026-' || lpad(@id::text, 6, '0'), 1970, 'vrouw', DATE '2026-01-05', gen_random_uuid()) RETURNING id
            """, new { id });
        return new Plein(id, from, to, professional, visitor, await ProfilesArrange.LeefgebiedIdAsync(Db, "financien"));
    }

    /// <summary>A referral from the plein's GP to its wijkteam, with a status event at each given moment.</summary>
    async Task ReferralAsync(Plein p, DateOnly on, params (string Status, DateTime At)[] steps)
    {
        var events = steps.Prepend(("verzonden", Local(on.Year, on.Month, on.Day, 0, 5))).ToList();
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var id = await conn.ExecuteScalarAsync<int>("""
            INSERT INTO referral (plein_id, referred_on, visitor_id, from_kind, from_professional_id, from_organisation_id,
                                  to_organisation_id, zorgvraag, leefgebied_id, status, outcome, status_changed_at, request_id)
            VALUES (@Id, @on, @VisitorId, 'professional', @ProfessionalId, @FromOrganisationId, @ToOrganisationId,
                    'Hulp bij geldzaken', @LeefgebiedId, @status, CASE WHEN @status = 'afgerond' THEN 'geholpen' END, @at,
                    gen_random_uuid())
            RETURNING id
            """, new { p.Id, on, p.VisitorId, p.ProfessionalId, p.FromOrganisationId, p.ToOrganisationId, p.LeefgebiedId,
            status = events[^1].Item1, at = events[^1].Item2 });
        await conn.ExecuteAsync("""
            INSERT INTO referral_status_event (referral_id, status, outcome, changed_at)
            VALUES (@id, @Status, CASE WHEN @Status = 'afgerond' THEN 'geholpen' END, @At)
            """, events.Select(e => new { id, Status = e.Item1, At = e.Item2 }));
    }

    Task<NewsletterFigures> FiguresAsync(Plein p, Quarter q) => new NewsletterFiguresQuery(Db.DataSource).LoadAsync([p.Id], q);

    [Test]
    public async Task A_referral_of_31_March_counts_in_Q1_and_one_of_1_April_in_Q2()
    {
        var p = await PleinAsync();
        await ReferralAsync(p, new DateOnly(2026, 3, 31));
        await ReferralAsync(p, new DateOnly(2026, 4, 1));
        await ReferralAsync(p, new DateOnly(2026, 4, 1));

        var q1 = await FiguresAsync(p, Q1);
        var q2 = await FiguresAsync(p, Q2);

        Assert.That((q1.Current.Referrals, q2.Current.Referrals, q2.Previous.Referrals), Is.EqualTo((1, 2, 1)));
        Assert.That(q1.Trend.Sum(t => t.Referrals), Is.EqualTo(1));
    }

    [Test]
    public async Task A_contact_at_23_30_on_31_March_counts_in_Q1_and_one_at_00_30_on_1_April_in_Q2()
    {
        var p = await PleinAsync();
        DateOnly march31 = new(2026, 3, 31), april1 = new(2026, 4, 1);
        // 23:30 on 31 March is 21:30 UTC, 00:30 on 1 April is 22:30 UTC on 31 March: only Amsterdam time tells them apart.
        var beforeMidnight = Local(2026, 3, 31, 23, 30);
        var afterMidnight = Local(2026, 4, 1, 0, 30);
        Assert.That(afterMidnight.Date, Is.EqualTo(new DateTime(2026, 3, 31)), "the UTC date of the later contact is still 31 March");
        // Five of each, so the median is shown (SmallCounts).
        for (var i = 0; i < 5; i++)
        {
            await ReferralAsync(p, march31, ("geaccepteerd", Local(2026, 3, 31, 10)), ("contact_gelegd", beforeMidnight));
            await ReferralAsync(p, march31, ("geaccepteerd", Local(2026, 3, 31, 10)), ("contact_gelegd", afterMidnight));
            await ReferralAsync(p, april1, ("geaccepteerd", Local(2026, 4, 1, 0, 10)), ("contact_gelegd", afterMidnight));
        }

        var q1 = (await FiguresAsync(p, Q1)).Outcomes;
        var q2 = (await FiguresAsync(p, Q2)).Outcomes;

        Assert.That(q1, Is.EqualTo(new ReferralOutcomes(Total: 10, Afgerond: 0, Afgewezen: 0, NietBereikt: 0, Open: 10,
            WithContact: 5, MedianDaysToContact: 0m)), "Q1: the contacts of 23:30 only; the others had none by the quarter's end");
        Assert.That(q2, Is.EqualTo(new ReferralOutcomes(Total: 5, Afgerond: 0, Afgewezen: 0, NietBereikt: 0, Open: 5,
            WithContact: 5, MedianDaysToContact: 0m)), "Q2: contact on 1 April itself, zero days, not −1");
    }

    [Test]
    public async Task A_referral_finished_after_the_quarter_shows_as_open_in_it()
    {
        var p = await PleinAsync();
        await ReferralAsync(p, new DateOnly(2026, 3, 20), ("geaccepteerd", Local(2026, 3, 23, 9)),
            ("contact_gelegd", Local(2026, 4, 2, 9)), ("afgerond", Local(2026, 4, 20, 9)));

        var q1 = (await FiguresAsync(p, Q1)).Outcomes;

        Assert.That((q1.Total, q1.Open, q1.Afgerond, q1.WithContact), Is.EqualTo((1, 1, 0, 0)));
    }

    [Test]
    public async Task New_members_count_by_their_Amsterdam_creation_time_in_winter_and_summer_time()
    {
        var p = await PleinAsync();
        // Four professionals created around two quarter edges (CET +1, CEST +2).
        var moments = new Dictionary<string, Quarter>
        {
            ["2025-12-31T22:59:59Z"] = Q4_2025,  // 23:59:59 on 31 December (CET)
            ["2025-12-31T23:00:00Z"] = Q1,       // midnight, 1 January
            ["2026-03-31T21:59:59Z"] = Q1,       // 23:59:59 on 31 March (CEST since 29 March)
            ["2026-03-31T22:00:00Z"] = Q2,       // midnight, 1 April
        };
        await using (var conn = await Db.DataSource.OpenConnectionAsync())
            foreach (var at in moments.Keys)
            {
                var id = await ProfilesArrange.ProfessionalAsync(Db, p.ToOrganisationId, $"Nieuw {at}", pleinIds: [p.Id]);
                await conn.ExecuteAsync("UPDATE professional SET created_at = @at::timestamptz WHERE id = @id", new { at, id });
            }

        foreach (var q in new[] { Q4_2025, Q1, Q2 })
            Assert.That((await FiguresAsync(p, q)).Current.NewMembers, Is.EqualTo(moments.Count(m => m.Value == q)), q.ToString());
    }

    [Test]
    public async Task A_cancelled_referral_counts_in_no_block_even_when_cancelled_after_the_quarter()
    {
        var p = await PleinAsync();
        await ReferralAsync(p, new DateOnly(2026, 2, 10), ("geaccepteerd", Local(2026, 2, 11, 9)),
            ("contact_gelegd", Local(2026, 2, 12, 9)), ("geannuleerd", Local(2026, 2, 13, 9)));
        await ReferralAsync(p, new DateOnly(2026, 3, 30), ("geannuleerd", Local(2026, 4, 3, 9)));

        var f = await FiguresAsync(p, Q1);

        Assert.That(f.Current, Is.EqualTo(new KeyFigures(0, 0, 0, 0, 0, 0, 0, 0, 0, 0)), "not a visitor, a referral or an active party");
        Assert.That(f.ReferralsPerLeefgebied.Sum(l => l.Count) + f.DomeinFlows.Sum(d => d.Count), Is.Zero);
        Assert.That(f.TopOrganisationFlows, Is.Empty);
        Assert.That(f.Outcomes, Is.EqualTo(new ReferralOutcomes(0, 0, 0, 0, 0, 0, null)));
        Assert.That(f.AgeBands.Concat(f.Genders).Concat(f.Wijken).Sum(c => c.Count), Is.Zero);
        Assert.That(f.Trend.Sum(t => t.Referrals + t.UniqueVisitors), Is.Zero);
    }
}
