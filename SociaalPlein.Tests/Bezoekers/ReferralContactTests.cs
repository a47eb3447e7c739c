using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Bezoekers;
using SociaalPlein.Data.Registreren;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Support;
using static SociaalPlein.Tests.Bezoekers.BezoekersArrange;

namespace SociaalPlein.Tests.Bezoekers;

/// <summary>
/// Contact details travel with the referral that carried them: a second referral with other details leaves the first
/// one's as they were, each side sees only its own referral's details (its page, the visitor card, the desk's search),
/// a colleague of the same plein who is no side sees none, the projectleider and the beheerder see all; retention,
/// erasure and the access report work per referral.
/// </summary>
public sealed class ReferralContactTests : BezoekersAppFixture
{
    const string FirstName = "Fatima el Amrani";
    const string FirstPhone = "06 1234 5678";
    const string SecondName = "Fatima Bakker";
    const string SecondPhone = "06 9876 5432";

    RegisterPlein _p = null!;
    VisitorSummary _visitor = null!;
    // The sender's referral to the receiver, and the bystander's (another professional of the plein) to a welzijn
    // organisation, each with the visitor's consent and its own typed details.
    int _first;
    int _second;
    int _welzijn;
    int _welzijnUserId;
    (int UserId, string Email) _third;

    protected override async Task ArrangeAsync()
    {
        _p = await RegisterArrange.PleinAsync(Db);
        var welzijn = _welzijn = await RegisterArrange.OrganisationAtAsync(Db, "Welzijn Om De Hoek", [_p.PleinId], "welzijn");
        var welzijnProfessional = await ProfilesArrange.ProfessionalAsync(Db, welzijn, "Wim Welzijn", "Welzijnscoach", pleinIds: [_p.PleinId]);
        _welzijnUserId = await Arrange.UserAsync(Db, "wim@welzijn.test", "professional", [_p.PleinId]);
        await ProfilesArrange.LinkAccountAsync(Db, _welzijnUserId, welzijnProfessional);
        // A colleague of the sender at the same plein, no side of either referral; they helped at a visit, so the card opens.
        var thirdProfessional = await ProfilesArrange.ProfessionalAsync(Db, _p.SenderOrganisationId, "Greet Derde", "Praktijkondersteuner",
            pleinIds: [_p.PleinId]);
        _third = (await Arrange.UserAsync(Db, "greet@derde.test", "professional", [_p.PleinId]), "greet@derde.test");
        await ProfilesArrange.LinkAccountAsync(Db, _third.UserId, thirdProfessional);

        _visitor = await RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);
        await VisitAsync(Db, _p, _p.SenderUserId, _visitor, Today.AddDays(-20), [_p.LeefgebiedId], helpedBy: thirdProfessional);
        _first = await ReferralAsync(Db, _p.SenderUserId, _p.PleinId, _visitor, _p.Referral(Today.AddDays(-20)).WithContact(FirstName, FirstPhone));
        _second = await ReferralAsync(Db, _p.BystanderUserId, _p.PleinId, _visitor,
            (_p.Referral(Today.AddDays(-10), "Zoekt een wandelgroep in de buurt") with
                { From = Party.Eigen, To = Party.OfOrganisation(welzijn), LeefgebiedId = _p.OtherLeefgebiedId })
            .WithContact(SecondName, SecondPhone));
    }

    async Task<string> PageAsync(string email, string path)
    {
        var response = await (await SignedInAsync(email)).GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{email} opens {path}");
        return await response.Content.ReadAsStringAsync();
    }

    async Task<(string Name, string Phone)> StoredAsync(int referralId)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return await conn.QuerySingleAsync<(string, string)>("SELECT name, phone FROM referral_contact WHERE referral_id = @referralId",
            new { referralId });
    }

    async Task<IReadOnlyList<string>> FoundAsync(int userId, string text) =>
        (await new Visitors(Db.DataSource).FindByContactAsync(userId, text, Today)).Select(v => v.Code).ToList();

    [Test]
    public async Task A_second_referral_with_other_details_leaves_the_first_referrals_details_unchanged()
    {
        Assert.That(await StoredAsync(_first), Is.EqualTo((FirstName, FirstPhone)));
        Assert.That(await StoredAsync(_second), Is.EqualTo((SecondName, SecondPhone)));
        Assert.That(await RegisterArrange.CountAsync(Db, "referral_contact", "visitor_id = @Id", new { _visitor.Id }), Is.EqualTo(2));
    }

    [Test]
    public async Task A_second_referral_through_the_form_with_other_details_leaves_the_first_as_its_receiver_saw_it()
    {
        var visitor = await RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);
        var first = await ReferralAsync(Db, _p.SenderUserId, _p.PleinId, visitor, _p.Referral(Today.AddDays(-3)).WithContact("Truus Oorspronkelijk", "06 2222 1111"));
        using var bystander = await SignedInAsync(_p.BystanderEmail);

        var sent = await bystander.SubmitFormAsync("/verwijzingen/nieuw", new Dictionary<string, string>
        {
            ["Input.RequestId"] = Guid.NewGuid().ToString(),
            ["Input.Date"] = Today.ToString("yyyy-MM-dd"),
            ["Input.PleinId"] = _p.PleinId.ToString(),
            ["Input.Visitor"] = visitor.Code,
            ["Input.From"] = "eigen",
            ["Input.To"] = Party.OfOrganisation(_welzijn).ToString(),
            ["Input.Zorgvraag"] = "Zoekt een maatje voor de boodschappen",
            ["Input.LeefgebiedId"] = _p.OtherLeefgebiedId.ToString(),
            ["Input.ConsentShareContact"] = "true",
            ["Input.ContactName"] = "Truus Verzonnen",
            ["Input.ContactPhone"] = "06 7777 8888",
        });

        Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await sent.Content.ReadAsStringAsync());
        Assert.That(await StoredAsync(first), Is.EqualTo(("Truus Oorspronkelijk", "06 2222 1111")));
        Assert.That(await PageAsync(_p.ReceiverEmail, $"/verwijzingen/{first}"),
            Does.Contain("Truus Oorspronkelijk").And.Not.Contain("Truus Verzonnen").And.Not.Contain("06 7777 8888"));
        Assert.That(await PageAsync(_p.BystanderEmail, sent.Headers.Location!.OriginalString),
            Does.Contain("Truus Verzonnen").And.Not.Contain("Truus Oorspronkelijk").And.Not.Contain("06 2222 1111"));
    }

    [Test]
    public async Task At_the_desk_a_search_for_the_phone_another_referral_carried_finds_nobody()
    {
        using var bystander = await SignedInAsync(_p.BystanderEmail);

        var other = await bystander.SubmitFormAsync("/spreekuur", new Dictionary<string, string> { ["zoek"] = FirstPhone }, "/spreekuur?handler=Zoeken");
        var own = await bystander.SubmitFormAsync("/spreekuur", new Dictionary<string, string> { ["zoek"] = SecondPhone }, "/spreekuur?handler=Zoeken");

        Assert.That(await other.Content.ReadAsStringAsync(),
            Does.Contain("Niemand gevonden met deze naam of dit telefoonnummer").And.Not.Contain(_visitor.Code));
        Assert.That(await own.Content.ReadAsStringAsync(), Does.Contain(_visitor.Code));
    }

    [Test]
    public async Task Each_side_sees_on_the_referral_page_only_the_details_that_referral_carried()
    {
        foreach (var email in new[] { _p.SenderEmail, _p.ReceiverEmail, _p.ReceiverColleagueEmail })
            Assert.That(await PageAsync(email, $"/verwijzingen/{_first}"),
                Does.Contain(FirstName).And.Contain(FirstPhone).And.Not.Contain(SecondName).And.Not.Contain(SecondPhone), email);
        foreach (var email in new[] { _p.BystanderEmail, "wim@welzijn.test" })
            Assert.That(await PageAsync(email, $"/verwijzingen/{_second}"),
                Does.Contain(SecondName).And.Contain(SecondPhone).And.Not.Contain(FirstName).And.Not.Contain(FirstPhone), email);
    }

    [Test]
    public async Task Each_side_sees_on_the_visitor_card_only_the_details_of_its_own_referral()
    {
        var receiver = await PageAsync(_p.ReceiverEmail, $"/bezoekers/{_visitor.Code}");
        var bystander = await PageAsync(_p.BystanderEmail, $"/bezoekers/{_visitor.Code}");

        Assert.That(receiver, Does.Contain(FirstName).And.Contain(FirstPhone).And.Not.Contain(SecondName).And.Not.Contain(SecondPhone));
        Assert.That(bystander, Does.Contain(SecondName).And.Contain(SecondPhone).And.Not.Contain(FirstName).And.Not.Contain(FirstPhone));
    }

    [Test]
    public async Task The_desk_finds_the_visitor_only_by_the_details_of_a_referral_one_is_a_side_of()
    {
        Assert.That(await FoundAsync(_p.SenderUserId, FirstPhone), Is.EqualTo(new[] { _visitor.Code }));
        Assert.That(await FoundAsync(_p.SenderUserId, SecondPhone), Is.Empty, "the phone the bystander's referral carried");
        Assert.That(await FoundAsync(_p.SenderUserId, "Bakker"), Is.Empty);
        Assert.That(await FoundAsync(_p.ReceiverUserId, "el Amrani"), Is.EqualTo(new[] { _visitor.Code }));
        Assert.That(await FoundAsync(_p.BystanderUserId, FirstPhone), Is.Empty);
        Assert.That(await FoundAsync(_p.BystanderUserId, SecondPhone), Is.EqualTo(new[] { _visitor.Code }));
    }

    [Test]
    public async Task A_professional_of_the_same_plein_who_is_no_side_sees_no_details_not_even_after_opening_the_history()
    {
        var opened = await new VisitorCard(Db.DataSource).OpenHistoryAsync(_third.UserId, _visitor.Code, "Bewoner vraagt om hulp bij alles tegelijk");
        Assert.That(opened, Is.Not.Null, "the visit they helped at opens the card");

        var card = await PageAsync(_third.Email, $"/bezoekers/{_visitor.Code}");

        Assert.That(card, Does.Contain(_visitor.Code).And.Contain("Welzijn Om De Hoek").And.Not.Contain(FirstName)
            .And.Not.Contain(SecondName).And.Not.Contain(FirstPhone).And.Not.Contain(SecondPhone));
        foreach (var text in new[] { FirstName, FirstPhone, SecondName, SecondPhone })
            Assert.That(await FoundAsync(_third.UserId, text), Is.Empty, text);
        foreach (var referral in new[] { _first, _second })
            Assert.That((await (await SignedInAsync(_third.Email)).GetAsync($"/verwijzingen/{referral}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Projectleider_and_beheerder_see_the_details_of_both_referrals_and_another_pleins_projectleider_none()
    {
        foreach (var email in new[] { _p.ProjectleiderEmail, _p.BeheerderEmail })
        {
            Assert.That(await PageAsync(email, $"/bezoekers/{_visitor.Code}"),
                Does.Contain(FirstName).And.Contain(FirstPhone).And.Contain(SecondName).And.Contain(SecondPhone), email);
            Assert.That(await PageAsync(email, $"/verwijzingen/{_first}"), Does.Contain(FirstName).And.Not.Contain(SecondName), email);
            Assert.That(await PageAsync(email, $"/verwijzingen/{_second}"), Does.Contain(SecondName).And.Not.Contain(FirstName), email);
        }
        Assert.That(await FoundAsync(_p.ProjectleiderUserId, SecondPhone), Is.EqualTo(new[] { _visitor.Code }));
        Assert.That(await FoundAsync(_p.BeheerderUserId, FirstPhone), Is.EqualTo(new[] { _visitor.Code }));
        Assert.That(await FoundAsync(_p.OtherProjectleiderUserId, FirstPhone), Is.Empty);
    }

    [Test]
    public async Task The_access_report_names_per_referral_its_details_and_who_can_see_them()
    {
        var html = await PageAsync(_p.BeheerderEmail, $"/beheer/bezoekers/{_visitor.Id}/inzage");

        string Section(int referral) =>
            Regex.Match(html, $"<section class=\"referral-record\" data-referral-id=\"{referral}\">(.*?)</section>", RegexOptions.Singleline).Groups[1].Value;
        var first = Section(_first);
        var second = Section(_second);
        Assert.That(first, Does.Contain(FirstName).And.Contain(FirstPhone).And.Not.Contain(SecondName));
        Assert.That(second, Does.Contain(SecondName).And.Contain(SecondPhone).And.Not.Contain(FirstName));
        Assert.That(first, Does.Contain(_p.SenderEmail).And.Contain(_p.ReceiverEmail).And.Contain(_p.ReceiverColleagueEmail)
            .And.Not.Contain(_p.BystanderEmail).And.Not.Contain("wim@welzijn.test"));
        Assert.That(second, Does.Contain(_p.BystanderEmail).And.Contain("wim@welzijn.test")
            .And.Not.Contain(_p.SenderEmail).And.Not.Contain(_p.ReceiverEmail));
        foreach (var section in new[] { first, second })
            Assert.That(section, Does.Contain(_p.ProjectleiderEmail).And.Contain(_p.BeheerderEmail)
                .And.Not.Contain(_third.Email).And.Not.Contain(_p.OtherProjectleiderEmail));
        var detail = await BeheerArrange.ScalarAsync<string>(Db, """
            SELECT detail ->> 'contact_referrals' FROM audit_log WHERE action = 'visitor.access_report' AND subject = @Code ORDER BY id DESC LIMIT 1
            """, new { _visitor.Code });
        Assert.That(detail, Is.EqualTo($"[{_first}, {_second}]"));
    }

    [Test]
    public async Task The_access_report_names_exactly_the_accounts_the_need_to_know_rule_lets_see_each_referral()
    {
        // The report applies the rule only to the referral's plein's members and the beheerders; here the rule is
        // evaluated over every account instead, with a second beheerder, an inactive one and another plein's people
        // in the region, so a reader the narrowing lost (or one it let in) shows as a difference.
        await Arrange.UserAsync(Db, "tweede-beheerder@plein.test", "beheerder", []);
        await Arrange.UserAsync(Db, "oud-beheerder@plein.test", "beheerder", [], active: false);

        var report = await new VisitorRecord(Db.DataSource).LoadAsync(_visitor.Id);
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var everyAccount = (await conn.QueryAsync<(int ReferralId, string Email)>($"""
            SELECT r.id, u.email
            FROM referral_contact c JOIN referral r ON r.id = c.referral_id
            CROSS JOIN LATERAL ({NeedToKnow.Accounts}) me JOIN app_user u ON u.id = me.user_id
            WHERE c.visitor_id = @Id AND {NeedToKnow.SeesContact}
            """, new { _visitor.Id })).ToList();

        Assert.That(report!.ContactReaders.Select(r => (r.ReferralId, r.Email)), Is.EquivalentTo(everyAccount));
        Assert.That(everyAccount.Select(r => r.Email), Does.Contain("tweede-beheerder@plein.test").And.Not.Contain("oud-beheerder@plein.test")
            .And.Not.Contain(_p.OtherProjectleiderEmail).And.Not.Contain(_p.OtherProfessionalEmail));
    }

    [Test]
    public async Task Retention_erases_each_referrals_details_on_its_own_clock()
    {
        var visitor = await RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);
        // 12 months (the default) before 23 November 2026: the older referral's details are due, the newer one's not.
        var old = await ReferralAsync(Db, _p.SenderUserId, _p.PleinId, visitor, _p.Referral(new DateOnly(2025, 11, 22)).WithContact("Oud Bewoner", ""));
        var recent = await ReferralAsync(Db, _p.SenderUserId, _p.PleinId, visitor, _p.Referral(Today.AddDays(-3)).WithContact("Nieuw Bewoner", ""));

        var erased = await new ContactRetention(Db.DataSource).EraseExpiredAsync(Today);

        Assert.That(erased, Is.EqualTo(1));
        Assert.That(await RegisterArrange.CountAsync(Db, "referral_contact", "referral_id = @old", new { old }), Is.Zero);
        Assert.That(await StoredAsync(recent), Is.EqualTo(("Nieuw Bewoner", "")), "a newer referral neither keeps the older details nor loses its own");
    }

    [Test]
    public async Task Erasure_removes_the_details_of_every_referral_of_the_visitor_and_of_no_other()
    {
        var erased = await RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);
        await ReferralAsync(Db, _p.SenderUserId, _p.PleinId, erased, _p.Referral(Today.AddDays(-4)).WithContact("Wis Mij", "06 1111 2222"));
        await ReferralAsync(Db, _p.BystanderUserId, _p.PleinId, erased,
            (_p.Referral(Today.AddDays(-2)) with { From = Party.Eigen }).WithContact("Wis Mij Ook", "06 3333 4444"));
        var by = new AuditEntry("placeholder", Allowed: true, UserId: _p.BeheerderUserId, UserEmail: _p.BeheerderEmail, Role: "beheerder",
            ClientAddress: IPAddress.Parse("192.0.2.80"));

        var result = await new VisitorErasure(Db.DataSource).EraseAsync(erased.Id, by);

        Assert.That(result?.ContactRows, Is.EqualTo(2));
        Assert.That(await RegisterArrange.CountAsync(Db, "referral_contact", "visitor_id = @Id", new { erased.Id }), Is.Zero);
        Assert.That(await StoredAsync(_first), Is.EqualTo((FirstName, FirstPhone)), "another visitor's details stay");
    }

    [Test]
    public async Task The_database_refuses_details_for_a_referral_without_the_visitors_consent()
    {
        var withoutConsent = await ReferralAsync(Db, _p.SenderUserId, _p.PleinId, _visitor, _p.Referral(Today.AddDays(-1), "Zoekt hulp bij de belastingaangifte"));
        await using var conn = await Db.DataSource.OpenConnectionAsync();

        var refused = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync("""
            INSERT INTO referral_contact (referral_id, visitor_id, name, phone, consented_at, last_contact_on)
            VALUES (@withoutConsent, @Id, 'Zomaar Iemand', '', now(), @Today)
            """, new { withoutConsent, _visitor.Id, Today }));

        Assert.That((refused!.SqlState, refused.ConstraintName), Is.EqualTo((PostgresErrorCodes.ForeignKeyViolation, "referral_contact_of_referral")));
    }
}
