using Dapper;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Support;
using static SociaalPlein.Data.Verwijzingen.ReferralStatus;

namespace SociaalPlein.Tests.Verwijzingen;

/// <summary>The closed loop: each step only from the right status, by the right side, with what it needs.</summary>
public sealed class ReferralLoopTests : DatabaseFixture
{
    static readonly DateOnly Today = new(2026, 11, 23);
    RegisterPlein _p = null!;
    ReferralLoop _loop = null!;

    protected override async Task ArrangeAsync()
    {
        _p = await RegisterArrange.PleinAsync(Db);
        _loop = new ReferralLoop(Db.DataSource);
    }

    Task<int> NewReferralAsync() => ReferralArrange.ReferralAsync(Db, _p, _p.Referral(Today));

    async Task<int> ReferralInAsync(string status)
    {
        var id = await NewReferralAsync();
        if (status != Verzonden) await ReferralArrange.SetStatusAsync(Db, id, status);
        return id;
    }

    // A change with whatever the step needs, so only the rule under test can refuse it.
    static StatusChange Complete(string from, string to) => new(from, to,
        Outcome: to == Afgerond ? "geholpen" : null, Reason: NeedsReason(to) ? "geen_capaciteit" : null);

    static IEnumerable<TestCaseData> EveryStep() =>
        from f in All from t in All where t != Verzonden
        select new TestCaseData(f, t, IsAllowedByIssue(f, t)).SetName($"Step_from_{f}_to_{t}");

    // The issue's table, written out apart from ReferralStatus so that the test checks it rather than repeats it.
    static bool IsAllowedByIssue(string from, string to) => (from, to) switch
    {
        (Verzonden, Geaccepteerd or Afgewezen or NietBereikt or Geannuleerd) => true,
        (Geaccepteerd, ContactGelegd or Afgewezen or NietBereikt or Geannuleerd) => true,
        (ContactGelegd, Afgerond or Afgewezen or NietBereikt or Geannuleerd) => true,
        _ => false,
    };

    [TestCaseSource(nameof(EveryStep))]
    public async Task Each_step_is_allowed_only_from_the_right_status(string from, string to, bool allowed)
    {
        var id = await ReferralInAsync(from);
        var actor = to == Geannuleerd ? _p.SenderUserId : _p.ReceiverUserId;

        var result = await _loop.ChangeAsync(actor, id, Complete(from, to));

        Assert.That(result.Outcome, Is.EqualTo(allowed ? StatusChangeOutcome.Changed : StatusChangeOutcome.Refused));
        Assert.That(await ReferralArrange.StatusAsync(Db, id), Is.EqualTo(allowed ? to : from));
        if (!allowed) Assert.That(result.Problems.Single().Field, Is.EqualTo(StatusFields.To));
    }

    public enum Who { Receiver, ReceiverColleague, Sender, Bystander, Projectleider, Beheerder, OtherPleinProfessional }

    int UserOf(Who who) => who switch
    {
        Who.Receiver => _p.ReceiverUserId,
        Who.ReceiverColleague => _p.ReceiverColleagueUserId,
        Who.Sender => _p.SenderUserId,
        Who.Bystander => _p.BystanderUserId,
        Who.Projectleider => _p.ProjectleiderUserId,
        Who.Beheerder => _p.BeheerderUserId,
        _ => _p.OtherProfessionalUserId,
    };

