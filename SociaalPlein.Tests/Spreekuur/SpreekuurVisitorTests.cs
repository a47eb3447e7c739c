using System.Net;
using Dapper;
using SociaalPlein.Data.Spreekuur;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Spreekuur;

/// <summary>Step 1 of the spreekuur desk: finding a visitor (code, name or phone) or creating one; the veelbezoeker badge.</summary>
public sealed class SpreekuurVisitorTests : SpreekuurPageFixture
{
    static Dictionary<string, string> NewVisitor(Guid requestId, string postcode = "3118") => new()
    {
        ["Nieuw.RequestId"] = requestId.ToString(), ["Nieuw.BirthYear"] = "1961", ["Nieuw.Gender"] = "vrouw", ["Nieuw.Postcode"] = postcode,
    };

    [Test]
    public async Task Creating_a_visitor_twice_with_the_same_token_makes_one_and_opens_the_visit_form()
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var form = NewVisitor(Guid.NewGuid());

        var first = await browser.SubmitFormAsync(Page, form, $"{Page}?handler=NieuweBezoeker");
        var second = await browser.SubmitFormAsync(Page, form, $"{Page}?handler=NieuweBezoeker");

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(second.Headers.Location, Is.EqualTo(first.Headers.Location));
        Assert.That(await RegisterArrange.CountAsync(Db, "visitor", "request_id = @id", new { id = Guid.Parse(form["Nieuw.RequestId"]) }), Is.EqualTo(1));
        var page = await browser.GetStringAsync(first.Headers.Location!.OriginalString);
        Assert.That(page, Does.Match("is aangemaakt\\. Registreer nu het bezoek\\.").And.Contain("60–69 jaar, vrouw, postcode 3118"));
        Assert.That(page, Does.Contain("id=\"bezoek-form\""));
    }

    [TestCase("3118 AB", "Vul alleen de vier cijfers van de postcode in, bijvoorbeeld 3118 (zonder letters).")]
    [TestCase("0123", "Vul alleen de vier cijfers van de postcode in, bijvoorbeeld 3118 (zonder letters).")]
    public async Task A_postcode_with_letters_or_a_leading_zero_is_refused_and_no_visitor_made(string postcode, string message)
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var form = NewVisitor(Guid.NewGuid(), postcode);

        var response = await browser.SubmitFormAsync(Page, form, $"{Page}?handler=NieuweBezoeker");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var html = await TextAsync(response);
        Assert.That(FieldError(html, "nieuw-postcode"), Is.EqualTo(message));
        Assert.That(html, Does.Contain($"value=\"{postcode}\""), "the input is kept");
        Assert.That(await RegisterArrange.CountAsync(Db, "visitor", "request_id = @id", new { id = Guid.Parse(form["Nieuw.RequestId"]) }), Is.Zero);
    }

    [Test]
    public async Task A_code_with_one_wrong_character_is_told_at_once_as_a_typo()
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var own = await VisitorAsync(P.SenderUserId);
        var last = own.Code[^1];
        var typo = own.Code[..^1] + SociaalPlein.Data.Bezoekers.VisitorCode.Alphabet.First(c => c != last);

        var response = await browser.SubmitFormAsync(Page, new Dictionary<string, string> { ["zoek"] = typo }, $"{Page}?handler=Zoeken");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await TextAsync(response), Does.Contain("Deze code klopt niet: het laatste teken past niet bij de rest."));
    }

    [Test]
    public async Task Finding_by_code_opens_the_visitor_and_another_pleins_code_is_not_found()
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var own = await VisitorAsync(P.BystanderUserId);
        var elsewhere = await VisitorAsync(P.OtherProfessionalUserId, P.OtherPleinId);

        var found = await browser.SubmitFormAsync(Page, new Dictionary<string, string> { ["zoek"] = own.Code.ToLowerInvariant() }, $"{Page}?handler=Zoeken");
        var notFound = await browser.SubmitFormAsync(Page, new Dictionary<string, string> { ["zoek"] = elsewhere.Code }, $"{Page}?handler=Zoeken");
        var byLink = await browser.GetAsync($"{Page}?bezoeker={elsewhere.Code}");

        Assert.That(found.Headers.Location?.OriginalString, Is.EqualTo($"{Page}?bezoeker={own.Code}"));
        Assert.That(await TextAsync(notFound), Does.Contain($"Geen bezoeker met code {elsewhere.Code} bij jouw plein."));
        Assert.That(await TextAsync(byLink), Does.Contain($"Geen bezoeker met code {elsewhere.Code} bij jouw plein.").And.Not.Contain("id=\"bezoek-form\""));
    }

    [Test]
    public async Task Each_time_the_desk_opens_a_visitor_by_code_is_audited_a_post_that_shows_them_again_too()
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var own = await VisitorAsync(P.BystanderUserId);

        for (var time = 1; time <= 2; time++)
            Assert.That((await browser.GetAsync($"{Page}?bezoeker={own.Code}")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK));
        var addBlock = await browser.SubmitFormAsync(Page, VisitForm(own.Code, Guid.NewGuid()), $"{Page}?handler=Verwijzing");

        Assert.That(addBlock.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await TextAsync(addBlock), Does.Contain(own.Code), "the answer shows the visitor again");
        Assert.That(await RegisterArrange.CountAsync(Db, "audit_log", "action = 'visitor.lookup' AND subject = @Code AND user_id = @SenderUserId",
            new { own.Code, P.SenderUserId }), Is.EqualTo(3));
    }

    [Test]
    public async Task The_veelbezoeker_badge_shows_at_three_visits_within_90_days_and_a_visit_exactly_90_days_ago_does_not_count()
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var visitor = await VisitorAsync();
        // 23 November minus 90 days is 25 August: outside the window, which runs from 26 August up to and including today.
        await VisitOnAsync(visitor, new DateOnly(2026, 8, 25));
        await VisitOnAsync(visitor, new DateOnly(2026, 8, 26));
        await VisitOnAsync(visitor, Today);

        var withTwo = await browser.GetStringAsync($"{Page}?bezoeker={visitor.Code}");
        await VisitOnAsync(visitor, new DateOnly(2026, 10, 1));
        var withThree = await browser.GetStringAsync($"{Page}?bezoeker={visitor.Code}");

        Assert.That(withTwo, Does.Not.Contain(">Veelbezoeker<"));
        Assert.That(withThree, Does.Contain(">Veelbezoeker<").And.Contain("3 bezoeken in de laatste 90 dagen"));
    }

    [Test]
    public async Task A_name_search_finds_only_visitors_the_account_may_see_and_is_audited_without_the_search_text()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var name = $"Marie Zoekbaar{suffix}";
        var mine = await VisitorWithContactAsync(P.SenderUserId, P.SenderId, name);
        var notMine = await VisitorWithContactAsync(P.BystanderUserId, BystanderProfessionalId(), name);
        using var browser = await SignedInAsync(P.SenderEmail);

        var response = await browser.SubmitFormAsync(Page, new Dictionary<string, string> { ["zoek"] = $"zoekbaar{suffix}" }, $"{Page}?handler=Zoeken");

        var html = await TextAsync(response);
        Assert.That(html, Does.Contain(mine.Code).And.Not.Contain(notMine.Code));
        Assert.That(html, Does.Not.Contain(name), "the result list shows codes, not names");
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var entries = (await conn.QueryAsync<(string Subject, string Row)>("""
            SELECT subject, a::text FROM audit_log a WHERE action = 'visitor.search' AND user_id = @SenderUserId
            """, new { P.SenderUserId })).ToList();
        Assert.That(entries.Select(e => e.Subject), Is.EqualTo(new[] { mine.Code }));
        Assert.That(entries.Select(e => e.Row), Has.None.Contains(suffix), "no search text in the log");
    }

    [Test]
    public async Task A_professional_without_a_plein_gets_a_friendly_message_on_every_form()
    {
        var email = $"zonder-plein-{Guid.NewGuid():N}@register.test";
        await Arrange.UserAsync(Db, email, "professional", pleinIds: []);
        using var browser = await SignedInAsync(email);
        const string message = "Je account is nog niet gekoppeld aan een plein";

        var page = await browser.GetAsync(Page);
        var search = await browser.SubmitFormAsync(Page, new Dictionary<string, string> { ["zoek"] = "B-2026-0001" }, $"{Page}?handler=Zoeken");
        var create = await browser.SubmitFormAsync(Page, NewVisitor(Guid.NewGuid()), $"{Page}?handler=NieuweBezoeker");
        var visit = await browser.SubmitFormAsync(Page, VisitForm("B-2026-0001", Guid.NewGuid(), Referral()), Page);

        foreach (var response in new[] { page, search, create, visit })
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await TextAsync(response), Does.Contain(message));
        }
    }

    async Task VisitOnAsync(VisitorSummary visitor, DateOnly on)
    {
        var result = await new VisitRegistration(Db.DataSource).RegisterAsync(P.SenderUserId,
            new VisitDraft(Guid.NewGuid(), P.PleinId, visitor.Id, on, "inloop", null, [P.LeefgebiedId], null), [], Today);
        Assert.That(result.Stored, Is.True, string.Join("; ", result.Problems));
    }

    /// <summary>A visitor of the given account with a referral (to the receiving organisation) that stored their name with consent.</summary>
    async Task<VisitorSummary> VisitorWithContactAsync(int userId, int professionalId, string name)
    {
        var visitor = await VisitorAsync(userId);
        var referral = new ReferralDraft(Guid.Empty, Today, Party.OfProfessional(professionalId), Party.OfOrganisation(P.ReceiverOrganisationId),
            "Wil hulp bij de administratie", null, P.LeefgebiedId, ConsentShareContact: true, ConsentFeedback: false, Spoed: false,
            new ContactDraft(name, "06 1234 5678"));
        var result = await new VisitRegistration(Db.DataSource).RegisterAsync(userId,
            new VisitDraft(Guid.NewGuid(), P.PleinId, visitor.Id, Today, "spreekuur", null, [P.LeefgebiedId], professionalId), [referral], Today);
        Assert.That(result.Stored, Is.True, string.Join("; ", result.Problems));
        return visitor;
    }

    int BystanderProfessionalId()
    {
        using var conn = Db.DataSource.OpenConnection();
        return conn.ExecuteScalar<int>("SELECT professional_id FROM app_user WHERE id = @BystanderUserId", new { P.BystanderUserId });
    }
}
