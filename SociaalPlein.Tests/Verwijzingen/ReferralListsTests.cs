using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Verwijzingen;

/// <summary>The inkomend and uitgaand lists (issue 4): need to know, spoed on top, "wacht op reactie", filters.</summary>
public sealed class ReferralListsTests : DatabaseFixture
{
    static readonly DateOnly Today = new(2026, 11, 23);
    static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    ReferralLists Lists => new(Db.DataSource);

    static ReferralListQuery Tab(string tab, string? status = null, DateOnly? van = null, DateOnly? tot = null, int page = 1) =>
        new(tab, status, van, tot, page);

    async Task<List<int>> IdsAsync(int userId, ReferralListQuery q) =>
        (await Lists.LoadAsync(userId, q, Now)).Rows.Select(r => r.Id).ToList();

    [Test]
    public async Task Open_spoed_referrals_come_first_on_the_inkomend_tab_only()
    {
        var p = await RegisterArrange.PleinAsync(Db);
        var older = await ReferralArrange.ReferralAsync(Db, p, p.Referral(Today.AddDays(-3)));
        var urgent = await ReferralArrange.ReferralAsync(Db, p, p.Referral(Today.AddDays(-2), spoed: true));
        var urgentDone = await ReferralArrange.ReferralAsync(Db, p, p.Referral(Today.AddDays(-4), spoed: true));
        var newest = await ReferralArrange.ReferralAsync(Db, p, p.Referral(Today));
        await ReferralArrange.SetStatusAsync(Db, urgentDone, ReferralStatus.Afgerond);

        Assert.That(await IdsAsync(p.ReceiverUserId, Tab(ReferralTab.Inkomend)), Is.EqualTo(new[] { urgent, newest, older, urgentDone }));
        Assert.That(await IdsAsync(p.SenderUserId, Tab(ReferralTab.Uitgaand)), Is.EqualTo(new[] { newest, urgent, older, urgentDone }));
    }

    [Test]
    public async Task Wacht_op_reactie_after_more_than_exactly_14_days_without_a_change_on_both_sides()
    {
        var p = await RegisterArrange.PleinAsync(Db);
        var exactly = await ReferralArrange.ReferralAsync(Db, p, p.Referral(Today.AddDays(-20)));
        var justOver = await ReferralArrange.ReferralAsync(Db, p, p.Referral(Today.AddDays(-20)));
        var closed = await ReferralArrange.ReferralAsync(Db, p, p.Referral(Today.AddDays(-20)));
        await ReferralArrange.SetChangedAtAsync(Db, exactly, Now.AddDays(-14));
        await ReferralArrange.SetChangedAtAsync(Db, justOver, Now.AddDays(-14).AddSeconds(-1));
        await ReferralArrange.SetStatusAsync(Db, closed, ReferralStatus.Afgewezen, Now.AddDays(-30));

        foreach (var (user, tab) in new[] { (p.ReceiverUserId, ReferralTab.Inkomend), (p.SenderUserId, ReferralTab.Uitgaand) })
        {
            var rows = (await Lists.LoadAsync(user, Tab(tab), Now)).Rows.ToDictionary(r => r.Id, r => r.WachtOpReactie);
            Assert.That(rows, Is.EqualTo(new Dictionary<int, bool> { [exactly] = false, [justOver] = true, [closed] = false }), tab);
            Assert.That(await IdsAsync(user, Tab(tab, ReferralTab.Waiting)), Is.EqualTo(new[] { justOver }), tab);
        }
    }

