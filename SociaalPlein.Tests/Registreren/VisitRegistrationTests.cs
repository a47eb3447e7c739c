using SociaalPlein.Data.Bezoekers;
using Dapper;
using Npgsql;
using SociaalPlein.Data.Registreren;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Registreren;

/// <summary>One submit of the spreekuur form stores the visit and its referrals together, or nothing (issue: register).</summary>
public sealed class VisitRegistrationTests : DatabaseFixture
{
    static readonly DateOnly Today = new(2026, 11, 23);
    RegisterPlein _p = null!;

    protected override async Task ArrangeAsync() => _p = await RegisterArrange.PleinAsync(Db);

    VisitDraft Visit(VisitorSummary visitor, DateOnly? on = null) =>
        new(Guid.NewGuid(), _p.PleinId, visitor.Id, on ?? Today, "spreekuur", null, [_p.LeefgebiedId, _p.OtherLeefgebiedId], _p.SenderId);

    async Task<(long Visits, long Referrals, long Events, long Notifications)> StoredForAsync(int visitorId) => (
        await RegisterArrange.CountAsync(Db, "visit", "visitor_id = @visitorId", new { visitorId }),
        await RegisterArrange.CountAsync(Db, "referral", "visitor_id = @visitorId", new { visitorId }),
        await RegisterArrange.CountAsync(Db, "referral_status_event e JOIN referral r ON r.id = e.referral_id", "r.visitor_id = @visitorId", new { visitorId }),
        await RegisterArrange.CountAsync(Db, "referral_notification n JOIN referral r ON r.id = n.referral_id", "r.visitor_id = @visitorId", new { visitorId }));

    [Test]
    public async Task Visit_with_two_referrals_is_stored_atomically_with_events_and_notifications()
    {
        var visitor = await RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);
        var result = await new VisitRegistration(Db.DataSource).RegisterAsync(_p.SenderUserId, Visit(visitor),
            [_p.Referral(Today), _p.Referral(Today, "Zoekt passende woonruimte") with { LeefgebiedId = _p.OtherLeefgebiedId, To = Party.OfOrganisation(_p.ReceiverOrganisationId) }],
            Today);

        Assert.That(result.Stored, Is.True, string.Join("; ", result.Problems));
        Assert.That(await StoredForAsync(visitor.Id), Is.EqualTo((1L, 2L, 2L, 2L)));
        Assert.That(await RegisterArrange.CountAsync(Db, "visit_leefgebied", "visit_id = @Id", new { result.Id }), Is.EqualTo(2));
        Assert.That(await RegisterArrange.CountAsync(Db, "referral", "visit_id = @Id AND status = 'verzonden' AND to_organisation_id = @org",
            new { result.Id, org = _p.ReceiverOrganisationId }), Is.EqualTo(2), "both referrals point at the visit and at the receiving organisation");
    }

    [Test]
    public async Task Refused_second_referral_leaves_nothing_stored()
    {
        var visitor = await RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);
        var result = await new VisitRegistration(Db.DataSource).RegisterAsync(_p.SenderUserId, Visit(visitor),
            [_p.Referral(Today), _p.Referral(Today) with { To = Party.OfProfessional(_p.InactiveProfessionalId) }], Today);

        Assert.That(result.Stored, Is.False);
        Assert.That(result.Problems, Has.Exactly(1).Matches<EntryProblem>(p => p!.Referral == 1 && p.Field == Fields.To));
        Assert.That(await StoredForAsync(visitor.Id), Is.EqualTo((0L, 0L, 0L, 0L)));
    }

    [Test]
    public async Task Value_the_table_refuses_in_the_second_referral_leaves_nothing_stored_and_names_the_field()
    {
        var visitor = await RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);
        // A category the table refuses (over 60 characters): the checks pass, the INSERT fails inside the transaction.
        var tooLong = _p.Referral(Today) with { Category = new string('c', 61) };

        var result = await new VisitRegistration(Db.DataSource).RegisterAsync(_p.SenderUserId, Visit(visitor), [_p.Referral(Today), tooLong], Today);

        Assert.That(result.Stored, Is.False);
        Assert.That(result.Problems, Has.Exactly(1).Matches<EntryProblem>(p => p!.Referral == 1 && p.Field == Fields.Category));
        Assert.That(await StoredForAsync(visitor.Id), Is.EqualTo((0L, 0L, 0L, 0L)));
    }

    [Test]
    public void Field_lengths_are_counted_as_the_database_counts_them()
    {
        // One emoji is two UTF-16 units but one character to PostgreSQL's char_length.
        Assert.That(ReferralFieldRules.ZorgvraagProblem("🙂a"), Is.Not.Null, "two characters are too few");
        Assert.That(ReferralFieldRules.ZorgvraagProblem(string.Concat(Enumerable.Repeat("🙂", 500))), Is.Null, "500 emoji are 500 characters");
        Assert.That(ReferralFieldRules.CategoryProblem("🙂"), Is.Not.Null);
        Assert.That(ReferralFieldRules.ContactNameProblem("🙂"), Is.Not.Null);
        Assert.That(ReferralFieldRules.Zorgvraag("  Hulp\r\nbij post  "), Is.EqualTo("Hulp\nbij post"), "a browser's CRLF is one line break");
    }

    [Test]
    public async Task Double_submit_of_the_same_form_stores_one_visit_and_its_referrals_once()
    {
        var visitor = await RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);
        var visit = Visit(visitor);
        var registration = new VisitRegistration(Db.DataSource);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            registration.RegisterAsync(_p.SenderUserId, visit, [_p.Referral(Today), _p.Referral(Today)], Today)));

        Assert.That(results.Select(r => r.Id).Distinct().ToList(), Has.Count.EqualTo(1));
        Assert.That(results.Count(r => !r.WasDuplicate), Is.EqualTo(1));
        Assert.That(await StoredForAsync(visitor.Id), Is.EqualTo((1L, 2L, 2L, 2L)));
    }

    [Test]
    public async Task Creating_the_same_new_visitor_twice_makes_one_visitor()
    {
        var visitors = new Visitors(Db.DataSource);
        var form = new NewVisitor(Guid.NewGuid(), _p.PleinId, 1980, "man", "3117", null);

        var codes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => visitors.CreateAsync(_p.SenderUserId, form, Today)));

        Assert.That(codes.Distinct().ToList(), Has.Count.EqualTo(1));
        Assert.That(VisitorCode.Problem(codes[0]), Is.Null, codes[0]);
        Assert.That(await RegisterArrange.CountAsync(Db, "visitor", "request_id = @RequestId", new { form.RequestId }), Is.EqualTo(1));
    }

    [Test]
    public async Task New_visitors_get_random_codes_with_a_check_character_that_do_not_follow_each_other()
    {
        var visitors = new Visitors(Db.DataSource);
        var codes = new List<string>();
        for (var i = 0; i < 20; i++)
            codes.Add((await visitors.CreateAsync(_p.SenderUserId, new NewVisitor(Guid.NewGuid(), _p.PleinId, null, "onbekend", null, null), Today))!);

        Assert.That(codes, Has.All.Match("^B-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$"));
        Assert.That(codes.Select(VisitorCode.Problem), Has.All.Null, "each passes its own check");
        Assert.That(codes.Distinct().Count(), Is.EqualTo(codes.Count));
        Assert.That(codes.Select(c => c[2..6]).Distinct().Count(), Is.GreaterThan(15), "the first group is random, not a counter");
    }
}
