using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using SociaalPlein.Data.Registreren;
using SociaalPlein.Tests.Bezoekers;
using SociaalPlein.Tests.Support;
using static SociaalPlein.Tests.Metingen.MetingArrange;

namespace SociaalPlein.Tests.Metingen;

/// <summary>
/// The metingen on the visitor card (/bezoekers/{code}): per leefgebied a chart with its text alternative and a table,
/// following the visitor's need-to-know as the visits do; withdrawing the agreement there, with or without erasing.
/// </summary>
public sealed class MetingCardTests : BezoekersAppFixture
{
    RegisterPlein _p = null!;
    // Measured by the sender on financiën (2 → 4) and by the receiver's colleague on huisvesting.
    VisitorSummary _measured = null!;

    protected override async Task ArrangeAsync()
    {
        _p = await RegisterArrange.PleinAsync(Db);
        _measured = await RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);
        await MeasuredVisitAsync(Db, _p, _p.SenderUserId, _measured, new DateOnly(2026, 6, 1), new Dictionary<int, short> { [_p.LeefgebiedId] = 2 });
        await MeasuredVisitAsync(Db, _p, _p.SenderUserId, _measured, new DateOnly(2026, 9, 14), new Dictionary<int, short> { [_p.LeefgebiedId] = 4 });
        await MeasuredVisitAsync(Db, _p, _p.ReceiverColleagueUserId, _measured, new DateOnly(2026, 10, 5),
            new Dictionary<int, short> { [_p.OtherLeefgebiedId] = 1 });
    }

    async Task<string> CardAsync(string email, string code)
    {
        var response = await (await SignedInAsync(email)).GetAsync($"/bezoekers/{code}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{email} opens {code}");
        return await response.Content.ReadAsStringAsync();
    }

    static IEnumerable<string> ChartedLeefgebieden(string html) =>
        Regex.Matches(html, "<figure class=\"meting-chart\" data-leefgebied=\"([^\"]+)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value));

    [Test]
    public async Task A_professional_sees_the_metingen_of_their_own_visits_and_the_projectleider_sees_all()
    {
        var sender = await CardAsync(_p.SenderEmail, _measured.Code);
        var projectleider = await CardAsync(_p.ProjectleiderEmail, _measured.Code);

        Assert.That(ChartedLeefgebieden(sender), Is.EqualTo(new[] { "Financiën" }));
        Assert.That(ChartedLeefgebieden(projectleider), Is.EqualTo(new[] { "Financiën", "Huisvesting" }));
    }

    [Test]
    public async Task The_chart_has_a_text_alternative_that_says_where_the_steps_went()
    {
        var html = await CardAsync(_p.SenderEmail, _measured.Code);

        var svg = Regex.Match(html, "<svg[^>]*role=\"img\"[^>]*>.*?</svg>", RegexOptions.Singleline).Value;
        Assert.That(svg, Does.Contain("<title").And.Contain("<desc"));
        Assert.That(WebUtility.HtmlDecode(svg), Does.Contain(
            "Financiën: 2 metingen, van stap 2 (Niet zelfredzaam) op 1 juni 2026 naar stap 4 (Voldoende zelfredzaam) op 14 september 2026: omhoog."));
        Assert.That(Regex.Matches(svg, "<circle ").Count, Is.EqualTo(2));
        var table = Regex.Match(html, "<table class=\"register-table meting-table\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.That(WebUtility.HtmlDecode(table), Does.Contain("1 juni 2026</td><td>2 · Niet zelfredzaam")
            .And.Contain("14 september 2026</td><td>4 · Voldoende zelfredzaam"));
    }

    [Test]
    public async Task A_professional_who_may_not_see_the_visitor_gets_no_card_and_no_metingen()
    {
        var response = await (await SignedInAsync(_p.BystanderEmail)).GetAsync($"/bezoekers/{_measured.Code}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Withdrawing_with_erasure_asks_a_confirmation_naming_what_goes_and_then_erases_every_meting_audited()
    {
        var visitor = await RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);
        await MeasuredVisitAsync(Db, _p, _p.SenderUserId, visitor, new DateOnly(2026, 5, 4), new Dictionary<int, short> { [_p.LeefgebiedId] = 1 });
        await MeasuredVisitAsync(Db, _p, _p.ReceiverColleagueUserId, visitor, new DateOnly(2026, 8, 3), new Dictionary<int, short> { [_p.LeefgebiedId] = 3 });
        // The closed second quarter's dashboard figures were kept (counted with the first meting) before the erasure.
        const string kept = """{"Current": {"Visits": 1}, "Metingen": "as counted"}""";
        await using (var conn = await Db.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("INSERT INTO dataset_figures (plein_id, quarter_start, figures) VALUES (@PleinId, '2026-04-01', @kept::jsonb)",
                new { _p.PleinId, kept });
        var sender = await SignedInAsync(_p.SenderEmail);
        var card = $"/bezoekers/{visitor.Code}";

        var first = await sender.SubmitFormAsync(card, new Dictionary<string, string> { ["wissen"] = "true" }, card + "?handler=Instemming");
        var step = WebUtility.HtmlDecode(await first.Content.ReadAsStringAsync());

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(step, Does.Contain($"Instemming intrekken en metingen van {visitor.Code} wissen?")
            .And.Contain("Alle eerdere metingen van deze bezoeker worden gewist, ook die van collega's die jij niet ziet (op deze kaart: Financiën (1))")
            .And.Contain("eerdere nieuwsbrieven, blijven zoals ze waren"));
        Assert.That(await StoredAsync(Db, visitor.Id), Has.Count.EqualTo(2), "the first step erases nothing");

        var (action, fields) = InzagePageTests.ConfirmationForm(step);
        var confirmed = await sender.PostAsync(action, new FormUrlEncodedContent(fields));

        Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await StoredAsync(Db, visitor.Id), Is.Empty, "the colleague's meting too");
        var after = WebUtility.HtmlDecode(await sender.GetStringAsync(card));
        Assert.That(after, Does.Contain("De instemming is ingetrokken en 2 metingen zijn gewist.").And.Contain("Instemming ingetrokken op"));
        await using var check = await Db.DataSource.OpenConnectionAsync();
        Assert.That(await check.QuerySingleAsync<(string Erased, string Withdrawn, int UserId)>("""
            SELECT detail ->> 'erased_metingen', detail ->> 'withdrawn', user_id FROM audit_log
            WHERE action = 'meting.agreement_withdrawn' AND subject = @Code
            """, new { visitor.Code }), Is.EqualTo(("2", "true", _p.SenderUserId)));
        Assert.That(await check.ExecuteScalarAsync<string>(
            "SELECT figures::text FROM dataset_figures WHERE plein_id = @PleinId AND quarter_start = '2026-04-01'", new { _p.PleinId }),
            Is.EqualTo("""{"Current": {"Visits": 1}, "Metingen": "as counted"}"""), "the figures already counted stay as they were");
    }

    [Test]
    public async Task Withdrawing_without_erasure_keeps_the_metingen_on_the_card()
    {
        var visitor = await RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);
        await MeasuredVisitAsync(Db, _p, _p.SenderUserId, visitor, new DateOnly(2026, 7, 6), new Dictionary<int, short> { [_p.LeefgebiedId] = 3 });
        var sender = await SignedInAsync(_p.SenderEmail);
        var card = $"/bezoekers/{visitor.Code}";

        var first = await sender.SubmitFormAsync(card, [], card + "?handler=Instemming");
        var step = WebUtility.HtmlDecode(await first.Content.ReadAsStringAsync());
        Assert.That(step, Does.Contain("De eerdere metingen blijven bewaard"));
        var (action, fields) = InzagePageTests.ConfirmationForm(step);
        await sender.PostAsync(action, new FormUrlEncodedContent(fields));

        Assert.That(await StoredAsync(Db, visitor.Id), Has.Count.EqualTo(1));
        Assert.That(await RegisterArrange.CountAsync(Db, "meting_agreement", "visitor_id = @Id AND withdrawn_by = @SenderUserId",
            new { visitor.Id, _p.SenderUserId }), Is.EqualTo(1));
        var after = WebUtility.HtmlDecode(await sender.GetStringAsync(card));
        Assert.That(after, Does.Contain("Er worden geen nieuwe metingen vastgelegd").And.Contain("Eerdere metingen wissen…"));
    }
}
