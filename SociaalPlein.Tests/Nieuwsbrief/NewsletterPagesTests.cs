using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Nieuwsbrief;

/// <summary>/nieuwsbrieven (archive, PDF), /nieuwsbrieven/beheer (drafts, note, send, subscribers), unsubscribing, the regional newsletter.</summary>
public sealed class NewsletterPagesTests : AppFixture
{
    int _plein, _otherPlein, _sent, _draft, _otherSent;

    // 10 May 2026: Q1 2026 is the last completed quarter.
    protected override TimeProvider Clock => new FakeTimeProvider(new DateTimeOffset(2026, 5, 10, 9, 0, 0, TimeSpan.Zero));

    protected override async Task ArrangeAsync()
    {
        _plein = await Arrange.PleinAsync(Db, "Plein Noord");
        _otherPlein = await Arrange.PleinAsync(Db, "Plein Zuid");
        await Arrange.UserAsync(Db, "professional@test.nl", "professional", [_plein]);
        await Arrange.UserAsync(Db, "projectleider@test.nl", "projectleider", [_plein]);
        await Arrange.UserAsync(Db, "beheerder@test.nl", "beheerder");
        _sent = await NewsletterArrange.SentAsync(Db, _plein, 2025, 4);
        _draft = await NewsletterArrange.DraftAsync(Db, _plein, 2026, 1);
        _otherSent = await NewsletterArrange.SentAsync(Db, _otherPlein, 2025, 4);
    }

    async Task<HttpClient> AsAsync(string email)
    {
        var browser = App.Browser();
        await browser.LogInAsync(email, Arrange.Password);
        return browser;
    }

