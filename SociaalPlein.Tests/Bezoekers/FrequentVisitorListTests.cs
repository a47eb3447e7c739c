using System.Net;
using Dapper;
using SociaalPlein.Data.Bezoekers;
using SociaalPlein.Data.Registreren;
using SociaalPlein.Tests.Support;
using static SociaalPlein.Tests.Bezoekers.BezoekersArrange;

namespace SociaalPlein.Tests.Bezoekers;

/// <summary>/veelbezoekers: the plein's rule (3 visits in 90 days by default), the counts, and who may list which plein.</summary>
public sealed class FrequentVisitorListTests : BezoekersAppFixture
{
    RegisterPlein _p = null!;
    VisitorSummary _listed = null!;

    protected override async Task ArrangeAsync()
    {
        _p = await RegisterArrange.PleinAsync(Db);
        _listed = await VisitorWithVisitsAsync(_p, -60, -30, 0);
    }

    async Task<VisitorSummary> VisitorWithVisitsAsync(RegisterPlein p, params int[] daysFromToday)
    {
        var visitor = await RegisterArrange.VisitorAsync(Db, p.SenderUserId, p.PleinId, Today);
        foreach (var day in daysFromToday)
            await VisitAsync(Db, p, p.SenderUserId, visitor, Today.AddDays(day), [p.LeefgebiedId]);
        return visitor;
    }

    Task<FrequentVisitorPage?> ListAsync(int userId, int? pleinId) => new FrequentVisitorList(Db.DataSource).LoadAsync(userId, pleinId, Today);

    [Test]
    public async Task Three_visits_in_ninety_days_make_a_veelbezoeker_two_do_not_and_a_visit_outside_the_window_does_not_count()
    {
        var p = await RegisterArrange.PleinAsync(Db);
        var two = await VisitorWithVisitsAsync(p, -10, 0);
        // Day -89 is the window's first day (26 August), day -90 lies just outside it.
        var three = await VisitorWithVisitsAsync(p, -89, -40, 0);
        var twoAndOneOutside = await VisitorWithVisitsAsync(p, -90, -10, 0);

        var list = await ListAsync(p.ProjectleiderUserId, p.PleinId);

        Assert.That(list!.Visitors.Select(v => (v.Code, v.Visits)), Is.EqualTo(new[] { (three.Code, 3) }));
        Assert.That(list.Visitors.Select(v => v.Code), Does.Not.Contain(two.Code).And.Not.Contain(twoAndOneOutside.Code));
        Assert.That(list.WindowStart, Is.EqualTo(new DateOnly(2026, 8, 26)));
    }

