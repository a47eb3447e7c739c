using System.Net;
using Dapper;
using SociaalPlein.Data.Registreren;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Support;
using static SociaalPlein.Tests.Bezoekers.BezoekersArrange;

namespace SociaalPlein.Tests.Bezoekers;

/// <summary>
/// /bezoekers/{code}: who may open a visitor card, what they see on it (contact details only with a need to know),
/// and the audit entry every view writes (issue: register, design.md §4).
/// </summary>
public sealed class VisitorCardTests : BezoekersAppFixture
{
    const string ContactName = "Fatima el Amrani";
    const string ConsentedName = "Johan de Wit";

    RegisterPlein _p = null!;
    // Referred by the sender to the receiver without consent; a second referral, with consent and contact details,
    // went to a third organisation: the receiver sees the visitor, but neither those details nor that referral.
    VisitorSummary _referred = null!;
    int _toReceiver;
    int _toWelzijn;
    int _welzijn;
    // Referred to the receiver with consent to share contact details.
    VisitorSummary _consented = null!;
    int _toConsented;
    // A visitor of the other plein, created there.
    VisitorSummary _elsewhere = null!;

    protected override async Task ArrangeAsync()
    {
        _p = await RegisterArrange.PleinAsync(Db);
        _welzijn = await RegisterArrange.OrganisationAtAsync(Db, "Welzijn Dichtbij", [_p.PleinId], "welzijn");
        _referred = await RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);
        await VisitAsync(Db, _p, _p.SenderUserId, _referred, Today.AddDays(-20), [_p.LeefgebiedId, _p.OtherLeefgebiedId], _p.SenderId);
        _toReceiver = await ReferralAsync(Db, _p.SenderUserId, _p.PleinId, _referred, _p.Referral(Today.AddDays(-20)));
        _toWelzijn = await ReferralAsync(Db, _p.SenderUserId, _p.PleinId, _referred,
            (_p.Referral(Today.AddDays(-10), "Wil graag meedoen aan een wandelgroep") with
                { To = Party.OfOrganisation(_welzijn), LeefgebiedId = _p.OtherLeefgebiedId })
            .WithContact(ContactName, "06 1234 5678"));