    [Test]
    public async Task Each_tab_holds_only_what_the_account_needs_to_know()
    {
        var p = await RegisterArrange.PleinAsync(Db);
        var toReceiver = await ReferralArrange.ReferralAsync(Db, p, p.Referral(Today));
        var toOrganisation = await ReferralArrange.ReferralAsync(Db, p, p.Referral(Today) with { To = Party.OfOrganisation(p.ReceiverOrganisationId) });
        var elsewhere = await ReferralArrange.ReferralAsync(Db, p, p.Referral(Today) with
        {
            From = Party.OfProfessional(p.ElsewhereProfessionalId), To = Party.OfOrganisation(p.OrganisationElsewhereId),
        }, userId: p.OtherProfessionalUserId, pleinId: p.OtherPleinId);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await IdsAsync(p.ReceiverUserId, Tab(ReferralTab.Inkomend)), Is.EquivalentTo(new[] { toReceiver, toOrganisation }));
            Assert.That(await IdsAsync(p.ReceiverColleagueUserId, Tab(ReferralTab.Inkomend)), Is.EquivalentTo(new[] { toReceiver, toOrganisation }),
                "the receiving organisation's members may take it up");
            Assert.That(await IdsAsync(p.ReceiverUserId, Tab(ReferralTab.Uitgaand)), Is.Empty);
            Assert.That(await IdsAsync(p.SenderUserId, Tab(ReferralTab.Uitgaand)), Is.EquivalentTo(new[] { toReceiver, toOrganisation }));
            Assert.That(await IdsAsync(p.SenderUserId, Tab(ReferralTab.Inkomend)), Is.Empty);
            Assert.That(await IdsAsync(p.BystanderUserId, Tab(ReferralTab.Inkomend)), Is.Empty);
            Assert.That(await IdsAsync(p.BystanderUserId, Tab(ReferralTab.Uitgaand)), Is.Empty);
            Assert.That(await IdsAsync(p.BystanderUserId, Tab(ReferralTab.Alle)), Is.Empty, "alle is not a professional's list");
            Assert.That(await IdsAsync(p.ProjectleiderUserId, Tab(ReferralTab.Alle)), Is.EquivalentTo(new[] { toReceiver, toOrganisation }));
            Assert.That(await IdsAsync(p.OtherProjectleiderUserId, Tab(ReferralTab.Alle)), Is.EqualTo(new[] { elsewhere }));
            Assert.That(await IdsAsync(p.BeheerderUserId, Tab(ReferralTab.Alle)), Is.SupersetOf(new[] { toReceiver, toOrganisation, elsewhere }));
        });
    }

    [Test]
    public async Task Filters_by_status_and_period_and_counts_the_open_ones_per_tab()
    {
        var p = await RegisterArrange.PleinAsync(Db);
        var october = await ReferralArrange.ReferralAsync(Db, p, p.Referral(new DateOnly(2026, 10, 15)));
        var accepted = await ReferralArrange.ReferralAsync(Db, p, p.Referral(new DateOnly(2026, 11, 2)));
        var done = await ReferralArrange.ReferralAsync(Db, p, p.Referral(new DateOnly(2026, 11, 20)));
        await ReferralArrange.SetStatusAsync(Db, accepted, ReferralStatus.Geaccepteerd);
        await ReferralArrange.SetStatusAsync(Db, done, ReferralStatus.Afgerond);

        var november = await Lists.LoadAsync(p.ReceiverUserId, Tab(ReferralTab.Inkomend, van: new(2026, 11, 1), tot: new(2026, 11, 30)), Now);
        Assert.That(november.Rows.Select(r => r.Id), Is.EqualTo(new[] { done, accepted }));
        Assert.That(november.Total, Is.EqualTo(2));
        Assert.That((november.OpenInkomend, november.OpenUitgaand), Is.EqualTo((2, 0)), "open counts ignore the filter");
        Assert.That(await IdsAsync(p.ReceiverUserId, Tab(ReferralTab.Inkomend, ReferralStatus.Geaccepteerd)), Is.EqualTo(new[] { accepted }));
        Assert.That(await IdsAsync(p.ReceiverUserId, Tab(ReferralTab.Inkomend, ReferralTab.AllOpen)), Is.EqualTo(new[] { accepted, october }));
        Assert.That(await IdsAsync(p.ReceiverUserId, Tab(ReferralTab.Inkomend, tot: new(2026, 11, 2))), Is.EqualTo(new[] { accepted, october }),
            "tot includes its own day");
    }

    [Test]
    public async Task Pages_hold_25_and_the_total_counts_all()
    {
        var p = await RegisterArrange.PleinAsync(Db);
        for (var i = 0; i < 27; i++) await ReferralArrange.ReferralAsync(Db, p, p.Referral(Today.AddDays(-i)));

        var first = await Lists.LoadAsync(p.SenderUserId, Tab(ReferralTab.Uitgaand), Now);
        var second = await Lists.LoadAsync(p.SenderUserId, Tab(ReferralTab.Uitgaand, page: 2), Now);

        Assert.That((first.Rows.Count, second.Rows.Count, first.Total, second.Total), Is.EqualTo((25, 2, 27, 27)));
        Assert.That(second.Rows[^1].ReferredOn, Is.EqualTo(Today.AddDays(-26)));
    }

    [Test]
    public async Task The_sender_sees_the_outcome_only_with_consent_to_feedback()
    {
        var p = await RegisterArrange.PleinAsync(Db);
        var withConsent = await ReferralArrange.ReferralAsync(Db, p, p.Referral(Today));
        var without = await ReferralArrange.ReferralAsync(Db, p, p.Referral(Today) with { ConsentFeedback = false });
        await ReferralArrange.SetStatusAsync(Db, withConsent, ReferralStatus.Afgerond);
        await ReferralArrange.SetStatusAsync(Db, without, ReferralStatus.Afgerond);

        var sender = (await Lists.LoadAsync(p.SenderUserId, Tab(ReferralTab.Uitgaand), Now)).Rows.ToDictionary(r => r.Id, r => r.Outcome);
        var receiver = (await Lists.LoadAsync(p.ReceiverUserId, Tab(ReferralTab.Inkomend), Now)).Rows.ToDictionary(r => r.Id, r => r.Outcome);

        Assert.That(sender, Is.EqualTo(new Dictionary<int, string?> { [withConsent] = "geholpen", [without] = null }));
        Assert.That(receiver, Is.EqualTo(new Dictionary<int, string?> { [withConsent] = "geholpen", [without] = "geholpen" }));
    }

    [Test]
    public async Task Without_consent_to_feedback_the_sender_reads_the_reason_label_but_not_the_words()
    {
        var p = await RegisterArrange.PleinAsync(Db);
        var without = await ReferralArrange.ReferralAsync(Db, p, p.Referral(Today) with { ConsentFeedback = false });
        var refused = await new ReferralLoop(Db.DataSource).ChangeAsync(p.ReceiverUserId, without, new StatusChange(
            ReferralStatus.Verzonden, ReferralStatus.Afgewezen, Reason: "geen_capaciteit", ReasonText: "mevrouw staat al bij ons ingeschreven"));
        var details = new ReferralDetails(Db.DataSource);

        var sender = await details.LoadAsync(p.SenderUserId, without, Now);
        var receiver = await details.LoadAsync(p.ReceiverUserId, without, Now);

        Assert.That(refused.Outcome, Is.EqualTo(StatusChangeOutcome.Changed));
        Assert.That(sender!.Referral.StatusReason, Is.EqualTo("Geen capaciteit"));
        Assert.That(string.Join("|", sender.History.Select(e => e.Reason)), Does.Not.Contain("ingeschreven"));
        Assert.That(receiver!.Referral.StatusReason, Is.EqualTo("Geen capaciteit: mevrouw staat al bij ons ingeschreven"));
        Assert.That(ReferralStatus.ReasonLabel("alleen woorden bij anders"), Is.EqualTo("Anders"));
    }
}