    [TestCase(Who.Receiver, StatusChangeOutcome.Changed)]
    [TestCase(Who.ReceiverColleague, StatusChangeOutcome.Changed)]
    [TestCase(Who.Sender, StatusChangeOutcome.NotAllowed)]
    [TestCase(Who.Projectleider, StatusChangeOutcome.NotAllowed)]
    [TestCase(Who.Beheerder, StatusChangeOutcome.NotAllowed)]
    [TestCase(Who.Bystander, StatusChangeOutcome.NotFound)]
    [TestCase(Who.OtherPleinProfessional, StatusChangeOutcome.NotFound)]
    public async Task Only_the_receiving_side_moves_a_referral_forward(Who who, StatusChangeOutcome expected)
    {
        foreach (var (from, to) in new[] { (Verzonden, Geaccepteerd), (Geaccepteerd, ContactGelegd), (ContactGelegd, Afgerond), (Verzonden, Afgewezen) })
        {
            var id = await ReferralInAsync(from);

            var result = await _loop.ChangeAsync(UserOf(who), id, Complete(from, to));

            Assert.That(result.Outcome, Is.EqualTo(expected), $"{from} → {to}");
            Assert.That(await ReferralArrange.StatusAsync(Db, id), Is.EqualTo(expected == StatusChangeOutcome.Changed ? to : from));
        }
    }

    [TestCase(Who.Sender, StatusChangeOutcome.Changed)]
    [TestCase(Who.Receiver, StatusChangeOutcome.NotAllowed)]
    [TestCase(Who.ReceiverColleague, StatusChangeOutcome.NotAllowed)]
    [TestCase(Who.Projectleider, StatusChangeOutcome.NotAllowed)]
    [TestCase(Who.Bystander, StatusChangeOutcome.NotFound)]
    public async Task Only_the_sender_cancels_an_open_referral(Who who, StatusChangeOutcome expected)
    {
        foreach (var from in Open)
        {
            var id = await ReferralInAsync(from);

            var result = await _loop.ChangeAsync(UserOf(who), id, new StatusChange(from, Geannuleerd, Note: "Per ongeluk dubbel"));

            Assert.That(result.Outcome, Is.EqualTo(expected), from);
        }
    }

    [Test]
    public async Task The_account_that_registered_a_referral_for_a_colleague_may_cancel_it()
    {
        var id = await ReferralArrange.ReferralAsync(Db, _p, _p.Referral(Today), userId: _p.BystanderUserId);

        var result = await _loop.ChangeAsync(_p.BystanderUserId, id, new StatusChange(Verzonden, Geannuleerd));

        Assert.That(result.Outcome, Is.EqualTo(StatusChangeOutcome.Changed));
    }

    [TestCase(Afgewezen)]
    [TestCase(NietBereikt)]
    public async Task Refusing_or_not_reaching_needs_a_reason(string to)
    {
        var id = await NewReferralAsync();

        var none = await _loop.ChangeAsync(_p.ReceiverUserId, id, new StatusChange(Verzonden, to));
        var otherWithoutWords = await _loop.ChangeAsync(_p.ReceiverUserId, id, new StatusChange(Verzonden, to, Reason: OtherReason, ReasonText: " "));
        var withReason = await _loop.ChangeAsync(_p.ReceiverUserId, id, new StatusChange(Verzonden, to, Reason: "geen_capaciteit", ReasonText: "wachtlijst tot maart"));

        Assert.That(none.Outcome, Is.EqualTo(StatusChangeOutcome.Refused));
        Assert.That(none.Problems.Single().Field, Is.EqualTo(StatusFields.Reason));
        Assert.That(otherWithoutWords.Problems.Single().Field, Is.EqualTo(StatusFields.ReasonText));
        Assert.That(withReason.Outcome, Is.EqualTo(StatusChangeOutcome.Changed));
        Assert.That(await ScalarAsync<string>("SELECT status_reason FROM referral WHERE id = @id", id), Is.EqualTo("Geen capaciteit: wachtlijst tot maart"));
    }

    [Test]
    public async Task Afronden_needs_an_outcome()
    {
        var id = await ReferralInAsync(ContactGelegd);

        var none = await _loop.ChangeAsync(_p.ReceiverUserId, id, new StatusChange(ContactGelegd, Afgerond));
        var unknown = await _loop.ChangeAsync(_p.ReceiverUserId, id, new StatusChange(ContactGelegd, Afgerond, Outcome: "genezen"));
        var done = await _loop.ChangeAsync(_p.ReceiverUserId, id, new StatusChange(ContactGelegd, Afgerond, Outcome: "doorverwezen"));

        Assert.That(none.Problems.Single().Field, Is.EqualTo(StatusFields.Outcome));
        Assert.That(unknown.Problems.Single().Field, Is.EqualTo(StatusFields.Outcome));
        Assert.That(done.Outcome, Is.EqualTo(StatusChangeOutcome.Changed));
        Assert.That(await ScalarAsync<string>("SELECT outcome FROM referral WHERE id = @id", id), Is.EqualTo("doorverwezen"));
    }

