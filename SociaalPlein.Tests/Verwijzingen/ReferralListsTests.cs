using Dapper;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Verwijzingen;

/// <summary>The inkomend and uitgaand lists: need to know, spoed on top, "wacht op reactie", filters.</summary>
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

    [Test]
    public async Task A_withdrawn_referral_is_listed_and_counted_on_no_tab()
    {
        var p = await RegisterArrange.PleinAsync(Db);
        var kept = await ReferralArrange.ReferralAsync(Db, p, p.Referral(Today));
        var withdrawn = await ReferralArrange.ReferralAsync(Db, p, p.Referral(Today));
        await ReferralArrange.WithdrawAsync(Db, withdrawn);

        foreach (var (user, tab) in new[] { (p.ReceiverUserId, ReferralTab.Inkomend), (p.SenderUserId, ReferralTab.Uitgaand),
                     (p.ProjectleiderUserId, ReferralTab.Alle), (p.BeheerderUserId, ReferralTab.Alle) })
        {
            var page = await Lists.LoadAsync(user, Tab(tab, ReferralTab.AllOpen), Now);
            Assert.That(page.Rows.Select(r => r.Id), Does.Contain(kept).And.Not.Contain(withdrawn), tab);
        }
        var receiver = await Lists.LoadAsync(p.ReceiverUserId, Tab(ReferralTab.Inkomend), Now);
        var sender = await Lists.LoadAsync(p.SenderUserId, Tab(ReferralTab.Uitgaand), Now);
        Assert.That((receiver.Total, receiver.OpenInkomend, sender.Total, sender.OpenUitgaand), Is.EqualTo((1, 1, 1, 1)));
    }

    [Test]
    public async Task The_alle_list_of_several_pleinen_and_statuses_is_one_order_newest_first_on_every_page()
    {
        var p = await RegisterArrange.PleinAsync(Db);
        var referrals = new List<(int Id, DateOnly On, bool OwnPlein, bool Accepted)>();
        for (var i = 0; i < 30; i++)
        {
            var on = Today.AddDays(-(i * 7 % 30));
            var atOwnPlein = i % 3 != 0;
            var id = atOwnPlein
                ? await ReferralArrange.ReferralAsync(Db, p, p.Referral(on))
                : await ReferralArrange.ReferralAsync(Db, p, p.Referral(on) with
                {
                    From = Party.OfProfessional(p.ElsewhereProfessionalId), To = Party.OfOrganisation(p.OrganisationElsewhereId),
                }, userId: p.OtherProfessionalUserId, pleinId: p.OtherPleinId);
            if (i % 2 == 0) await ReferralArrange.SetStatusAsync(Db, id, ReferralStatus.Geaccepteerd);
            referrals.Add((id, on, atOwnPlein, i % 2 == 0));
        }
        var newestFirst = referrals.OrderByDescending(r => r.On).ThenByDescending(r => r.Id).ToList();
        var expected = newestFirst.Select(r => r.Id).ToList();

        await using (var conn = await Db.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("INSERT INTO app_user_plein (user_id, plein_id) VALUES (@ProjectleiderUserId, @OtherPleinId)", p);

        var bothPleinen = new List<int>();
        var open = new List<int>();
        var region = new List<ReferralListRow>();
        for (var page = 1; page <= 2; page++)
        {
            bothPleinen.AddRange(await IdsAsync(p.ProjectleiderUserId, Tab(ReferralTab.Alle, page: page)));
            open.AddRange(await IdsAsync(p.ProjectleiderUserId, Tab(ReferralTab.Alle, ReferralTab.AllOpen, page: page)));
            region.AddRange((await Lists.LoadAsync(p.BeheerderUserId, Tab(ReferralTab.Alle, page: page), Now)).Rows);
        }
        var accepted = await IdsAsync(p.ProjectleiderUserId, Tab(ReferralTab.Alle, ReferralStatus.Geaccepteerd));

        Assert.That(bothPleinen, Is.EqualTo(expected), "both pleinen, merged newest first across the pages");
        Assert.That(open, Is.EqualTo(expected), "every one is open: verzonden and geaccepteerd merged in one order");
        Assert.That(accepted, Is.EqualTo(newestFirst.Where(r => r.Accepted).Select(r => r.Id)));
        Assert.That(region.Select(r => (r.ReferredOn, r.Id)), Is.Ordered.Descending, "the beheerder's list of every plein");
        Assert.That(region.Select(r => r.Id).Intersect(expected), Is.EqualTo(expected.Take(region.Count(r => expected.Contains(r.Id)))));
    }

    [Test]
    public async Task Counts_stop_just_past_the_last_page_a_list_can_show()
    {
        var p = await RegisterArrange.PleinAsync(Db);
        var first = await ReferralArrange.ReferralAsync(Db, p, p.Referral(Today));
        await using (var conn = await Db.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("""
                INSERT INTO referral (plein_id, referred_on, from_kind, from_professional_id, from_organisation_id, to_professional_id,
                                      to_organisation_id, zorgvraag, leefgebied_id, created_by, request_id)
                SELECT plein_id, referred_on, from_kind, from_professional_id, from_organisation_id, to_professional_id,
                       to_organisation_id, zorgvraag, leefgebied_id, created_by, gen_random_uuid()
                FROM referral, generate_series(1, @more) WHERE id = @first
                """, new { first, more = ReferralListQuery.CountCap + 10 });

        var page = await Lists.LoadAsync(p.ReceiverUserId, Tab(ReferralTab.Inkomend), Now);

        Assert.That(page.Total, Is.EqualTo(ReferralListQuery.CountCap + 1));
        Assert.That(ReferralListPage.IsCapped(page.Total) && ReferralListPage.IsCapped(page.OpenInkomend), Is.True);
        Assert.That(page.Rows, Has.Count.EqualTo(ReferralListQuery.PageSize));
    }

    [Test]
    public async Task A_list_that_takes_too_long_answers_too_broad_instead_of_failing()
    {
        var p = await RegisterArrange.PleinAsync(Db);
        await ReferralArrange.ReferralAsync(Db, p, p.Referral(Today));
        // A lock held elsewhere keeps the list's statements waiting until the list's own statement timeout stops them.
        await using var blocker = await Db.DataSource.OpenConnectionAsync();
        await using var tx = await blocker.BeginTransactionAsync();
        await blocker.ExecuteAsync("LOCK TABLE referral IN ACCESS EXCLUSIVE MODE", transaction: tx);

        var page = await Lists.LoadAsync(p.ProjectleiderUserId, Tab(ReferralTab.Alle), Now);

        Assert.That((page.TooBroad, page.Rows.Count), Is.EqualTo((true, 0)));
    }
}
