using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Metingen;
using SociaalPlein.Data.Registreren;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Support;
using static SociaalPlein.Tests.Metingen.MetingArrange;

namespace SociaalPlein.Tests.Metingen;

/// <summary>
/// The follow-up list: visitors who still visit (a visit within the plein's months) but whose last meting is older than
/// those months (default 3), with their agreement in force. Today is 23 November 2026, so the edge is 23 August 2026.
/// </summary>
public sealed class FollowUpListTests : DatabaseFixture
{
    static readonly DateOnly Edge = new(2026, 8, 23);
    RegisterPlein _p = null!;
    VisitorSummary _due = null!, _onTheEdge = null!, _gone = null!, _withdrawn = null!, _measuredAgain = null!;

    protected override async Task ArrangeAsync()
    {
        _p = await RegisterArrange.PleinAsync(Db);
        Task<VisitorSummary> Visitor() => RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);
        Task Measure(VisitorSummary v, DateOnly on) =>
            MeasuredVisitAsync(Db, _p, _p.SenderUserId, v, on, new Dictionary<int, short> { [_p.LeefgebiedId] = 3 });
        Task Visit(VisitorSummary v, DateOnly on) => Bezoekers.BezoekersArrange.VisitAsync(Db, _p, _p.SenderUserId, v, on, [_p.LeefgebiedId]);

        // Last measured the day before the edge, visited since: due.
        _due = await Visitor();
        await Measure(_due, Edge.AddDays(-1));
        await Visit(_due, Today.AddDays(-7));
        // Last measured on the edge itself: three months ago to the day is not older than three months.
        _onTheEdge = await Visitor();
        await Measure(_onTheEdge, Edge);
        await Visit(_onTheEdge, Today.AddDays(-7));
        // Measured long ago, last visit before the edge: no longer visits.
        _gone = await Visitor();
        await Measure(_gone, new DateOnly(2026, 3, 2));
        await Visit(_gone, Edge.AddDays(-1));
        // Due, but withdrew the agreement: not asked again.
        _withdrawn = await Visitor();
        await Measure(_withdrawn, new DateOnly(2026, 3, 2));
        await Visit(_withdrawn, Today.AddDays(-1));
        await new VisitorMetingen(Db.DataSource).WithdrawAsync(_p.SenderUserId, _withdrawn.Code, erase: false,
            new AuditEntry("", true, UserId: _p.SenderUserId));
        // Measured long ago and again last month.
        _measuredAgain = await Visitor();
        await Measure(_measuredAgain, new DateOnly(2026, 3, 2));
        await Measure(_measuredAgain, Today.AddDays(-30));
    }

    [Test]
    public async Task Only_a_visitor_still_visiting_whose_last_meting_is_older_than_three_months_is_listed()
    {
        var list = await new FollowUpList(Db.DataSource).LoadAsync(_p.ProjectleiderUserId, _p.PleinId, Today);

        Assert.That(list, Is.Not.Null);
        Assert.That(list!.DueBefore, Is.EqualTo(Edge));
        Assert.That(list.Visitors.Select(v => (v.Code, v.LastMetingOn, v.LastVisitOn)),
            Is.EqualTo(new[] { (_due.Code, Edge.AddDays(-1), Today.AddDays(-7)) }));
        Assert.That(list.Visitors[0].Leefgebieden, Is.EqualTo("Financiën"));
    }

    [Test]
    public async Task A_longer_setting_of_the_plein_moves_the_edge()
    {
        var plein = await RegisterArrange.PleinAsync(Db);
        var visitor = await RegisterArrange.VisitorAsync(Db, plein.SenderUserId, plein.PleinId, Today);
        await MeasuredVisitAsync(Db, plein, plein.SenderUserId, visitor, Edge.AddDays(-1), new Dictionary<int, short> { [plein.LeefgebiedId] = 2 });
        await Bezoekers.BezoekersArrange.VisitAsync(Db, plein, plein.SenderUserId, visitor, Today, [plein.LeefgebiedId]);
        await new MetingScale(Db.DataSource).SaveSettingsAsync(plein.BeheerderUserId, plein.PleinId, false, 4,
            new AuditEntry("", true, UserId: plein.BeheerderUserId));

        var list = await new FollowUpList(Db.DataSource).LoadAsync(plein.ProjectleiderUserId, plein.PleinId, Today);

        Assert.That(list!.DueBefore, Is.EqualTo(new DateOnly(2026, 7, 23)));
        Assert.That(list.Visitors, Is.Empty);
    }

    [Test]
    public async Task A_withdrawn_visit_is_no_sign_that_the_visitor_still_visits()
    {
        var plein = await RegisterArrange.PleinAsync(Db);
        var visitor = await RegisterArrange.VisitorAsync(Db, plein.SenderUserId, plein.PleinId, Today);
        await MeasuredVisitAsync(Db, plein, plein.SenderUserId, visitor, new DateOnly(2026, 3, 2), new Dictionary<int, short> { [plein.LeefgebiedId] = 2 });
        var recent = await Bezoekers.BezoekersArrange.VisitAsync(Db, plein, plein.SenderUserId, visitor, Today.AddDays(-3), [plein.LeefgebiedId]);
        var list = new FollowUpList(Db.DataSource);
        Assert.That((await list.LoadAsync(plein.ProjectleiderUserId, plein.PleinId, Today))!.Visitors.Select(v => v.Code),
            Is.EqualTo(new[] { visitor.Code }), "due while the recent visit stands");

        await new Withdrawals(Db.DataSource).VisitAsync(plein.SenderUserId, recent, "verkeerde bezoeker", null);

        Assert.That((await list.LoadAsync(plein.ProjectleiderUserId, plein.PleinId, Today))!.Visitors, Is.Empty);
    }

    [Test]
    public async Task A_professional_or_another_pleins_projectleider_gets_no_list()
    {
        var list = new FollowUpList(Db.DataSource);

        Assert.That(await list.LoadAsync(_p.SenderUserId, _p.PleinId, Today), Is.Null);
        Assert.That(await list.LoadAsync(_p.OtherProjectleiderUserId, _p.PleinId, Today), Is.Null);
    }
}
