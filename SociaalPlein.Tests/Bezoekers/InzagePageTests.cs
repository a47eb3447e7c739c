using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using SociaalPlein.Data.Bezoekers;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Bezoekers;

/// <summary>
/// /beheer/bezoekers/{id}/inzage through the real app: the printable access report holds every stored item of the
/// visitor, only the beheerder opens it, each opening and each erasure is audited, and erasing asks for a confirmation.
/// </summary>
public sealed class InzagePageTests : BezoekersAppFixture
{
    RegisterPlein _p = null!;

    protected override async Task ArrangeAsync() => _p = await RegisterArrange.PleinAsync(Db);

    static string Encoded(string text) => System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All).Encode(text);

    // Every text stored in the visitor's own rows, read straight from the tables (not through VisitorRecord).
    async Task<List<string>> StoredTextsAsync(int id)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return (await conn.QueryAsync<string?>("""
            SELECT code FROM visitor WHERE id = @id UNION ALL SELECT postcode FROM visitor WHERE id = @id
            UNION ALL SELECT name FROM referral_contact WHERE visitor_id = @id UNION ALL SELECT phone FROM referral_contact WHERE visitor_id = @id
            UNION ALL SELECT zorgvraag FROM referral WHERE visitor_id = @id
            UNION ALL SELECT zorgvraag_category FROM referral WHERE visitor_id = @id
            UNION ALL SELECT status_reason FROM referral WHERE visitor_id = @id
            UNION ALL SELECT e.reason FROM referral_status_event e JOIN referral r ON r.id = e.referral_id WHERE r.visitor_id = @id
            UNION ALL SELECT e.note FROM referral_status_event e JOIN referral r ON r.id = e.referral_id WHERE r.visitor_id = @id
            UNION ALL SELECT l.name FROM visit x JOIN visit_leefgebied vl ON vl.visit_id = x.id JOIN leefgebied l ON l.id = vl.leefgebied_id
                      WHERE x.visitor_id = @id
            """, new { id })).Where(t => !string.IsNullOrEmpty(t)).Select(t => t!).Distinct().ToList();
    }

    [Test]
    public async Task The_access_report_shows_every_stored_item_and_is_audited()
    {
        var rich = await PrivacyArrange.VisitorAsync(Db, _p, "Inzagetje");
        var beheerder = await SignedInAsync(_p.BeheerderEmail);

        var response = await beheerder.GetAsync($"/beheer/bezoekers/{rich.Visitor.Id}/inzage");
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        var stored = await StoredTextsAsync(rich.Visitor.Id);
        foreach (var text in rich.PersonalTexts) Assert.That(stored, Has.Some.Contains(text), $"arranged: {text}");
        foreach (var text in stored) Assert.That(html, Does.Contain(Encoded(text)), text);
        Assert.That(html, Does.Contain("1961"));
        var entry = await BeheerArrange.ScalarAsync<string>(Db, """
            SELECT concat_ws('|', user_id, role, object_type, object_id, subject, plein_id, host(client_address), outcome)
            FROM audit_log WHERE action = 'visitor.access_report' AND subject = @Code ORDER BY id DESC LIMIT 1
            """, new { rich.Visitor.Code });
        Assert.That(entry, Is.EqualTo($"{_p.BeheerderUserId}|beheerder|visitor|{rich.Visitor.Id}|{rich.Visitor.Code}|{_p.PleinId}|{ClientAddress}|allowed"));
    }

    [Test]
    public async Task The_report_lists_who_opened_the_visitors_data()
    {
        var rich = await PrivacyArrange.VisitorAsync(Db, _p, "Kijkers");
        var receiver = await SignedInAsync(_p.ReceiverEmail);
        await receiver.GetAsync($"/verwijzingen/{rich.Completed}");
        var beheerder = await SignedInAsync(_p.BeheerderEmail);

        var html = await beheerder.GetStringAsync($"/beheer/bezoekers/{rich.Visitor.Id}/inzage");

        Assert.That(html, Does.Contain(_p.ReceiverEmail).And.Contain("referral.view"));
    }

    [Test]
    public async Task A_visitor_is_found_by_code_and_an_unknown_id_is_not_found()
    {
        var rich = await PrivacyArrange.VisitorAsync(Db, _p, "Vindbaar");
        var beheerder = await SignedInAsync(_p.BeheerderEmail);

        var found = await beheerder.GetAsync($"/beheer/bezoekers?code={rich.Visitor.Code.ToLowerInvariant()}");
        var unknown = await beheerder.GetAsync("/beheer/bezoekers/2147483647/inzage");
        var bad = await beheerder.GetAsync("/beheer/bezoekers?code=Jansen");

        Assert.That(found.Headers.Location?.OriginalString, Is.EqualTo($"/beheer/bezoekers/{rich.Visitor.Id}/inzage"));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await bad.Content.ReadAsStringAsync(), Does.Contain("Een bezoekerscode ziet eruit als B-K7QM-4XRA"));
    }

    [Test]
    public async Task Projectleider_and_professional_cannot_open_or_erase()
    {
        var rich = await PrivacyArrange.VisitorAsync(Db, _p, "Verboden");

        foreach (var email in new[] { _p.ProjectleiderEmail, _p.SenderEmail })
        {
            var browser = await SignedInAsync(email);
            var get = await browser.GetAsync($"/beheer/bezoekers/{rich.Visitor.Id}/inzage");
            var post = await browser.SubmitFormAsync("/", new Dictionary<string, string> { ["Bevestig"] = "true", ["Code"] = rich.Visitor.Code },
                $"/beheer/bezoekers/{rich.Visitor.Id}/inzage?handler=Wissen");
            Assert.That(get.Headers.Location?.AbsolutePath, Is.EqualTo("/account/geweigerd"), email);
            Assert.That(post.Headers.Location?.AbsolutePath, Is.EqualTo("/account/geweigerd"), email);
        }
        Assert.That(await RegisterArrange.CountAsync(Db, "referral_contact", "visitor_id = @Id", new { rich.Visitor.Id }), Is.EqualTo(1));
    }

    [Test]
    public async Task A_wrong_code_is_answered_next_to_the_field_erases_nothing_and_is_audited()
    {
        var rich = await PrivacyArrange.VisitorAsync(Db, _p, "Foutcode");
        var beheerder = await SignedInAsync(_p.BeheerderEmail);
        var page = $"/beheer/bezoekers/{rich.Visitor.Id}/inzage";

        var wrong = await beheerder.SubmitFormAsync(page, new Dictionary<string, string> { ["Code"] = "B-2000-0001" }, page + "?handler=Wissen");
        var html = await wrong.Content.ReadAsStringAsync();

        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Match("id=\"bevestig-fout\" class=\"field-error\">Vink aan dat de bezoeker om het wissen heeft gevraagd.<")
            .And.Match($"id=\"code-fout\" class=\"field-error\">Typ de code van deze bezoeker \\({rich.Visitor.Code}\\) om te bevestigen.<"));
        Assert.That(html, Does.Not.Contain("confirm-step"), "no second step for a wrong code");
        Assert.That(await RegisterArrange.CountAsync(Db, "referral_contact", "visitor_id = @Id", new { rich.Visitor.Id }), Is.EqualTo(1));
        Assert.That(await RegisterArrange.CountAsync(Db, "audit_log",
            "action = 'visitor.access_report' AND subject = @Code AND detail ->> 'erasure' = 'refused'", new { rich.Visitor.Code }),
            Is.EqualTo(1), "the refused confirmation shows the report again");
        Assert.That(await RegisterArrange.CountAsync(Db, "audit_log", "action = 'visitor.erased' AND subject = @Code", new { rich.Visitor.Code }), Is.Zero);
    }

    [Test]
    public async Task The_right_code_asks_a_second_step_naming_what_will_be_erased_and_only_its_button_erases()
    {
        var rich = await PrivacyArrange.VisitorAsync(Db, _p, "Tweestaps");
        var beheerder = await SignedInAsync(_p.BeheerderEmail);
        var page = $"/beheer/bezoekers/{rich.Visitor.Id}/inzage";
        var code = rich.Visitor.Code;

        var first = await beheerder.SubmitFormAsync(page,
            new Dictionary<string, string> { ["Bevestig"] = "true", ["Code"] = code.ToLowerInvariant() }, page + "?handler=Wissen");
        var step = await first.Content.ReadAsStringAsync();

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await RegisterArrange.CountAsync(Db, "referral_contact", "visitor_id = @Id", new { rich.Visitor.Id }), Is.EqualTo(1),
            "the first step erases nothing");
        Assert.That(step, Does.Contain($"Persoonsgegevens van bezoeker {code} wissen?")
            .And.Contain($"Van bezoeker {code} worden gewist: naam en telefoonnummer bij 1 verwijzing, de zorgvraag en categorie van 2 verwijzingen, 2 notities in de statusgeschiedenis, de eigen woorden bij een reden")
            .And.Contain($">Persoonsgegevens van {code} definitief wissen</button>").And.Contain("Terug, niets wissen"));
        var (action, fields) = ConfirmationForm(step);
        Assert.That(action, Is.EqualTo($"{page}?handler=Wissen"));

        var confirmed = await beheerder.PostAsync(action, new FormUrlEncodedContent(fields));

        Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var after = await beheerder.GetStringAsync(page);
        Assert.That(after, Does.Contain("zijn gewist").And.Contain("Persoonsgegevens gewist").And.Contain(VisitorErasure.ErasedText));
        foreach (var text in rich.PersonalTexts) Assert.That(after, Does.Not.Contain(Encoded(text)), text);
        Assert.That(await RegisterArrange.CountAsync(Db, "audit_log", "action = 'visitor.erased' AND subject = @Code AND host(client_address) = @a",
            new { Code = code, a = ClientAddress.ToString() }), Is.EqualTo(1));
        Assert.That(await RegisterArrange.CountAsync(Db, "audit_log",
            "action = 'visitor.access_report' AND subject = @Code AND detail ->> 'erasure' = 'confirmation_asked'", new { Code = code }), Is.EqualTo(1));
    }

    /// <summary>The confirmation step's form as a browser would send it: its action and every hidden field it carries.</summary>
    internal static (string Action, List<KeyValuePair<string, string>> Fields) ConfirmationForm(string html)
    {
        var section = Regex.Match(html, "<section class=\"confirm-step\".*?</section>", RegexOptions.Singleline).Value;
        var action = WebUtility.HtmlDecode(Regex.Match(section, "<form[^>]*action=\"([^\"]+)\"").Groups[1].Value);
        var fields = Regex.Matches(section, "<input (?=[^>]*type=\"hidden\")[^>]*name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"")
            .Select(m => new KeyValuePair<string, string>(m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value))).ToList();
        return (action, fields);
    }
}