    [Test]
    public async Task The_pleins_own_threshold_and_window_apply()
    {
        var p = await RegisterArrange.PleinAsync(Db);
        var twoInAWeek = await VisitorWithVisitsAsync(p, -6, 0);
        var threeInAMonth = await VisitorWithVisitsAsync(p, -30, -20, 0);
        await using (var conn = await Db.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("UPDATE plein SET frequent_visitor_threshold = 2, frequent_visitor_window_days = 7 WHERE id = @PleinId", new { p.PleinId });

        var list = await ListAsync(p.ProjectleiderUserId, p.PleinId);

        Assert.That(list!.Visitors.Select(v => v.Code), Is.EqualTo(new[] { twoInAWeek.Code }));
        Assert.That(list.Visitors.Single().Visits, Is.EqualTo(2), $"{threeInAMonth.Code} has one visit within the week");
    }

    [Test]
    public async Task Counts_leefgebieden_and_order_are_right()
    {
        var p = await RegisterArrange.PleinAsync(Db);
        var dagbesteding = await ProfilesArrange.LeefgebiedIdAsync(Db, "dagbesteding");
        var visitor = await RegisterArrange.VisitorAsync(Db, p.SenderUserId, p.PleinId, Today);
        await VisitAsync(Db, p, p.SenderUserId, visitor, Today.AddDays(-50), [p.LeefgebiedId, p.OtherLeefgebiedId]);
        await VisitAsync(Db, p, p.SenderUserId, visitor, Today.AddDays(-20), [p.LeefgebiedId]);
        await VisitAsync(Db, p, p.SenderUserId, visitor, Today.AddDays(-3), [p.LeefgebiedId]);
        await ReferralAsync(Db, p.SenderUserId, p.PleinId, visitor, p.Referral(Today.AddDays(-3)) with { LeefgebiedId = p.OtherLeefgebiedId });
        // Before the window: neither the visit nor the referral counts.
        await VisitAsync(Db, p, p.SenderUserId, visitor, Today.AddDays(-120), [dagbesteding]);
        await ReferralAsync(Db, p.SenderUserId, p.PleinId, visitor, p.Referral(Today.AddDays(-120)) with { LeefgebiedId = dagbesteding });
        var busier = await VisitorWithVisitsAsync(p, -80, -60, -40, -1);

        var list = await ListAsync(p.ProjectleiderUserId, p.PleinId);

        Assert.That(list!.Visitors.Select(v => v.Code), Is.EqualTo(new[] { busier.Code, visitor.Code }), "most visits first");
        var row = list.Visitors[1];
        Assert.That((row.Visits, row.Referrals, row.LastVisitOn), Is.EqualTo((3, 1, Today.AddDays(-3))));
        Assert.That(row.Leefgebieden, Is.EqualTo(new[] { new LeefgebiedCount("Financiën", 3), new LeefgebiedCount("Huisvesting", 2) }));
    }

    [Test]
    public async Task Only_the_beheerder_and_the_pleins_projectleider_may_list_it()
    {
        Assert.That(await ListAsync(_p.OtherProjectleiderUserId, _p.PleinId), Is.Null);
        Assert.That(await ListAsync(_p.SenderUserId, _p.PleinId), Is.Null);
        Assert.That(await ListAsync(_p.SenderUserId, null), Is.Null);

        var own = await ListAsync(_p.OtherProjectleiderUserId, null);
        Assert.That(own!.Plein.Id, Is.EqualTo(_p.OtherPleinId));
        Assert.That(own.Pleinen.Select(n => n.Id), Is.EqualTo(new[] { _p.OtherPleinId }));

        var beheerder = await ListAsync(_p.BeheerderUserId, _p.OtherPleinId);
        Assert.That(beheerder!.Plein.Id, Is.EqualTo(_p.OtherPleinId));
        Assert.That(beheerder.Pleinen.Select(n => n.Id), Is.SupersetOf(new[] { _p.PleinId, _p.OtherPleinId }), "every plein, not only their own");
    }

    [Test]
    public async Task Professional_is_sent_to_the_access_denied_page()
    {
        var response = await (await SignedInAsync(_p.SenderEmail)).GetAsync("/veelbezoekers");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/account/geweigerd"));
    }

    [Test]
    public async Task Projectleider_of_another_plein_gets_not_found_for_this_plein()
    {
        var response = await (await SignedInAsync(_p.OtherProjectleiderEmail)).GetAsync($"/veelbezoekers?plein={_p.PleinId}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain(_listed.Code));
    }

    [Test]
    public async Task Projectleider_sees_the_list_linked_to_the_cards_and_each_view_is_audited()
    {
        var browser = await SignedInAsync(_p.ProjectleiderEmail);
        const string countSql = """
            SELECT count(*) FROM audit_log
            WHERE action = 'visitor.list_frequent' AND user_id = @ProjectleiderUserId AND plein_id = @PleinId
              AND (detail ->> 'count')::int = 1 AND host(client_address) = '192.0.2.44'
            """;
        var before = await BeheerArrange.ScalarAsync<long>(Db, countSql, new { _p.ProjectleiderUserId, _p.PleinId });

        var html = await browser.GetStringAsync("/veelbezoekers");

        Assert.That(html, Does.Contain($"<a href=\"/bezoekers/{_listed.Code}\">{_listed.Code}</a>"));
        Assert.That(html, Does.Contain("Financiën <span class=\"count\">(3)</span>"));
        Assert.That(html, Does.Not.Contain("<select id=\"plein\""), "one plein: no selector");
        Assert.That(await BeheerArrange.ScalarAsync<long>(Db, countSql, new { _p.ProjectleiderUserId, _p.PleinId }), Is.EqualTo(before + 1));
    }

    [Test]
    public async Task Beheerder_chooses_among_all_pleinen()
    {
        var html = await (await SignedInAsync(_p.BeheerderEmail)).GetStringAsync($"/veelbezoekers?plein={_p.PleinId}");

        Assert.That(html, Does.Contain("<select id=\"plein\" name=\"plein\">"));
        Assert.That(html, Does.Contain($"<option value=\"{_p.OtherPleinId}\">"));
        Assert.That(html, Does.Contain($"/bezoekers/{_listed.Code}"));
    }
}
