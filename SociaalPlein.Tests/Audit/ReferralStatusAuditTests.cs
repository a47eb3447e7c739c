using System.Net;
using Dapper;
using SociaalPlein.Data.Registreren;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Support;
using SociaalPlein.Tests.Verwijzingen;
using static SociaalPlein.Data.Verwijzingen.ReferralStatus;

namespace SociaalPlein.Tests.Audit;

/// <summary>
/// Every status change of a referral is one audit entry with every NEN 7513 field, written in the change's own
/// transaction; a step the account may not take is a refused entry; the typed reason and note never reach the log.
/// </summary>
public sealed class ReferralStatusAuditTests : DatabaseFixture
{
    static readonly DateOnly Today = new(2026, 11, 23);
    static readonly IPAddress Client = IPAddress.Parse("198.51.100.7");
    RegisterPlein _p = null!;
    VisitorSummary _visitor = null!;
    ReferralLoop _loop = null!;

    protected override async Task ArrangeAsync()
    {
        _p = await RegisterArrange.PleinAsync(Db);
        _visitor = await RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);
        _loop = new ReferralLoop(Db.DataSource);
    }

    Task<int> ReferralAsync() => ReferralArrange.ReferralAsync(Db, _p, _p.Referral(Today), visitorId: _visitor.Id);

    sealed record Entry(long Id, DateTime OccurredAt, int? UserId, string? UserEmail, string? Role, string Action, string? ObjectType,
        string? ObjectId, string? Subject, int? PleinId, string? ClientAddress, string Outcome, string? Detail);

    async Task<List<Entry>> EntriesAsync(int referralId)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return (await conn.QueryAsync<Entry>("""
            SELECT id, occurred_at, user_id, user_email, role, action, object_type, object_id, subject, plein_id,
                   host(client_address) AS client_address, outcome, detail::text AS detail
            FROM audit_log WHERE action = 'referral.status_change' AND object_id = @id ORDER BY id
            """, new { id = referralId.ToString() })).ToList();
    }

    async Task<long> EventsAfterTheFirstAsync(int referralId) =>
        await RegisterArrange.CountAsync(Db, "referral_status_event", "referral_id = @referralId AND status <> 'verzonden'", new { referralId });

    [Test]
    public async Task A_status_change_is_one_entry_with_every_field()
    {
        var id = await ReferralAsync();
        var before = DateTime.UtcNow.AddMinutes(-1);

        await _loop.ChangeAsync(_p.ReceiverUserId, id, new StatusChange(Verzonden, Geaccepteerd), Client);

        var e = (await EntriesAsync(id)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(e.OccurredAt, Is.GreaterThan(before).And.LessThan(DateTime.UtcNow.AddMinutes(1)));
            Assert.That(e.UserId, Is.EqualTo(_p.ReceiverUserId));
            Assert.That(e.UserEmail, Is.EqualTo(_p.ReceiverEmail));
            Assert.That(e.Role, Is.EqualTo("professional"));
            Assert.That(e.ObjectType, Is.EqualTo("referral"));
            Assert.That(e.Subject, Is.EqualTo(_visitor.Code), "the data subject by code");
            Assert.That(e.PleinId, Is.EqualTo(_p.PleinId));
            Assert.That(e.ClientAddress, Is.EqualTo("198.51.100.7"));
            Assert.That(e.Outcome, Is.EqualTo("allowed"));
            Assert.That(e.Detail, Does.Contain("\"from\": \"verzonden\"").And.Contain("\"to\": \"geaccepteerd\""));
        });
    }

    [Test]
    public async Task Every_step_of_the_loop_is_audited_once_and_only_when_it_is_stored()
    {
        var done = await ReferralAsync();
        await _loop.ChangeAsync(_p.ReceiverUserId, done, new StatusChange(Verzonden, Geaccepteerd), Client);
        await _loop.ChangeAsync(_p.ReceiverUserId, done, new StatusChange(Geaccepteerd, ContactGelegd), Client);
        await _loop.ChangeAsync(_p.ReceiverUserId, done, new StatusChange(ContactGelegd, Afgerond, Outcome: "geholpen"), Client);
        var refused = await ReferralAsync();
        await _loop.ChangeAsync(_p.ReceiverUserId, refused, new StatusChange(Verzonden, Afgewezen, Reason: "geen_capaciteit"), Client);
        var notReached = await ReferralAsync();
        await _loop.ChangeAsync(_p.ReceiverUserId, notReached, new StatusChange(Verzonden, NietBereikt, Reason: "niet_bereikbaar"), Client);
        var cancelled = await ReferralAsync();
        await _loop.ChangeAsync(_p.SenderUserId, cancelled, new StatusChange(Verzonden, Geannuleerd), Client);
        // Wrong input (no outcome), and a status that moved on meanwhile: nothing stored, nothing logged.
        await _loop.ChangeAsync(_p.ReceiverUserId, done, new StatusChange(ContactGelegd, Afgerond), Client);
        await _loop.ChangeAsync(_p.ReceiverUserId, cancelled, new StatusChange(Verzonden, Geaccepteerd), Client);

        foreach (var (id, steps) in new[] { (done, 3), (refused, 1), (notReached, 1), (cancelled, 1) })
        {
            var entries = await EntriesAsync(id);
            Assert.That(entries, Has.Count.EqualTo(steps), $"referral {id}");
            Assert.That(entries.Select(e => e.Outcome), Has.All.EqualTo("allowed"));
            Assert.That(await EventsAfterTheFirstAsync(id), Is.EqualTo(steps), "one entry per stored event");
        }
        Assert.That((await EntriesAsync(cancelled)).Single().UserId, Is.EqualTo(_p.SenderUserId));
        Assert.That((await EntriesAsync(refused)).Single().Detail, Does.Contain("\"reason\": \"geen_capaciteit\""));
    }

    [Test]
    public async Task A_step_the_account_may_not_take_is_a_refused_entry()
    {
        var id = await ReferralAsync();

        var bySender = await _loop.ChangeAsync(_p.SenderUserId, id, new StatusChange(Verzonden, Geaccepteerd), Client);
        var byStranger = await _loop.ChangeAsync(_p.OtherProfessionalUserId, id, new StatusChange(Verzonden, Geaccepteerd), Client);

        Assert.That((bySender.Outcome, byStranger.Outcome), Is.EqualTo((StatusChangeOutcome.NotAllowed, StatusChangeOutcome.NotFound)));
        var entries = await EntriesAsync(id);
        Assert.That(entries.Select(e => (e.UserId, e.Outcome)),
            Is.EqualTo(new[] { ((int?)_p.SenderUserId, "refused"), (_p.OtherProfessionalUserId, "refused") }));
        Assert.That(entries[0].Subject, Is.EqualTo(_visitor.Code), "the sender sees the referral: its subject is logged");
        Assert.That(entries[1].Subject, Is.Null, "a referral the account cannot see: not even its subject");
        Assert.That(await ReferralArrange.StatusAsync(Db, id), Is.EqualTo(Verzonden));
    }

    [Test]
    public async Task The_typed_reason_and_note_never_reach_the_log()
    {
        var id = await ReferralAsync();

        await _loop.ChangeAsync(_p.ReceiverUserId, id, new StatusChange(Verzonden, Afgewezen, Reason: OtherReason,
            ReasonText: "Mevrouw Jansen woont al bij ons", Note: "Belde zelf op 0612345678"), Client);

        var detail = (await EntriesAsync(id)).Single().Detail!;
        Assert.That(detail, Does.Not.Contain("Jansen").And.Not.Contain("0612345678"));
        Assert.That(detail, Does.Contain("\"reason\": \"anders\""));
    }
}