    [Test]
    public async Task A_note_over_500_characters_is_refused()
    {
        var id = await NewReferralAsync();

        var result = await _loop.ChangeAsync(_p.ReceiverUserId, id, new StatusChange(Verzonden, Geaccepteerd, Note: new string('n', 501)));

        Assert.That(result.Problems.Single().Field, Is.EqualTo(StatusFields.Note));
        Assert.That(await ReferralArrange.StatusAsync(Db, id), Is.EqualTo(Verzonden));
    }

    [Test]
    public async Task A_change_appends_an_event_with_who_when_and_note_and_updates_the_referral_alike()
    {
        var id = await NewReferralAsync();

        await _loop.ChangeAsync(_p.ReceiverColleagueUserId, id, new StatusChange(Verzonden, Geaccepteerd, Note: "  Ik pak het op  "));

        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var e = await conn.QuerySingleAsync<(string Status, string Note, int ChangedBy, DateTime ChangedAt)>("""
            SELECT status, note, changed_by, changed_at FROM referral_status_event WHERE referral_id = @id AND status <> 'verzonden'
            """, new { id });
        var r = await conn.QuerySingleAsync<(string Status, DateTime StatusChangedAt)>(
            "SELECT status, status_changed_at FROM referral WHERE id = @id", new { id });
        Assert.That(e, Is.EqualTo((Geaccepteerd, "Ik pak het op", _p.ReceiverColleagueUserId, r.StatusChangedAt)));
        Assert.That(r.Status, Is.EqualTo(Geaccepteerd));
    }

    [Test]
    public async Task A_step_on_a_status_that_moved_on_meanwhile_changes_nothing()
    {
        var id = await ReferralInAsync(Geaccepteerd);

        var result = await _loop.ChangeAsync(_p.ReceiverUserId, id, Complete(Verzonden, Afgewezen));

        Assert.That(result.Outcome, Is.EqualTo(StatusChangeOutcome.Outdated));
        Assert.That(await ReferralArrange.StatusAsync(Db, id), Is.EqualTo(Geaccepteerd));
    }

    [Test]
    public async Task Two_people_taking_a_step_at_once_store_one_event()
    {
        for (var round = 0; round < 5; round++)
        {
            var id = await NewReferralAsync();
            var clicks = new[] { _p.ReceiverUserId, _p.ReceiverColleagueUserId, _p.ReceiverUserId, _p.ReceiverColleagueUserId };

            var results = await Task.WhenAll(clicks.Select(user => Task.Run(() =>
                _loop.ChangeAsync(user, id, user == _p.ReceiverUserId ? Complete(Verzonden, Geaccepteerd) : Complete(Verzonden, Afgewezen)))));

            Assert.That(results.Count(r => r.Outcome == StatusChangeOutcome.Changed), Is.EqualTo(1));
            Assert.That(results.Count(r => r.Outcome == StatusChangeOutcome.Outdated), Is.EqualTo(3));
            Assert.That(await RegisterArrange.CountAsync(Db, "referral_status_event", "referral_id = @id AND status <> 'verzonden'", new { id }), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task An_unknown_referral_is_not_found()
    {
        var result = await _loop.ChangeAsync(_p.ReceiverUserId, int.MaxValue, Complete(Verzonden, Geaccepteerd));

        Assert.That(result.Outcome, Is.EqualTo(StatusChangeOutcome.NotFound));
    }

    async Task<T?> ScalarAsync<T>(string sql, int id)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<T>(sql, new { id });
    }
}