    async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, args))!;
    }

    [Test]
    public async Task The_archive_shows_the_sent_newsletters_of_the_own_plein_only()
    {
        var html = await (await AsAsync("professional@test.nl")).GetStringAsync("/nieuwsbrieven");

        Assert.That(html, Does.Contain($"data-newsletter-id=\"{_sent}\""));
        Assert.That(html, Does.Not.Contain($"data-newsletter-id=\"{_draft}\""));
        Assert.That(html, Does.Not.Contain($"data-newsletter-id=\"{_otherSent}\""));
        Assert.That(html, Does.Contain("Nieuwsbrief Q4 2025"));
    }

    [Test]
    public async Task A_professional_downloads_a_sent_pdf_but_not_a_draft_or_another_pleins()
    {
        var browser = await AsAsync("professional@test.nl");

        var sent = await browser.GetAsync($"/nieuwsbrieven/{_sent}/pdf?download=true");
        var draft = await browser.GetAsync($"/nieuwsbrieven/{_draft}/pdf");
        var other = await browser.GetAsync($"/nieuwsbrieven/{_otherSent}/pdf");

        Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(sent.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
        Assert.That(sent.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
        Assert.That(await sent.Content.ReadAsByteArrayAsync(), Is.EqualTo(NewsletterArrange.Pdf));
        Assert.That(draft.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_sent_newsletter_reads_as_a_web_page_with_headings_and_tables_for_its_own_plein_only()
    {
        var browser = await AsAsync("professional@test.nl");

        var html = await browser.GetStringAsync($"/nieuwsbrieven/{_sent}");
        var draft = await browser.GetAsync($"/nieuwsbrieven/{_draft}");
        var other = await browser.GetAsync($"/nieuwsbrieven/{_otherSent}");

        Assert.That(html, Does.Contain("<h1 id=\"nieuwsbrief-titel\">Nieuwsbrief Plein Noord, Q4 2025"));
        Assert.That(html, Does.Contain("<h2 id=\"kerncijfers\">Kerncijfers</h2>").And.Contain("<h2 id=\"verwijzingen\">Verwijzingen</h2>"));
        Assert.That(html, Does.Contain("<caption>Kerncijfers Q4 2025, vergeleken met Q3 2025</caption>"));
        Assert.That(html, Does.Contain($"href=\"/nieuwsbrieven/{_sent}/pdf\""), "the PDF beside it");
        Assert.That(draft.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task The_mails_signed_link_opens_that_sent_newsletter_without_an_account_and_no_other()
    {
        var links = App.Services.GetRequiredService<NewsletterReadLinks>();
        var anonymous = App.Browser();

        var opened = await anonymous.GetAsync(links.Path(_sent));
        var bare = await anonymous.GetAsync($"/nieuwsbrieven/{_sent}");
        var otherNumber = await anonymous.GetAsync(links.Path(_sent).Replace($"/nieuwsbrieven/{_sent}?", $"/nieuwsbrieven/{_otherSent}?"));
        var draft = await anonymous.GetAsync(links.Path(_draft));
        var forged = await anonymous.GetAsync($"/nieuwsbrieven/{_sent}?t=bm9wZQ");

        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await opened.Content.ReadAsStringAsync(), Does.Contain("Nieuwsbrief Plein Noord, Q4 2025").And.Not.Contain("/pdf\""),
            "the page itself; the PDF is in the mail");
        Assert.That(bare.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(bare.Headers.Location?.ToString(), Does.Contain("/account/inloggen"));
        Assert.That(otherNumber.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a token opens only its own newsletter");
        Assert.That(draft.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "never a draft");
        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task The_projectleider_previews_the_draft_of_their_plein()
    {
        var response = await (await AsAsync("projectleider@test.nl")).GetAsync($"/nieuwsbrieven/{_draft}/pdf");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("inline"));
    }

    [TestCase("/nieuwsbrieven/beheer")]
    [TestCase("/nieuwsbrieven/beheer/abonnees")]
    [TestCase("/beheer/regionieuwsbrief")]
    public async Task A_professional_is_refused_the_newsletter_management(string url)
    {
        var response = await (await AsAsync("professional@test.nl")).GetAsync(url);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/account/geweigerd"));
    }

    [Test]
    public async Task The_regional_newsletter_is_refused_to_a_projectleider()
    {
        var response = await (await AsAsync("projectleider@test.nl")).GetAsync("/beheer/regionieuwsbrief");

        Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/account/geweigerd"));
    }

    [Test]
    public async Task Another_pleins_newsletters_are_not_found_for_a_projectleider()
    {
        var browser = await AsAsync("projectleider@test.nl");

        Assert.That((await browser.GetAsync($"/nieuwsbrieven/beheer?plein={_otherPlein}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await browser.GetAsync($"/nieuwsbrieven/beheer/{_otherSent}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await browser.GetAsync($"/nieuwsbrieven/beheer/abonnees?plein={_otherPlein}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task The_projectleider_makes_the_newsletter_of_a_past_quarter_on_demand()
    {
        var browser = await AsAsync("projectleider@test.nl");

        var response = await browser.SubmitFormAsync($"/nieuwsbrieven/beheer?plein={_plein}",
            new Dictionary<string, string> { ["kwartaal"] = "2025-Q2" }, $"/nieuwsbrieven/beheer?plein={_plein}&handler=Make");

        var id = await ScalarAsync<int>("SELECT id FROM newsletter WHERE plein_id = @_plein AND year = 2025 AND quarter = 2 AND pdf IS NOT NULL", new { _plein });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo($"/nieuwsbrieven/beheer/{id}"));
        Assert.That(await browser.GetStringAsync($"/nieuwsbrieven/beheer/{id}"), Does.Contain("Nieuwsbrief Q2 2025"));
    }

    [TestCase("2026-Q2")]
    [TestCase("2023-Q4")]
    [TestCase("Q9 2026")]
    [TestCase("'; DROP TABLE newsletter; --")]
    public async Task A_quarter_that_is_not_in_the_list_makes_nothing_and_says_why(string kwartaal)
    {
        var before = await ScalarAsync<long>("SELECT count(*) FROM newsletter");

        var response = await (await AsAsync("projectleider@test.nl")).SubmitFormAsync($"/nieuwsbrieven/beheer?plein={_plein}",
            new Dictionary<string, string> { ["kwartaal"] = kwartaal }, $"/nieuwsbrieven/beheer?plein={_plein}&handler=Make");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Kies een kwartaal uit de lijst"));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM newsletter"), Is.EqualTo(before));
    }

    [Test]
    public async Task A_note_longer_than_1500_characters_is_refused_and_a_good_one_is_saved_and_printed_again()
    {
        var pleinId = await Arrange.PleinAsync(Db, "Plein Notitie");
        await Arrange.UserAsync(Db, "notitie@test.nl", "projectleider", [pleinId]);
        var id = await NewsletterArrange.DraftAsync(Db, pleinId, 2026, 1);
        var browser = await AsAsync("notitie@test.nl");
        var madeBefore = await ScalarAsync<DateTime>("SELECT pdf_generated_at FROM newsletter WHERE id = @id", new { id });

        var tooLong = await browser.SubmitFormAsync($"/nieuwsbrieven/beheer/{id}",
            new Dictionary<string, string> { ["notitie"] = new string('a', 1501) }, $"/nieuwsbrieven/beheer/{id}?handler=Note");
        var good = await browser.SubmitFormAsync($"/nieuwsbrieven/beheer/{id}",
            new Dictionary<string, string> { ["notitie"] = "Welkom aan de nieuwe partners!\r\nTot ziens op de netwerkdag." }, $"/nieuwsbrieven/beheer/{id}?handler=Note");

        Assert.That(await tooLong.Content.ReadAsStringAsync(), Does.Contain("hoogstens 1500 tekens"));
        Assert.That(good.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await ScalarAsync<string>("SELECT note FROM newsletter WHERE id = @id", new { id }),
            Is.EqualTo("Welkom aan de nieuwe partners!\nTot ziens op de netwerkdag."));
        Assert.That(await ScalarAsync<DateTime>("SELECT pdf_generated_at FROM newsletter WHERE id = @id", new { id }), Is.GreaterThan(madeBefore));
    }

    [Test]
    public async Task Sending_from_the_page_mails_each_subscriber_once_and_is_audited()
    {
        var pleinId = await Arrange.PleinAsync(Db, "Plein Versturen");
        await Arrange.UserAsync(Db, "versturen@test.nl", "projectleider", [pleinId]);
        await NewsletterArrange.SubscriberAsync(Db, pleinId, "een@partner.test");
        await NewsletterArrange.SubscriberAsync(Db, pleinId, "twee@partner.test");
        var id = await NewsletterArrange.DraftAsync(Db, pleinId, 2026, 1);
        var browser = await AsAsync("versturen@test.nl");

        var first = await browser.SubmitFormAsync($"/nieuwsbrieven/beheer/{id}", [new("bevestigd", "ja")], $"/nieuwsbrieven/beheer/{id}?handler=Send");
        var page = await browser.GetStringAsync($"/nieuwsbrieven/beheer/{id}");

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(page, Does.Contain("naar 2 abonnees"));
        Assert.That(page, Does.Contain("een@partner.test").And.Contain("twee@partner.test"));
        Assert.That(page, Does.Not.Contain("handler=Send"));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM newsletter_delivery WHERE newsletter_id = @id", new { id }), Is.EqualTo(2));
        Assert.That(await ScalarAsync<string>("SELECT status FROM newsletter WHERE id = @id", new { id }), Is.EqualTo("verzonden"));
        Assert.That(await ScalarAsync<string>("""
            SELECT detail ->> 'recipients' FROM audit_log WHERE action = 'newsletter.send' AND object_id = @id::text AND plein_id = @pleinId
            """, new { id, pleinId }), Is.EqualTo("2"));
    }

    [Test]
    public async Task A_subscriber_with_a_bad_address_is_refused_next_to_the_field_and_a_good_one_is_stored_once()
    {
        var browser = await AsAsync("projectleider@test.nl");
        var url = $"/nieuwsbrieven/beheer/abonnees?plein={_plein}";
        var post = $"{url}&handler=Add";

        var bad = await browser.SubmitFormAsync(url, new Dictionary<string, string>
            { ["Input.Name"] = "Fatima Bakker", ["Input.OrganisationName"] = "Wijkteam", ["Input.Email"] = "fatima-at-wijkteam" }, post);
        var good = await browser.SubmitFormAsync(url, new Dictionary<string, string>
            { ["Input.Name"] = "Fatima Bakker", ["Input.OrganisationName"] = "Wijkteam", ["Input.Email"] = "Fatima@Wijkteam.test" }, post);
        var twice = await browser.SubmitFormAsync(url, new Dictionary<string, string>
            { ["Input.Name"] = "Fatima B.", ["Input.Email"] = "fatima@wijkteam.test" }, post);

        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.That(badHtml, Does.Contain("is geen geldig e-mailadres"));
        Assert.That(badHtml, Does.Contain("value=\"fatima-at-wijkteam\""));
        Assert.That(good.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await twice.Content.ReadAsStringAsync(), Does.Contain("ontvangt de nieuwsbrief al"));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM newsletter_subscriber WHERE email LIKE 'fatima%'"), Is.EqualTo(1));
        Assert.That(await ScalarAsync<string>("SELECT email FROM newsletter_subscriber WHERE email LIKE 'fatima%'"), Is.EqualTo("fatima@wijkteam.test"));
    }

    [Test]
    public async Task The_unsubscribe_link_asks_first_and_unsubscribes_without_a_login()
    {
        var id = await NewsletterArrange.SubscriberAsync(Db, _plein, "afmelden@partner.test");
        var token = App.Services.GetRequiredService<UnsubscribeLinks>().Token(id);
        var anonymous = App.Browser();
        var url = $"/nieuwsbrieven/afmelden?t={token}";

        var asked = await anonymous.GetStringAsync(url);
        var stillOn = await ScalarAsync<bool>("SELECT unsubscribed_at IS NULL FROM newsletter_subscriber WHERE id = @id", new { id });
        var done = await anonymous.SubmitFormAsync(url, new Dictionary<string, string> { ["t"] = token });

        Assert.That(asked, Does.Contain("Plein Noord").And.Contain("Ja, meld me af"));
        Assert.That(stillOn, Is.True);
        Assert.That(await done.Content.ReadAsStringAsync(), Does.Contain("Je bent afgemeld"));
        Assert.That(await ScalarAsync<bool>("SELECT unsubscribed_at IS NOT NULL FROM newsletter_subscriber WHERE id = @id", new { id }), Is.True);
    }

    [Test]
    public async Task A_tampered_unsubscribe_token_unsubscribes_nobody()
    {
        var id = await NewsletterArrange.SubscriberAsync(Db, _plein, "blijft@partner.test");
        var token = App.Services.GetRequiredService<UnsubscribeLinks>().Token(id);
        var tampered = token[..^3] + (token[^3] == 'A' ? "B" : "A") + token[^2..];

        var page = await App.Browser().GetAsync($"/nieuwsbrieven/afmelden?t={tampered}");
        var oneClick = await App.Browser().PostAsync($"/nieuwsbrieven/afmelden/een-klik?t={tampered}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("Deze afmeldlink werkt niet"));
        Assert.That(oneClick.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await ScalarAsync<bool>("SELECT unsubscribed_at IS NULL FROM newsletter_subscriber WHERE id = @id", new { id }), Is.True);
    }

    [Test]
    public async Task A_mail_program_unsubscribes_in_one_click()
    {
        var id = await NewsletterArrange.SubscriberAsync(Db, _plein, "eenklik@partner.test");
        var token = App.Services.GetRequiredService<UnsubscribeLinks>().Token(id);

        var response = await App.Browser().PostAsync($"/nieuwsbrieven/afmelden/een-klik?t={token}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await ScalarAsync<bool>("SELECT unsubscribed_at IS NOT NULL FROM newsletter_subscriber WHERE id = @id", new { id }), Is.True);
    }

    [Test]
    public async Task The_beheerder_makes_one_regional_newsletter_over_several_pleinen()
    {
        var browser = await AsAsync("beheerder@test.nl");

        var one = await browser.SubmitFormAsync("/beheer/regionieuwsbrief",
            [new("gekozen", _plein.ToString()), new("kwartaal", "2026-Q1")]);
        var both = await browser.SubmitFormAsync("/beheer/regionieuwsbrief",
            [new("gekozen", _plein.ToString()), new("gekozen", _otherPlein.ToString()), new("kwartaal", "2026-Q1")]);
        var again = await browser.SubmitFormAsync("/beheer/regionieuwsbrief",
            [new("gekozen", _plein.ToString()), new("gekozen", _otherPlein.ToString()), new("kwartaal", "2026-Q1")]);

        Assert.That(await one.Content.ReadAsStringAsync(), Does.Contain("Kies minstens twee pleinen"));
        Assert.That(both.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM newsletter WHERE plein_id IS NULL AND pdf IS NOT NULL"), Is.EqualTo(1));
        Assert.That(await ScalarAsync<long>("""
            SELECT count(*) FROM newsletter_region_plein r JOIN newsletter l ON l.id = r.newsletter_id WHERE l.plein_id IS NULL
            """), Is.EqualTo(2));
        var id = await ScalarAsync<int>("SELECT id FROM newsletter WHERE plein_id IS NULL");
        Assert.That((await browser.GetAsync($"/nieuwsbrieven/{id}/pdf")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await (await AsAsync("projectleider@test.nl")).GetAsync($"/nieuwsbrieven/{id}/pdf")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var page = await browser.GetStringAsync($"/nieuwsbrieven/{id}");
        Assert.That(page, Does.Contain("<h2 id=\"per-plein\">Per plein</h2>")
            .And.Contain("<th scope=\"row\">Plein Noord</th>").And.Contain("<th scope=\"row\">Plein Zuid</th>"),
            "its web page has the PDF's table per plein");
    }

    [Test]
    public async Task Sending_takes_a_confirmation_step_naming_the_newsletter_and_its_recipients_and_one_post_sends_nothing()
    {
        var pleinId = await Arrange.PleinAsync(Db, "Plein Bevestigen");
        await Arrange.UserAsync(Db, "bevestigen@test.nl", "projectleider", [pleinId]);
        await NewsletterArrange.SubscriberAsync(Db, pleinId, "een@bevestig.test");
        await NewsletterArrange.SubscriberAsync(Db, pleinId, "twee@bevestig.test");
        var id = await NewsletterArrange.DraftAsync(Db, pleinId, 2026, 3);
        var browser = await AsAsync("bevestigen@test.nl");

        var first = await browser.SubmitFormAsync($"/nieuwsbrieven/beheer/{id}", [], $"/nieuwsbrieven/beheer/{id}?handler=Send");
        var html = WebUtility.HtmlDecode(await first.Content.ReadAsStringAsync());

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Contain(">Nieuwsbrief Q3 2026 nu versturen naar 2 abonnees</button>"));
        Assert.That(html, Does.Contain(">Terug, nog niet versturen</a>"));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM newsletter_delivery WHERE newsletter_id = @id", new { id }), Is.Zero);
        Assert.That(await ScalarAsync<string>("SELECT status FROM newsletter WHERE id = @id", new { id }), Is.EqualTo("concept"));
    }
}
