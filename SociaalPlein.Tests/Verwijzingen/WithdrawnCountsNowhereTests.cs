using System.Net;
using Dapper;
using Microsoft.Extensions.Time.Testing;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Data.Registreren;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Bezoekers;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Verwijzingen;

/// <summary>
/// A withdrawn visit or referral counts nowhere: not for the veelbezoekers, in the newsletter's figures (which feed the
/// dashboard and the PDF alike), the export or the referral lists, and its notification is not mailed. One plein with
/// a visitor of three visits (one withdrawn) and two referrals (one withdrawn), and a control visitor of three visits.
/// </summary>
public sealed class WithdrawnCountsNowhereTests : AppFixture
{
    // The arrangement's day (BezoekersArrange checks dates against it), and the app's: the veelbezoeker window ends on it.
    static readonly DateOnly Today = BezoekersArrange.Today;
    protected override TimeProvider? Clock { get; } = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    const string Kept = "Blijft staan: hulp bij de huur", Withdrawn = "Per vergissing: dubbel geregistreerd";

    RegisterPlein _p = null!;
    VisitorSummary _visitor = null!, _control = null!;
    int _keptReferral, _withdrawnReferral;

    protected override async Task ArrangeAsync()
    {
        _p = await RegisterArrange.PleinAsync(Db);
        _visitor = await RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);
        _control = await RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);
        // All on one day, so that they fall in one quarter whatever day the suite runs.
        var visits = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            visits.Add(await BezoekersArrange.VisitAsync(Db, _p, _p.SenderUserId, _visitor, Today, [_p.LeefgebiedId]));
            await BezoekersArrange.VisitAsync(Db, _p, _p.SenderUserId, _control, Today, [_p.LeefgebiedId]);
        }
        _keptReferral = await ReferralArrange.ReferralAsync(Db, _p, _p.Referral(Today, Kept), visitorId: _visitor.Id);
        _withdrawnReferral = await ReferralArrange.ReferralAsync(Db, _p, _p.Referral(Today, Withdrawn), visitorId: _visitor.Id);

        var withdrawals = new Withdrawals(Db.DataSource);
        Assert.That((await withdrawals.VisitAsync(_p.SenderUserId, visits[2], "Dubbel geregistreerd", null)).Outcome, Is.EqualTo(WithdrawOutcome.Withdrawn));
        Assert.That((await withdrawals.ReferralAsync(_p.SenderUserId, _withdrawnReferral, "Dubbel geregistreerd", null)).Outcome,
            Is.EqualTo(WithdrawOutcome.Withdrawn));
    }

    async Task<HttpClient> AsAsync(string email)
    {
        var browser = App.Browser();
        Assert.That((await browser.LogInAsync(email, Arrange.Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), email);
        return browser;
    }

    [Test]
    public async Task A_withdrawn_visit_does_not_make_a_veelbezoeker()
    {
        using var projectleider = await AsAsync(_p.ProjectleiderEmail);

        var list = await projectleider.GetStringAsync($"/veelbezoekers?plein={_p.PleinId}");
        var card = await projectleider.GetStringAsync($"/bezoekers/{_visitor.Code}");

        Assert.That(list, Does.Contain(_control.Code), "three visits that stand make a veelbezoeker");
        Assert.That(list, Does.Not.Contain(_visitor.Code), "two visits that stand and one withdrawn do not");
        Assert.That(card, Does.Not.Contain("class=\"veelbezoeker\""));
        Assert.That(card, Does.Contain("Ingetrokken").And.Contain("Dubbel geregistreerd"), "the card shows the withdrawal");
    }

    [Test]
    public async Task Withdrawn_rows_count_in_no_figure_of_the_newsletter_and_dashboard()
    {
        var figures = await new NewsletterFiguresQuery(Db.DataSource).LoadAsync([_p.PleinId], Quarter.Of(Today));

        Assert.That(await CountAsync("SELECT count(*) FROM visit WHERE plein_id = @PleinId", new { _p.PleinId }), Is.EqualTo(6), "all stored");
        Assert.That(figures.Current.Visits, Is.EqualTo(5));
        Assert.That(figures.Current.FrequentVisitors, Is.EqualTo(1), "only the control visitor");
        Assert.That(figures.Current.Referrals, Is.EqualTo(1));
        Assert.That(figures.ReferralsPerLeefgebied.Sum(l => l.Count), Is.EqualTo(1));
        Assert.That(figures.Trend.Sum(t => t.Referrals), Is.EqualTo(1));
    }

    [Test]
    public async Task Withdrawn_rows_are_not_in_the_export()
    {
        using var projectleider = await AsAsync(_p.ProjectleiderEmail);

        var referrals = await projectleider.GetStringAsync($"/export/verwijzingen.standaard.csv?plein={_p.PleinId}");
        var visits = await projectleider.GetStringAsync($"/export/bezoeken.standaard.csv?plein={_p.PleinId}");

        Assert.That(DataRows(referrals), Is.EqualTo(1), "the referral that stands");
        Assert.That(DataRows(visits), Is.EqualTo(5), "six visits, one withdrawn");
    }

    [Test]
    public async Task A_withdrawn_referral_is_in_no_list_of_either_side()
    {
        using var sender = await AsAsync(_p.SenderEmail);
        using var receiver = await AsAsync(_p.ReceiverEmail);
        using var projectleider = await AsAsync(_p.ProjectleiderEmail);

        foreach (var (browser, list) in new[] { (sender, "/verwijzingen?tab=uitgaand"), (receiver, "/verwijzingen"), (projectleider, "/verwijzingen?tab=alle") })
        {
            var html = WebUtility.HtmlDecode(await browser.GetStringAsync(list));
            Assert.That(html, Does.Contain(Kept), list);
            Assert.That(html, Does.Not.Contain(Withdrawn), list);
        }
    }

    [Test]
    public async Task A_withdrawn_referrals_pending_mail_is_not_sent()
    {
        await using (var conn = await Db.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("UPDATE professional SET email = 'bram@schuldhulp.test' WHERE id = @ReceiverId", new { _p.ReceiverId });
        var mailed = new List<int>();

        var outcomes = await new ReferralNotifications(Db.DataSource).SendBatchAsync([], (n, _) => { mailed.Add(n.ReferralId); return Task.CompletedTask; });

        Assert.That(mailed, Does.Contain(_keptReferral));
        Assert.That(mailed, Does.Not.Contain(_withdrawnReferral));
        Assert.That(outcomes.Select(o => o.ReferralId), Does.Contain(_withdrawnReferral), "handled: nobody is left to mail");
    }

    // The standard CSV: a header line, then one line per row (no free text, so no line breaks inside a field).
    static int DataRows(string csv) => csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;

    async Task<long> CountAsync(string sql, object args)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>(sql, args);
    }
}