        _consented = await RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);
        _toConsented = await ReferralAsync(Db, _p.SenderUserId, _p.PleinId, _consented, _p.Referral(Today).WithContact(ConsentedName, "010 123 4567"));

        _elsewhere = await RegisterArrange.VisitorAsync(Db, _p.OtherProfessionalUserId, _p.OtherPleinId, Today);
    }

    async Task<HttpResponseMessage> ViewAsync(string email, string code) => await (await SignedInAsync(email)).GetAsync($"/bezoekers/{code}");

    async Task<string> CardAsync(string email, string code)
    {
        var response = await ViewAsync(email, code);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{email} opens {code}");
        return await response.Content.ReadAsStringAsync();
    }

    sealed record AuditRow(int? UserId, string Role, string Subject, int? PleinId, string Address, string Outcome, string? Contact);

    async Task<List<AuditRow>> AuditAsync(string code)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return (await conn.QueryAsync<AuditRow>("""
            SELECT user_id, role, subject, plein_id, host(client_address) AS address, outcome, detail ->> 'contact_referrals' AS contact
            FROM audit_log WHERE action = 'visitor.view' AND subject = @code ORDER BY id
            """, new { code })).ToList();
    }

    [Test]
    public async Task Each_card_view_writes_one_audit_entry_with_who_whose_and_from_where()
    {
        var visitor = await RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);
        var browser = await SignedInAsync(_p.SenderEmail);

        for (var view = 1; view <= 2; view++)
        {
            Assert.That((await browser.GetAsync($"/bezoekers/{visitor.Code}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await AuditAsync(visitor.Code), Has.Count.EqualTo(view), "one entry per view");
        }
        Assert.That((await AuditAsync(visitor.Code))[^1],
            Is.EqualTo(new AuditRow(_p.SenderUserId, "professional", visitor.Code, _p.PleinId, "192.0.2.44", "allowed", "[]")),
            "creating a visitor gives no right to contact details (only a referral with consent does)");
    }

    [Test]
    public async Task The_beheerders_view_is_audited_too()
    {
        await CardAsync(_p.BeheerderEmail, _consented.Code);

        Assert.That(await AuditAsync(_consented.Code), Has.Some.Matches<AuditRow>(a => a != null &&
            a.UserId == _p.BeheerderUserId && a.Role == "beheerder" && a.Contact == $"[{_toConsented}]" && a.Address == "192.0.2.44"));
    }

    [Test]
    public async Task Card_shows_demographics_visits_and_referrals_with_links()
    {
        var html = await CardAsync(_p.SenderEmail, _referred.Code);

        Assert.That(html, Does.Contain($"<h1>Bezoeker {_referred.Code}</h1>"));
        // Born in 1961: 65 in 2026. Never the birth year itself.
        Assert.That(html, Does.Contain("60–69 jaar").And.Contain("Vrouw").And.Contain("Postcode 3118").And.Not.Contain(">1961<"));
        Assert.That(html, Does.Contain("Financiën, Huisvesting").And.Contain("Anna Verwijzer"), "the visit's leefgebieden and who helped");
        Assert.That(html, Does.Contain($"href=\"/verwijzingen/{_toReceiver}\"").And.Contain($"href=\"/verwijzingen/{_toWelzijn}\""));
        Assert.That(html, Does.Contain("Bram Ontvanger").And.Contain("Verzonden"));
        Assert.That(html, Does.Contain(ContactName), "the sender had the visitor in front of them");
        Assert.That(html, Does.Not.Contain("Veelbezoeker"));
    }

    [Test]
    public async Task Card_of_another_pleins_visitor_is_not_found_for_professional_and_projectleider_but_open_to_the_beheerder()
    {
        foreach (var email in new[] { _p.SenderEmail, _p.ProjectleiderEmail })
            Assert.That((await ViewAsync(email, _elsewhere.Code)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), email);
        foreach (var email in new[] { _p.OtherProfessionalEmail, _p.OtherProjectleiderEmail })
            Assert.That((await ViewAsync(email, _referred.Code)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), email);

        Assert.That(await CardAsync(_p.BeheerderEmail, _elsewhere.Code), Does.Contain($"Bezoeker {_elsewhere.Code}"));
    }

    [Test]
    public async Task Professional_of_the_same_plein_with_nothing_to_do_with_the_visitor_gets_not_found_and_a_refused_entry()
    {
        var response = await ViewAsync(_p.BystanderEmail, _referred.Code);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain(_referred.Code));
        Assert.That(await AuditAsync(_referred.Code), Has.Some.Matches<AuditRow>(a => a != null &&
            a.UserId == _p.BystanderUserId && a.Outcome == "refused" && a.PleinId == null));
    }

    [TestCase("B-2026-999999")]
    [TestCase("b-2026-99999")]
    [TestCase("onzin")]
    public async Task Unknown_or_malformed_code_is_not_found(string code)
    {
        Assert.That((await ViewAsync(_p.BeheerderEmail, code)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_lower_case_code_finds_the_same_card()
    {
        Assert.That(await CardAsync(_p.SenderEmail, _referred.Code.ToLowerInvariant()), Does.Contain($"Bezoeker {_referred.Code}"));
    }

    [Test]
    public async Task Receiver_sees_the_visitor_and_only_their_own_referral_but_no_contact_details_without_consent()
    {
        var html = await CardAsync(_p.ReceiverEmail, _referred.Code);

        Assert.That(html, Does.Contain($"href=\"/verwijzingen/{_toReceiver}\""));
        Assert.That(html, Does.Not.Contain($"href=\"/verwijzingen/{_toWelzijn}\"").And.Not.Contain("wandelgroep"));
        Assert.That(html, Does.Not.Contain(ContactName).And.Not.Contain("1234 5678"));
        Assert.That((await AuditAsync(_referred.Code))[^1].Contact, Is.EqualTo("[]"));
    }

    [Test]
    public async Task Registering_a_visit_or_a_referral_without_consent_gives_no_access_to_stored_contact_details()
    {
        // A colleague at the desk finds the visitor by code (the card they carry) and registers something for them: that
        // shows the card, never the name and phone another referral stored.
        var visit = new VisitDraft(Guid.NewGuid(), _p.PleinId, _consented.Id, Today, "inloop", null, [_p.LeefgebiedId], null);
        var stored = await new VisitRegistration(Db.DataSource).RegisterAsync(_p.BystanderUserId, visit,
            [_p.Referral(Today) with { From = Party.Eigen }], Today);
        Assert.That(stored.Stored, Is.True, string.Join("; ", stored.Problems));

        var card = await CardAsync(_p.BystanderEmail, _consented.Code);

        Assert.That(card, Does.Contain(_consented.Code));
        Assert.That(card, Does.Not.Contain(ConsentedName).And.Not.Contain("010 123 4567"));
    }

    [Test]
    public async Task Receiver_and_their_organisation_see_contact_details_when_the_visitor_consented()
    {
        Assert.That(await CardAsync(_p.ReceiverEmail, _consented.Code), Does.Contain(ConsentedName).And.Contain("010 123 4567"));
        Assert.That(await CardAsync(_p.ReceiverColleagueEmail, _consented.Code), Does.Contain(ConsentedName));
    }

    [Test]
    public async Task Projectleider_sees_every_referral_and_the_contact_details_of_the_pleins_visitor()
    {
        var html = await CardAsync(_p.ProjectleiderEmail, _referred.Code);

        Assert.That(html, Does.Contain($"href=\"/verwijzingen/{_toReceiver}\"").And.Contain($"href=\"/verwijzingen/{_toWelzijn}\""));
        Assert.That(html, Does.Contain(ContactName));
    }

    [Test]
    public async Task Only_those_who_may_see_the_contact_details_find_the_visitor_by_name()
    {
        var visitors = new Visitors(Db.DataSource);

        Assert.That((await visitors.FindByContactAsync(_p.SenderUserId, "fatima amrani", Today)).Select(v => v.Code), Does.Contain(_referred.Code));
        Assert.That((await visitors.FindByContactAsync(_p.ProjectleiderUserId, ContactName, Today)).Select(v => v.Code), Does.Contain(_referred.Code));
        // The receiver sees the visitor's card, but the visitor did not consent to share name and phone with them.
        Assert.That(await visitors.FindByContactAsync(_p.ReceiverUserId, ContactName, Today), Is.Empty);
        Assert.That(await visitors.FindByContactAsync(_p.ReceiverUserId, "06 1234 5678", Today), Is.Empty);
    }

    [Test]
    public async Task Helping_at_a_visit_shows_the_card_without_contact_details()
    {
        var visitor = await RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);
        await ReferralAsync(Db, _p.SenderUserId, _p.PleinId, visitor,
            (_p.Referral(Today) with { To = Party.OfOrganisation(_welzijn) }).WithContact(ContactName, ""));
        await VisitAsync(Db, _p, _p.SenderUserId, visitor, Today, [_p.LeefgebiedId], helpedBy: _p.ReceiverId);

        var html = await CardAsync(_p.ReceiverEmail, visitor.Code);

        Assert.That(html, Does.Not.Contain(ContactName));
        Assert.That(html, Does.Contain("Bram Ontvanger"), "the visit they helped at");
    }

    [Test]
    public async Task Third_visit_in_ninety_days_shows_the_veelbezoeker_badge()
    {
        var visitor = await RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);
        await VisitAsync(Db, _p, _p.SenderUserId, visitor, Today.AddDays(-89), [_p.LeefgebiedId]);
        await VisitAsync(Db, _p, _p.SenderUserId, visitor, Today.AddDays(-30), [_p.LeefgebiedId]);
        Assert.That(await CardAsync(_p.SenderEmail, visitor.Code), Does.Not.Contain("Veelbezoeker"));

        await VisitAsync(Db, _p, _p.SenderUserId, visitor, Today, [_p.LeefgebiedId]);

        Assert.That(await CardAsync(_p.SenderEmail, visitor.Code), Does.Contain("<strong>Veelbezoeker</strong>: 3 bezoeken in de laatste 90 dagen"));
    }
}
