using System.Net;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Registreren;

/// <summary>Registering a visit with its referrals through the form at /spreekuur (issue: register, "Spreekuur registration").</summary>
public sealed class SpreekuurVisitFormTests : SpreekuurPageFixture
{
    [Test]
    public async Task A_visit_with_two_referrals_through_the_form_stores_both_and_the_next_visitor_can_be_found_at_once()
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var visitor = await VisitorAsync();

        var response = await browser.SubmitFormAsync($"{Page}?bezoeker={visitor.Code}", VisitForm(visitor.Code, Guid.NewGuid(),
            Referral(), Referral("Zoekt passende woonruimte", ("Naar", $"organisatie-{P.ReceiverOrganisationId}"),
                ("LeefgebiedId", P.OtherLeefgebiedId.ToString()), ("Spoed", "true"))));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo(Page));
        Assert.That(await VisitsOfAsync(visitor.Id), Is.EqualTo(1));
        Assert.That(await ReferralsOfAsync(visitor.Id), Is.EqualTo(2));
        Assert.That(await RegisterArrange.CountAsync(Db, "referral", "visitor_id = @Id AND spoed AND to_professional_id IS NULL", new { visitor.Id }),
            Is.EqualTo(1), "the second referral went to the organisation, urgent");
        var next = await browser.GetStringAsync(Page);
        Assert.That(next, Does.Contain($"Bezoek van {visitor.Code} opgeslagen, met 2 verwijzingen."));
        Assert.That(next, Does.Match("<input id=\"zoek\" name=\"zoek\" (?![^>]*value=)[^>]*autofocus"), "an empty find field, focused");
    }

    [Test]
    public async Task A_fresh_visit_form_defaults_to_today_the_spreekuur_running_now_and_the_own_professional()
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var visitor = await VisitorAsync();

        var html = await browser.GetStringAsync($"{Page}?bezoeker={visitor.Code}");

        Assert.That(html, Does.Contain("name=\"Input.VisitedOn\" value=\"2026-11-23\""));
        Assert.That(html, Does.Match($"<option value=\"{InloopNow}\" selected=\"selected\">\\s*09:30–11:00 Inloop geldzaken[^<]*\\(nu\\)"));
        Assert.That(html, Does.Contain("value=\"inloop\" checked=\"checked\""), "the kind follows the spreekuur running now");
        Assert.That(html.IndexOf("Inloop geldzaken", StringComparison.Ordinal), Is.LessThan(html.IndexOf("Dinsdag 13:00–15:00 Spreekuur wonen", StringComparison.Ordinal)),
            "today's spreekuren first");
        Assert.That(html, Does.Match("id=\"input-helpedby\"[^>]*value=\"[^\"]+\\(ikzelf\\)"), "helped by: the account's own professional");
        Assert.That(html, Does.Contain("Geen medische gegevens: beschrijf de vraag, niet de diagnose."), "the hint sits in the referral template");
    }

    [Test]
    public async Task Someone_not_in_the_gids_is_told_their_own_name_is_not_in_the_lists_and_nothing_is_picked_for_them()
    {
        using var browser = await SignedInAsync(P.ProjectleiderEmail);
        var visitor = await VisitorAsync();

        var html = await browser.GetStringAsync($"{Page}?bezoeker={visitor.Code}");

        Assert.That(html, Does.Contain("Je staat zelf niet in de gids, dus niet in deze lijst. Typ wie de bezoeker hielp"));
        Assert.That(html, Does.Contain("Je staat zelf niet in de gids, dus niet in deze lijst: typ van wie de verwijzing komt, of kies eigen initiatief."));
        Assert.That(html, Does.Contain("aria-describedby=\"input-helpedby-hint input-helpedby-uitleg input-helpedby-fout\""), "read with the field");
        Assert.That(html, Does.Not.Contain("(ikzelf)"));
        var helpedBy = System.Text.RegularExpressions.Regex.Match(html, "<input type=\"text\" id=\"input-helpedby\"[^>]*>").Value;
        Assert.That(helpedBy, Is.Not.Empty.And.Not.Match("value=\"[^\"]"), "nobody is filled in in their place");
        var van = System.Text.RegularExpressions.Regex.Match(html, "<input type=\"text\" id=\"input-referrals-i-van\"[^>]*>").Value;
        Assert.That(van, Is.Not.Empty.And.Not.Match("value=\"[^\"]"), "a new referral's Van is empty for them too");
    }

    [TestCase("Naar", "inactive", "input-referrals-1-naar", "Deze professional staat niet (meer) actief in de gids.")]
    [TestCase("LeefgebiedId", "retired", "input-referrals-1-leefgebiedid", "Dit leefgebied bestaat niet meer; kies een ander.")]
    public async Task A_refused_second_referral_stores_nothing_and_says_why_next_to_its_field_with_the_input_kept(
        string field, string what, string fieldId, string message)
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var visitor = await VisitorAsync();
        var value = what == "inactive" ? $"professional-{P.InactiveProfessionalId}" : P.RetiredLeefgebiedId.ToString();

        var response = await browser.SubmitFormAsync($"{Page}?bezoeker={visitor.Code}", VisitForm(visitor.Code, Guid.NewGuid(),
            Referral("Eerste vraag over de huur"), Referral("Tweede vraag over schulden", (field, value))), Page);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var html = await TextAsync(response);
        Assert.That(FieldError(html, fieldId), Is.EqualTo(message));
        Assert.That(html, Does.Contain(">Eerste vraag over de huur</textarea>").And.Contain(">Tweede vraag over schulden</textarea>"));
        Assert.That(await VisitsOfAsync(visitor.Id), Is.Zero);
        Assert.That(await ReferralsOfAsync(visitor.Id), Is.Zero);
    }

    [Test]
    public async Task With_two_referrals_the_error_summary_names_which_referral_each_message_is_about_and_links_its_field()
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var visitor = await VisitorAsync();

        var response = await browser.SubmitFormAsync($"{Page}?bezoeker={visitor.Code}", VisitForm(visitor.Code, Guid.NewGuid(),
            Referral("Eerste vraag over de huur", ("Van", "")), Referral("Tweede vraag over schulden", ("Van", ""))), Page);

        var html = await TextAsync(response);
        Assert.That(html, Does.Contain("<a href=\"#input-referrals-0-van\">Verwijzing 1: Kies van wie de verwijzing komt, of eigen initiatief.</a>"));
        Assert.That(html, Does.Contain("<a href=\"#input-referrals-1-van\">Verwijzing 2: Kies van wie de verwijzing komt, of eigen initiatief.</a>"));
        Assert.That(FieldError(html, "input-referrals-1-van"), Is.EqualTo("Kies van wie de verwijzing komt, of eigen initiatief."),
            "beside the field itself the block already says which referral");
        Assert.That(await VisitsOfAsync(visitor.Id), Is.Zero);
    }

    [Test]
    public async Task A_zorgvraag_longer_than_500_is_kept_whole_and_refused_with_its_length_never_cut()
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var visitor = await VisitorAsync();
        var pasted = string.Concat(Enumerable.Repeat("Huur en schulden lopen op. ", 80))[..2000];

        var response = await browser.SubmitFormAsync($"{Page}?bezoeker={visitor.Code}", VisitForm(visitor.Code, Guid.NewGuid(),
            Referral(pasted)), Page);

        var html = await TextAsync(response);
        Assert.That(FieldError(html, "input-referrals-0-zorgvraag"), Is.EqualTo("De zorgvraag is hooguit 500 tekens; nu zijn het er 2000."));
        Assert.That(html, Does.Contain(">" + pasted + "</textarea>"), "the whole text comes back, to shorten it oneself");
        Assert.That(html, Does.Not.Contain("maxlength=\"500\""), "a browser would cut a pasted text to it without a word");
        Assert.That(await ReferralsOfAsync(visitor.Id), Is.Zero);
    }

    [Test]
    public async Task Posting_the_same_form_twice_stores_one_visit_and_its_referrals_once()
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var visitor = await VisitorAsync();
        var form = VisitForm(visitor.Code, Guid.NewGuid(), Referral(), Referral("Wil graag meedoen aan een wandelgroep"));

        var first = await browser.SubmitFormAsync($"{Page}?bezoeker={visitor.Code}", form, Page);
        var second = await browser.SubmitFormAsync($"{Page}?bezoeker={visitor.Code}", form, Page);

        Assert.That((first.StatusCode, second.StatusCode), Is.EqualTo((HttpStatusCode.Redirect, HttpStatusCode.Redirect)));
        Assert.That(await VisitsOfAsync(visitor.Id), Is.EqualTo(1));
        Assert.That(await ReferralsOfAsync(visitor.Id), Is.EqualTo(2));
        Assert.That(await browser.GetStringAsync(Page), Does.Contain($"Bezoek van {visitor.Code} was al opgeslagen; er is niets dubbel bewaard."));
    }

    [TestCase("Input.VisitedOn", "2026-11-24", "input-visitedon", "De datum ligt in de toekomst. Registreer wat al gebeurd is.")]
    [TestCase("Input.VisitedOn", "2023-12-31", "input-visitedon", "Het plein was toen nog niet open: het is geopend op 1 januari 2024.")]
    [TestCase("Input.HelpedBy", "inactive", "input-helpedby", "Deze professional staat niet (meer) actief in de gids.")]
    [TestCase("Input.LeefgebiedIds", "retired", "input-leefgebiedids", "Een van de gekozen leefgebieden bestaat niet meer; kies opnieuw.")]
    [TestCase("Input.LeefgebiedIds", "", "input-leefgebiedids", "Kies minstens één leefgebied waar het bezoek over ging.")]
    [TestCase("Input.VisitedOn", "gisteren", "input-visitedon", "Vul de datum van het bezoek in, bijvoorbeeld 23-11-2026.")]
    public async Task A_wrong_visit_field_is_refused_with_a_dutch_message_and_nothing_is_stored(string name, string value, string fieldId, string message)
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var visitor = await VisitorAsync();
        value = value switch { "inactive" => P.InactiveProfessionalId.ToString(), "retired" => P.RetiredLeefgebiedId.ToString(), _ => value };

        var response = await browser.SubmitFormAsync($"{Page}?bezoeker={visitor.Code}",
            With(VisitForm(visitor.Code, Guid.NewGuid(), Referral()), name, value), Page);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(FieldError(await TextAsync(response), fieldId), Is.EqualTo(message));
        Assert.That(await VisitsOfAsync(visitor.Id), Is.Zero);
        Assert.That(await ReferralsOfAsync(visitor.Id), Is.Zero);
    }

    [TestCase("Zorgvraag", "x", "input-referrals-0-zorgvraag", "Beschrijf de zorgvraag in een paar woorden (minstens 3 tekens).")]
    [TestCase("Zorgvraag", "long", "input-referrals-0-zorgvraag", "De zorgvraag is hooguit 500 tekens; nu zijn het er 501.")]
    [TestCase("Naar", "", "input-referrals-0-naar", "Kies naar wie of welke organisatie je verwijst.")]
    [TestCase("Naar", "eigen", "input-referrals-0-naar", "Kies naar wie of welke organisatie je verwijst.")]
    [TestCase("ContactName", "Marie Jansen", "input-referrals-0-contactname",
        "Naam en telefoon bewaren we alleen met toestemming: vink de toestemming aan, of maak deze velden leeg.")]
    public async Task A_wrong_referral_field_is_refused_with_a_dutch_message_and_nothing_is_stored(string field, string value, string fieldId, string message)
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var visitor = await VisitorAsync();
        if (value == "long") value = new string('a', 501);

        var response = await browser.SubmitFormAsync($"{Page}?bezoeker={visitor.Code}",
            VisitForm(visitor.Code, Guid.NewGuid(), Referral(change: (field, value))), Page);

        Assert.That(FieldError(await TextAsync(response), fieldId), Is.EqualTo(message));
        Assert.That(await VisitsOfAsync(visitor.Id), Is.Zero);
    }

    [Test]
    public async Task Another_pleins_visitor_code_in_the_form_is_refused_and_nothing_is_stored()
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var elsewhere = await VisitorAsync(P.OtherProfessionalUserId, P.OtherPleinId);

        var response = await browser.SubmitFormAsync(Page, VisitForm(elsewhere.Code, Guid.NewGuid(), Referral()), Page);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await TextAsync(response), Does.Contain("Deze bezoeker is niet gevonden bij jouw plein. Zoek de bezoeker opnieuw."));
        Assert.That(await VisitsOfAsync(elsewhere.Id), Is.Zero);
    }

    [Test]
    public async Task Html_typed_into_the_form_comes_back_as_text()
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var visitor = await VisitorAsync();
        const string script = "<script>alert('zorgvraag')</script>";

        var response = await browser.SubmitFormAsync($"{Page}?bezoeker={visitor.Code}", VisitForm(visitor.Code, Guid.NewGuid(),
            Referral(script, ("Category", "<b>vet</b>"), ("LeefgebiedId", ""))), Page);

        var raw = await response.Content.ReadAsStringAsync();
        Assert.That(raw, Does.Not.Contain(script).And.Not.Contain("<b>vet</b>"));
        Assert.That(raw, Does.Contain("&lt;script&gt;alert(&#x27;zorgvraag&#x27;)&lt;/script&gt;").And.Contain("&lt;b&gt;vet&lt;/b&gt;"));
    }

    [Test]
    public async Task Nog_een_verwijzing_without_javascript_shows_one_more_block_and_keeps_all_input()
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var visitor = await VisitorAsync();

        var response = await browser.SubmitFormAsync($"{Page}?bezoeker={visitor.Code}",
            VisitForm(visitor.Code, Guid.NewGuid(), Referral("Vraag die blijft staan")), $"{Page}?handler=Verwijzing");

        var html = await TextAsync(response);
        Assert.That(html, Does.Contain(">Vraag die blijft staan</textarea>"));
        Assert.That(html, Does.Contain("name=\"Input.Referrals[1].Naar\""));
        Assert.That(html, Does.Not.Contain("class=\"error-summary\""), "adding a block is no submit: no messages yet");
        Assert.That(await VisitsOfAsync(visitor.Id), Is.Zero);
    }

    [Test]
    public async Task Weghalen_without_javascript_removes_that_block_and_moves_the_next_one_up()
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var visitor = await VisitorAsync();

        var response = await browser.SubmitFormAsync($"{Page}?bezoeker={visitor.Code}",
            VisitForm(visitor.Code, Guid.NewGuid(), Referral("Eerste, gaat weg"), Referral("Tweede, blijft")), $"{Page}?handler=Weghalen&index=0");

        var html = await TextAsync(response);
        Assert.That(html, Does.Match("name=\"Input.Referrals\\[0\\].Zorgvraag\"[^>]*>Tweede, blijft</textarea>"));
        Assert.That(html, Does.Not.Contain("Eerste, gaat weg"));
    }

    [TestCase("x")]
    [TestCase("-1")]
    [TestCase("7")]
    public async Task Weghalen_with_an_index_that_names_no_block_removes_nothing(string index)
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var visitor = await VisitorAsync();

        var response = await browser.SubmitFormAsync($"{Page}?bezoeker={visitor.Code}",
            VisitForm(visitor.Code, Guid.NewGuid(), Referral("Eerste, blijft"), Referral("Tweede, blijft")), $"{Page}?handler=Weghalen&index={index}");

        var html = await TextAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Contain("Eerste, blijft").And.Contain("Tweede, blijft"));
    }

    [Test]
    public async Task Contact_details_with_consent_are_stored_apart_and_a_visit_without_referrals_is_fine()
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var visitor = await VisitorAsync();
        var withContact = Referral(change: [("ConsentShareContact", "true"), ("ContactName", "Marie Jansen"), ("ContactPhone", "06 1234 5678")]);

        await browser.SubmitFormAsync($"{Page}?bezoeker={visitor.Code}", VisitForm(visitor.Code, Guid.NewGuid(), withContact), Page);
        // An inloop after the spreekuur: the same spreekuur visit again would be held back as a repeat.
        var alone = await browser.SubmitFormAsync($"{Page}?bezoeker={visitor.Code}", With(VisitForm(visitor.Code, Guid.NewGuid()), "Input.Kind", "inloop"), Page);

        Assert.That(alone.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await VisitsOfAsync(visitor.Id), Is.EqualTo(2));
        Assert.That(await RegisterArrange.CountAsync(Db, "referral_contact", "visitor_id = @Id AND name = 'Marie Jansen' AND phone = '06 1234 5678'",
            new { visitor.Id }), Is.EqualTo(1));
        Assert.That(await browser.GetStringAsync(Page), Does.Contain($"Bezoek van {visitor.Code} opgeslagen."));
    }
}
