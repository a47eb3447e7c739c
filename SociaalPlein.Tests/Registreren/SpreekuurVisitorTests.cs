using System.Net;
using Dapper;
using SociaalPlein.Data.Registreren;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Registreren;

/// <summary>Step 1 of the spreekuur desk: finding a visitor (code, name or phone) or creating one; the veelbezoeker badge.</summary>
public sealed class SpreekuurVisitorTests : SpreekuurPageFixture
{
    static Dictionary<string, string> NewVisitor(Guid requestId, string postcode = "3118") => new()
    {
        ["Nieuw.RequestId"] = requestId.ToString(), ["Nieuw.BirthYear"] = "1961", ["Nieuw.Gender"] = "vrouw", ["Nieuw.Postcode"] = postcode,
    };

    [Test]
    public async Task The_desk_opens_at_spreekuur_and_the_menu_marks_Registreren_not_the_public_Spreekuren_as_current()
    {
        using var browser = await SignedInAsync(P.SenderEmail);

        var response = await browser.GetAsync(Page);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("<a href=\"/spreekuur\" aria-current=\"page\">Registreren</a>"));
        Assert.That(html, Does.Contain(">Spreekuren</a>").And.Not.Contain("aria-current=\"page\">Spreekuren</a>"));
    }

    [Test]
    public async Task Entering_a_new_visitor_stores_nothing_yet_and_opens_the_visit_form_that_carries_them()
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var form = NewVisitor(Guid.NewGuid());

        var response = await browser.SubmitFormAsync(Page, form, $"{Page}?handler=NieuweBezoeker");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var html = await TextAsync(response);
        Assert.That(html, Does.Contain("id=\"bezoek-form\"").And.Contain("2. Bezoek van de nieuwe bezoeker"));
        Assert.That(html, Does.Contain("60–69 jaar, vrouw, postcode 3118").And.Contain("Nog niet opgeslagen"));
        foreach (var (name, value) in new[] { ("Nieuw.RequestId", form["Nieuw.RequestId"]), ("Nieuw.PleinId", P.PleinId.ToString()),
                     ("Nieuw.BirthYear", "1961"), ("Nieuw.Gender", "vrouw"), ("Nieuw.Postcode", "3118") })
            Assert.That(html, Does.Contain($"<input type=\"hidden\" name=\"{name}\" value=\"{value}\" />"), $"the visit form carries {name}");
        Assert.That(await RegisterArrange.CountAsync(Db, "visitor", "request_id = @id", new { id = Guid.Parse(form["Nieuw.RequestId"]) }), Is.Zero,
            "a visitor is only made together with their first visit");
    }

    [Test]
    public async Task A_new_visitor_is_stored_with_their_first_visit_and_a_double_submit_stores_one_of_each()
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var visitorRequest = Guid.NewGuid();
        var fields = NewVisitorVisit(visitorRequest, Guid.NewGuid(), Referral("Wil hulp bij een aanvraag voor kwijtschelding"));

        var first = await browser.SubmitFormAsync(Page, fields);
        var second = await browser.SubmitFormAsync(Page, fields);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var visitor = await OneAsync<(int Id, string Code, DateTime FirstVisitOn)>(
            "SELECT id, code, first_visit_on::timestamp FROM visitor WHERE request_id = @visitorRequest", new { visitorRequest });
        Assert.That(visitor.Code, Does.Match("^B-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$"));
        Assert.That(DateOnly.FromDateTime(visitor.FirstVisitOn), Is.EqualTo(Today));
        Assert.That(await VisitsOfAsync(visitor.Id), Is.EqualTo(1));
        Assert.That(await ReferralsOfAsync(visitor.Id), Is.EqualTo(1));
        var page = await browser.GetStringAsync(Page);
        Assert.That(WebUtility.HtmlDecode(page), Does.Contain($"Bezoek van {visitor.Code} was al opgeslagen"), "the second submit says it stored nothing twice");
    }

    [Test]
    public async Task The_message_after_a_new_visitors_first_visit_gives_the_code_to_write_on_their_card()
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var visitorRequest = Guid.NewGuid();

        var response = await browser.SubmitFormAsync(Page, NewVisitorVisit(visitorRequest, Guid.NewGuid()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var code = await OneAsync<string>("SELECT code FROM visitor WHERE request_id = @visitorRequest", new { visitorRequest });
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync(response.Headers.Location!.OriginalString));
        Assert.That(page, Does.Contain($"Bezoek van {code} opgeslagen. Nieuwe bezoeker: geef de code {code} mee op de bezoekerskaart."));
    }

    [Test]
    public async Task A_refused_first_visit_leaves_no_visitor_and_keeps_the_new_visitor_on_the_form()
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var visitorRequest = Guid.NewGuid();
        var fields = NewVisitorVisit(visitorRequest, Guid.NewGuid(), Referral(change: ("Naar", "")))
            .Where(f => f.Key != "Input.LeefgebiedIds").ToList();

        var response = await browser.SubmitFormAsync(Page, fields);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var html = await TextAsync(response);
        Assert.That(FieldError(html, "input-leefgebiedids"), Is.EqualTo("Kies minstens één leefgebied waar het bezoek over ging."));
        Assert.That(FieldError(html, "input-referrals-0-naar"), Is.EqualTo("Kies naar wie of welke organisatie je verwijst."));
        Assert.That(html, Does.Contain($"<input type=\"hidden\" name=\"Nieuw.RequestId\" value=\"{visitorRequest}\" />"));
        Assert.That(await RegisterArrange.CountAsync(Db, "visitor", "request_id = @visitorRequest", new { visitorRequest }), Is.Zero);
    }

    [Test]
    public async Task A_refusal_only_the_database_finds_rolls_the_new_visitor_back_with_the_visit()
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var visitorRequest = Guid.NewGuid();
        // A retired leefgebied passes the form's checks and is refused by the checks inside the transaction.
        var retired = await OneAsync<int>(
            "INSERT INTO leefgebied (code, name, active, sort_order) VALUES ('oud_' || replace(gen_random_uuid()::text, '-', ''), 'Vervallen', false, 99) RETURNING id");
        var fields = With(NewVisitorVisit(visitorRequest, Guid.NewGuid()), "Input.LeefgebiedIds", retired.ToString());

        var response = await browser.SubmitFormAsync(Page, fields);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await RegisterArrange.CountAsync(Db, "visitor", "request_id = @visitorRequest", new { visitorRequest }), Is.Zero);
    }

    [Test]
    public async Task A_new_visitor_with_a_wijk_of_another_plein_in_the_carried_fields_is_refused_and_nothing_stored()
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var other = await Arrange.PleinAsync(Db, $"Ander plein {Guid.NewGuid():N}");
        var wijk = await OneAsync<int>("INSERT INTO wijk (plein_id, name) VALUES (@other, 'Elders') RETURNING id", new { other });
        var visitorRequest = Guid.NewGuid();
        var fields = With(NewVisitorVisit(visitorRequest, Guid.NewGuid()), "Nieuw.WijkId", wijk.ToString());

        var response = await browser.SubmitFormAsync(Page, fields);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(FieldError(await TextAsync(response), "nieuw-wijkid"), Is.EqualTo("Kies een wijk van dit plein."));
        Assert.That(await RegisterArrange.CountAsync(Db, "visitor", "request_id = @visitorRequest", new { visitorRequest }), Is.Zero);
    }

    [Test]
    public async Task The_wijk_list_shows_only_the_chosen_pleins_wijken_and_without_javascript_a_button_shows_another_pleins()
    {
        await OneAsync<int>("INSERT INTO wijk (plein_id, name) VALUES (@PleinId, 'Wijk Hier') RETURNING id", new { P.PleinId });
        await OneAsync<int>("INSERT INTO wijk (plein_id, name) VALUES (@OtherPleinId, 'Wijk Daar') RETURNING id", new { P.OtherPleinId });
        using var browser = await SignedInAsync(P.BeheerderEmail);

        var first = await browser.GetStringAsync(Page);
        var chosen = System.Text.RegularExpressions.Regex.Match(first,
            "<select id=\"nieuw-pleinid\".*?<option value=\"(\\d+)\" selected=\"selected\"", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.That(chosen.Success, "a plein is chosen");
        Assert.That(Shown(first), Is.SubsetOf(new[] { chosen.Groups[1].Value }), "only the chosen plein's wijken show");

        var pick = chosen.Groups[1].Value == P.OtherPleinId.ToString() ? P.PleinId : P.OtherPleinId;
        var request = Guid.NewGuid();
        var fields = NewVisitor(request);
        fields["Nieuw.PleinId"] = pick.ToString();
        var response = await browser.SubmitFormAsync(Page, fields, $"{Page}?handler=NieuwPlein");

        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Shown(html), Is.EqualTo(new[] { pick.ToString() }), "the other plein's wijken now, no other");
        Assert.That(html, Does.Contain("name=\"Nieuw.BirthYear\" value=\"1961\""), "what was typed is kept");
        Assert.That(html, Does.Contain("<noscript><button type=\"submit\" class=\"button secondary\" formaction=\"/spreekuur?handler=NieuwPlein\">"));
        Assert.That(await RegisterArrange.CountAsync(Db, "visitor", "request_id = @request", new { request }), Is.Zero);
        Assert.That(html, Does.Not.Contain("field-error\">K"), "nothing is checked yet");
    }

    /// <summary>The pleinen whose wijk group the new-visitor form shows (not hidden).</summary>
    static string[] Shown(string html) =>
        System.Text.RegularExpressions.Regex.Matches(html, "<optgroup label=\"[^\"]*\" data-plein=\"(\\d+)\"(?<hidden> hidden=\"hidden\")?")
            .Where(m => !m.Groups["hidden"].Success).Select(m => m.Groups[1].Value).ToArray();

    async Task<T> OneAsync<T>(string sql, object? args = null)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return await conn.QuerySingleAsync<T>(sql, args);
    }

    /// <summary>The visit form as the desk posts it for a new visitor: step 1's fields carried along, no visitor code.</summary>
    List<KeyValuePair<string, string>> NewVisitorVisit(Guid visitorRequest, Guid visitRequest, params Dictionary<string, string>[] referrals) =>
        VisitForm("", visitRequest, referrals)
            .Concat(NewVisitor(visitorRequest).Select(f => new KeyValuePair<string, string>(f.Key, f.Value)))
            .Append(new("Nieuw.PleinId", P.PleinId.ToString()))
            .ToList();

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
