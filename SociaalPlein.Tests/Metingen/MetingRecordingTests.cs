using Dapper;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Metingen;
using SociaalPlein.Tests.Support;
using static SociaalPlein.Tests.Metingen.MetingArrange;

namespace SociaalPlein.Tests.Metingen;

/// <summary>
/// Metingen recorded with the visit in one transaction: only with the visitor's agreement, only for the visit's
/// leefgebieden, the health leefgebieden only where the plein switched them on; withdrawing stops new ones.
/// </summary>
public sealed class MetingRecordingTests : DatabaseFixture
{
    RegisterPlein _p = null!;

    protected override async Task ArrangeAsync() => _p = await RegisterArrange.PleinAsync(Db);

    Task<Data.Registreren.VisitorSummary> NewVisitorAsync() => RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);

    [Test]
    public async Task Steps_are_stored_with_the_visit_under_the_agreement_given_at_the_desk()
    {
        var visitor = await NewVisitorAsync();

        var result = await VisitWithStepsAsync(Db, _p, _p.SenderUserId, visitor, Today.AddDays(-3),
            new Dictionary<int, short> { [_p.LeefgebiedId] = 2, [_p.OtherLeefgebiedId] = 4 });

        Assert.That(result.Problems, Is.Empty);
        Assert.That(await StoredAsync(Db, visitor.Id), Is.EquivalentTo(new[]
        {
            (Today.AddDays(-3), _p.LeefgebiedId, (short)2), (Today.AddDays(-3), _p.OtherLeefgebiedId, (short)4),
        }));
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var agreement = await conn.QuerySingleAsync<(int? GivenBy, DateTime? WithdrawnAt)>(
            "SELECT given_by, withdrawn_at FROM meting_agreement WHERE visitor_id = @Id", new { visitor.Id });
        Assert.That(agreement, Is.EqualTo(((int?)_p.SenderUserId, (DateTime?)null)));
        Assert.That(await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM meting m JOIN visit x ON x.id = m.visit_id WHERE x.id = @Id",
            new { Id = result.Id }), Is.EqualTo(2), "the metingen belong to the visit they were taken with");
    }

    [Test]
    public async Task Without_agreement_the_desk_stores_neither_the_steps_nor_the_visit()
    {
        var visitor = await NewVisitorAsync();

        var result = await VisitWithStepsAsync(Db, _p, _p.SenderUserId, visitor, Today, new Dictionary<int, short> { [_p.LeefgebiedId] = 3 },
            agreementGiven: false);

        Assert.That(result.Problems.Select(p => p.Field), Is.EqualTo(new[] { MetingRecording.AgreementField }));
        Assert.That(result.Problems[0].Message, Does.Contain("Zonder instemming"));
        Assert.That(await RegisterArrange.CountAsync(Db, "visit", "visitor_id = @Id", new { visitor.Id }), Is.Zero);
        Assert.That(await StoredAsync(Db, visitor.Id), Is.Empty);
    }

    [Test]
    public async Task An_agreement_given_earlier_holds_for_a_later_visit()
    {
        var visitor = await NewVisitorAsync();
        await MeasuredVisitAsync(Db, _p, _p.SenderUserId, visitor, Today.AddDays(-70), new Dictionary<int, short> { [_p.LeefgebiedId] = 2 });

        var later = await VisitWithStepsAsync(Db, _p, _p.ReceiverUserId, visitor, Today, new Dictionary<int, short> { [_p.LeefgebiedId] = 3 },
            agreementGiven: false);

        Assert.That(later.Problems, Is.Empty);
        Assert.That((await StoredAsync(Db, visitor.Id)).Select(m => m.Step), Is.EqualTo(new short[] { 2, 3 }));
        Assert.That(await RegisterArrange.CountAsync(Db, "meting_agreement", "visitor_id = @Id", new { visitor.Id }), Is.EqualTo(1));
    }

    [Test]
    public async Task A_step_for_a_leefgebied_the_visit_is_not_about_is_refused_next_to_its_field()
    {
        var visitor = await NewVisitorAsync();

        var result = await VisitWithStepsAsync(Db, _p, _p.SenderUserId, visitor, Today,
            new Dictionary<int, short> { [_p.OtherLeefgebiedId] = 3 }, leefgebieden: [_p.LeefgebiedId]);

        Assert.That(result.Problems.Select(p => p.Field), Is.EqualTo(new[] { MetingRecording.StepField(_p.OtherLeefgebiedId) }));
        Assert.That(await StoredAsync(Db, visitor.Id), Is.Empty);
    }

    [TestCase(0)]
    [TestCase(6)]
    public async Task A_step_outside_one_to_five_is_refused_next_to_its_field(int step)
    {
        var visitor = await NewVisitorAsync();

        var result = await VisitWithStepsAsync(Db, _p, _p.SenderUserId, visitor, Today, new Dictionary<int, short> { [_p.LeefgebiedId] = (short)step });

        Assert.That(result.Problems.Select(p => (p.Field, p.Message)),
            Is.EqualTo(new[] { (MetingRecording.StepField(_p.LeefgebiedId), "Kies een stap van 1 tot en met 5.") }));
        Assert.That(await StoredAsync(Db, visitor.Id), Is.Empty);
    }

    [Test]
    public async Task Health_leefgebieden_are_off_by_default_and_a_step_there_is_refused()
    {
        var plein = await RegisterArrange.PleinAsync(Db);
        var visitor = await RegisterArrange.VisitorAsync(Db, plein.SenderUserId, plein.PleinId, Today);
        var mental = await LeefgebiedAsync(Db, "geestelijke_gezondheid");

        var settings = await new MetingScale(Db.DataSource).SettingsAsync();
        var result = await VisitWithStepsAsync(Db, plein, plein.SenderUserId, visitor, Today, new Dictionary<int, short> { [mental] = 2 });

        var mine = settings.Single(s => s.PleinId == plein.PleinId);
        Assert.That((mine.HealthEnabled, mine.FollowupMonths), Is.EqualTo((false, (short)3)));
        Assert.That(result.Problems.Select(p => p.Field), Is.EqualTo(new[] { MetingRecording.StepField(mental) }));
        Assert.That(result.Problems[0].Message, Does.Contain("gezondheidsleefgebieden"));
        Assert.That(await StoredAsync(Db, visitor.Id), Is.Empty);
    }

    [Test]
    public async Task A_health_leefgebied_takes_a_step_once_the_beheerder_switched_them_on_for_the_plein()
    {
        var plein = await RegisterArrange.PleinAsync(Db);
        var visitor = await RegisterArrange.VisitorAsync(Db, plein.SenderUserId, plein.PleinId, Today);
        var physical = await LeefgebiedAsync(Db, "lichamelijke_gezondheid");
        await SwitchHealthOnAsync(Db, plein.PleinId, plein.BeheerderUserId);

        var result = await VisitWithStepsAsync(Db, plein, plein.SenderUserId, visitor, Today, new Dictionary<int, short> { [physical] = 4 });

        Assert.That(result.Problems, Is.Empty);
        Assert.That(await StoredAsync(Db, visitor.Id), Is.EqualTo(new[] { (Today, physical, (short)4) }));
    }

    [Test]
    public async Task After_the_agreement_is_withdrawn_a_new_step_is_refused_until_the_visitor_agrees_again()
    {
        var visitor = await NewVisitorAsync();
        await MeasuredVisitAsync(Db, _p, _p.SenderUserId, visitor, Today.AddDays(-60), new Dictionary<int, short> { [_p.LeefgebiedId] = 2 });
        await new VisitorMetingen(Db.DataSource).WithdrawAsync(_p.SenderUserId, visitor.Code, erase: false,
            new AuditEntry("", true, UserId: _p.SenderUserId));

        var refused = await VisitWithStepsAsync(Db, _p, _p.SenderUserId, visitor, Today.AddDays(-1),
            new Dictionary<int, short> { [_p.LeefgebiedId] = 3 }, agreementGiven: false);
        var again = await VisitWithStepsAsync(Db, _p, _p.SenderUserId, visitor, Today, new Dictionary<int, short> { [_p.LeefgebiedId] = 4 });

        Assert.That(refused.Problems.Select(p => p.Field), Is.EqualTo(new[] { MetingRecording.AgreementField }));
        Assert.That(again.Problems, Is.Empty);
        Assert.That((await StoredAsync(Db, visitor.Id)).Select(m => m.Step), Is.EqualTo(new short[] { 2, 4 }),
            "the earlier meting stays when the visitor did not ask to erase it");
        Assert.That(await RegisterArrange.CountAsync(Db, "meting_agreement", "visitor_id = @Id AND withdrawn_at IS NOT NULL", new { visitor.Id }),
            Is.EqualTo(1), "the withdrawn agreement is kept beside the new one");
    }

    [Test]
    public async Task A_visit_without_steps_stores_no_meting_and_asks_nothing_about_agreement()
    {
        var visitor = await NewVisitorAsync();

        var result = await VisitWithStepsAsync(Db, _p, _p.SenderUserId, visitor, Today, new Dictionary<int, short>(),
            agreementGiven: false, leefgebieden: [_p.LeefgebiedId]);

        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Id, Is.Not.Null);
        Assert.That(await RegisterArrange.CountAsync(Db, "meting_agreement", "visitor_id = @Id", new { visitor.Id }), Is.Zero);
    }
}
