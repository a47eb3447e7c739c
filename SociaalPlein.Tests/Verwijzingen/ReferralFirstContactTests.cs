using Dapper;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Verwijzingen;

/// <summary>
/// A referral's first contact kept on the referral (db/0033) stays what its status events say through every status
/// change, a correction of an event and its removal; and the running quarter's outcomes, counted from the referral's
/// own status and kept first contact, are what its events give.
/// </summary>
public sealed class ReferralFirstContactTests : DatabaseFixture
{
    async Task<(RegisterPlein Plein, int Referral)> ReferralAsync()
    {
        var p = await RegisterArrange.PleinAsync(Db);
        var today = DateOnly.FromDateTime(await ScalarAsync<DateTime>("SELECT timezone('Europe/Amsterdam', now())"));
        return (p, await ReferralArrange.ReferralAsync(Db, p, p.Referral(today)));
    }

    async Task<T?> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<T>(sql, args);
    }

    Task<DateTime?> FirstContactAsync(int referral) =>
        ScalarAsync<DateTime?>("SELECT first_contact_at FROM referral WHERE id = @referral", new { referral });

    // What the events say: the earliest contact_gelegd or afgerond.
    Task<DateTime?> FirstContactByEventsAsync(int referral) => ScalarAsync<DateTime?>("""
        SELECT min(changed_at) FROM referral_status_event WHERE referral_id = @referral AND status IN ('contact_gelegd', 'afgerond')
        """, new { referral });

    async Task ChangeAsync(RegisterPlein p, int referral, StatusChange change) =>
        Assert.That((await new ReferralLoop(Db.DataSource).ChangeAsync(p.ReceiverUserId, referral, change)).Outcome,
            Is.EqualTo(StatusChangeOutcome.Changed));

    [Test]
    public async Task The_first_contact_is_kept_from_the_contact_step_and_left_alone_by_the_steps_after_it()
    {
        var (p, referral) = await ReferralAsync();

        await ChangeAsync(p, referral, new StatusChange(ReferralStatus.Verzonden, ReferralStatus.Geaccepteerd));
        var accepted = await FirstContactAsync(referral);
        await ChangeAsync(p, referral, new StatusChange(ReferralStatus.Geaccepteerd, ReferralStatus.ContactGelegd));
        var contact = await FirstContactAsync(referral);
        await ChangeAsync(p, referral, new StatusChange(ReferralStatus.ContactGelegd, ReferralStatus.Afgerond, Outcome: "geholpen"));

        Assert.That(accepted, Is.Null);
        Assert.That(contact, Is.Not.Null.And.EqualTo(await FirstContactByEventsAsync(referral)));
        Assert.That(await FirstContactAsync(referral), Is.EqualTo(contact), "afgerond after the contact step changes nothing");
    }

    [Test]
    public async Task A_corrected_or_removed_event_makes_the_first_contact_what_the_remaining_events_say()
    {
        var (p, referral) = await ReferralAsync();
        await ChangeAsync(p, referral, new StatusChange(ReferralStatus.Verzonden, ReferralStatus.Geaccepteerd));
        await ChangeAsync(p, referral, new StatusChange(ReferralStatus.Geaccepteerd, ReferralStatus.ContactGelegd));
        var byTheLoop = await FirstContactAsync(referral);
        await using var conn = await Db.DataSource.OpenConnectionAsync();

        var earlier = await conn.ExecuteScalarAsync<long>("""
            INSERT INTO referral_status_event (referral_id, status, changed_at) VALUES (@referral, 'contact_gelegd', now() - interval '2 days')
            RETURNING id
            """, new { referral });
        var afterEarlier = await FirstContactAsync(referral);
        await conn.ExecuteAsync("UPDATE referral_status_event SET changed_at = changed_at + interval '3 days' WHERE id = @earlier", new { earlier });
        var afterMoved = await FirstContactAsync(referral);
        await conn.ExecuteAsync("UPDATE referral_status_event SET status = 'geaccepteerd' WHERE id = @earlier", new { earlier });
        var afterRestated = await FirstContactAsync(referral);
        await conn.ExecuteAsync("DELETE FROM referral_status_event WHERE referral_id = @referral AND status = 'contact_gelegd'", new { referral });

        Assert.That(afterEarlier, Is.LessThan(byTheLoop!.Value));
        Assert.That(afterMoved, Is.EqualTo(byTheLoop), "moved after the contact step, the contact step is first again");
        Assert.That(afterRestated, Is.EqualTo(byTheLoop));
        Assert.That(await FirstContactAsync(referral), Is.Null, "no contact event left");
    }

    [Test]
    public async Task The_running_quarters_outcomes_from_the_referral_are_what_its_events_give()
    {
        var (p, contacted) = await ReferralAsync();
        var today = DateOnly.FromDateTime(await ScalarAsync<DateTime>("SELECT timezone('Europe/Amsterdam', now())"));
        var refused = await ReferralArrange.ReferralAsync(Db, p, p.Referral(today, "Hulp bij het invullen van formulieren"));
        var withdrawn = await ReferralArrange.ReferralAsync(Db, p, p.Referral(today, "Vraag over huurtoeslag en toeslagen"));
        await ReferralArrange.ReferralAsync(Db, p, p.Referral(today, "Zoekt iemand om mee te praten"));
        await ChangeAsync(p, contacted, new StatusChange(ReferralStatus.Verzonden, ReferralStatus.Geaccepteerd));
        await ChangeAsync(p, contacted, new StatusChange(ReferralStatus.Geaccepteerd, ReferralStatus.ContactGelegd));
        await ChangeAsync(p, contacted, new StatusChange(ReferralStatus.ContactGelegd, ReferralStatus.Afgerond, Outcome: "geholpen"));
        await ChangeAsync(p, refused, new StatusChange(ReferralStatus.Verzonden, ReferralStatus.Afgewezen, Reason: "past_niet"));
        await ChangeAsync(p, withdrawn, new StatusChange(ReferralStatus.Verzonden, ReferralStatus.Geaccepteerd));
        await ReferralArrange.WithdrawAsync(Db, withdrawn);

        var outcomes = (await new NewsletterFiguresQuery(Db.DataSource).LoadAsync([p.PleinId], Quarter.Of(today))).Outcomes;

        Assert.That((outcomes.Total, outcomes.Afgerond, outcomes.Afgewezen, outcomes.NietBereikt, outcomes.Open, outcomes.WithContact),
            Is.EqualTo((3L, 1L, 1L, 0L, 1L, 1L)));
    }
}
