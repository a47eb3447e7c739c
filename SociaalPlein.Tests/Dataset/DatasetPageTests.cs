using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.Time.Testing;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Dataset;

/// <summary>/dataset through the real app: who may see which plein, small counts as "&lt;5", bad input answered in Dutch.</summary>
public sealed partial class DatasetPageTests : AppFixture
{
    RegisterPlein _p = null!;

    // Friday 15 May 2026, 10:00 in Amsterdam: the last completed quarter is Q1 2026, Q2 is running, Q3 is to come.
    protected override TimeProvider? Clock { get; } = new FakeTimeProvider(new DateTimeOffset(2026, 5, 15, 8, 0, 0, TimeSpan.Zero));

    const int Referrals = 3, Visits = 6;

    protected override async Task ArrangeAsync()
    {
        _p = await RegisterArrange.PleinAsync(Db);
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var visitor = await conn.ExecuteScalarAsync<int>("""
            INSERT INTO visitor (plein_id, code, birth_year, gender, first_visit_on, request_id)
            VALUES (@PleinId, 'B-2026-777777', 1958, 'man', DATE '2026-01-12', gen_random_uuid()) RETURNING id
            """, new { _p.PleinId });
        await conn.ExecuteAsync("""
            INSERT INTO visit (plein_id, visitor_id, visited_on, kind, request_id)
            SELECT @PleinId, @visitor, DATE '2026-01-12' + 7 * n, 'inloop', gen_random_uuid() FROM generate_series(1, @Visits) n;
            INSERT INTO referral (plein_id, referred_on, from_kind, from_professional_id, from_organisation_id, to_professional_id,
                                  to_organisation_id, zorgvraag, leefgebied_id, request_id)
            SELECT @PleinId, DATE '2026-02-02' + n, 'professional', @SenderId, @SenderOrganisationId, @ReceiverId,
                   @ReceiverOrganisationId, 'Hulp bij de post', @LeefgebiedId, gen_random_uuid()
            FROM generate_series(1, @Referrals) n;
            """, new { _p.PleinId, visitor, Visits, Referrals, _p.SenderId, _p.SenderOrganisationId, _p.ReceiverId,
            _p.ReceiverOrganisationId, _p.LeefgebiedId });
    }

    async Task<HttpClient> AsAsync(string email)
    {
        var browser = App.Browser();
        var login = await browser.LogInAsync(email, Arrange.Password);
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"login of {email}");
        return browser;
    }

    /// <summary>The first number cell of the row headed <paramref name="rowHeader"/>, as the HTML has it.</summary>
    static string Cell(string html, string rowHeader)
    {
        var m = Regex.Match(html, $"""<th scope="row">{Regex.Escape(rowHeader)}</th>\s*<td class="number">([^<]*)</td>""");
        Assert.That(m.Success, Is.True, $"a row '{rowHeader}'");
        return m.Groups[1].Value;
    }

    [Test]
    public async Task The_projectleider_sees_three_referrals_as_less_than_5_and_never_the_digit()
    {
        using var browser = await AsAsync(_p.ProjectleiderEmail);

        var response = await browser.GetAsync($"/dataset?plein={_p.PleinId}&kwartaal=2026-Q1");
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Cell(html, "Verwijzingen"), Is.EqualTo("&lt;5"));
        Assert.That(Cell(html, "Financiën"), Is.EqualTo("&lt;5"), "the leefgebied of all three");
        Assert.That(Cell(html, "Bezoeken"), Is.EqualTo(Visits.ToString()), "a count of 5 or more is printed as it is");
        Assert.That(html, Does.Contain("Aantallen van 1 tot en met 4 staan er als \"&lt;5\""));
        Assert.That(html, Does.Contain("Q1 2026 <span class=\"months\">(januari – maart 2026)</span>"));
        Assert.That(html, Does.Contain("Hoe tellen we?"));
    }

    [Test]
    public async Task A_hidden_count_draws_the_same_hatched_bar_whatever_its_value()
    {
        using var browser = await AsAsync(_p.ProjectleiderEmail);

        var html = await browser.GetStringAsync($"/dataset?plein={_p.PleinId}&kwartaal=2026-Q1");
        var table = Regex.Match(html, "<table[^>]*id=\"per-leefgebied\".*?</table>", RegexOptions.Singleline).Value;
        var bars = BarPattern().Matches(table).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).Distinct().ToList();

        Assert.That(bars, Is.EquivalentTo(new[] { ("bar", "0%"), ("bar bar-hidden", "100%") }));
    }

    [Test]
    public async Task Without_a_choice_the_page_shows_the_accounts_first_plein_and_the_last_completed_quarter()
    {
        using var browser = await AsAsync(_p.ProjectleiderEmail);

        var html = await browser.GetStringAsync("/dataset");

        Assert.That(html, Does.Contain($"<option value=\"{_p.PleinId}\" selected=\"selected\">"));
        Assert.That(html, Does.Contain("<option value=\"2026-Q1\" selected=\"selected\">Q1 2026 (januari – maart 2026)</option>"));
        Assert.That(html, Does.Contain("<option value=\"2026-Q2\">"), "the running quarter may be chosen");
        Assert.That(html, Does.Not.Contain("2026-Q3"), "a future quarter is not offered");
        Assert.That(Cell(html, "Verwijzingen"), Is.EqualTo("&lt;5"));
        Assert.That(html, Does.Contain("De bezoekers van Q1 2026: iedereen met een bezoek in het kwartaal."), "the PDF's words");
    }

    [Test]
    public async Task The_running_quarter_says_it_counts_up_to_today()
    {
        using var browser = await AsAsync(_p.ProjectleiderEmail);

        var html = await browser.GetStringAsync($"/dataset?plein={_p.PleinId}&kwartaal=2026-Q2");

        Assert.That(html, Does.Contain("Dit kwartaal loopt nog"));
        Assert.That(Cell(html, "Verwijzingen"), Is.EqualTo("0"));
    }

    [Test]
    public async Task A_professional_is_refused()
    {
        using var browser = await AsAsync(_p.SenderEmail);

        var response = await browser.GetAsync($"/dataset?plein={_p.PleinId}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/account/geweigerd"));
    }

    [TestCase("other")]
    [TestCase("999999")]
    [TestCase("abc")]
    [TestCase("-1")]
    public async Task Another_pleins_id_or_no_plein_at_all_is_not_found_with_the_same_message(string plein)
    {
        using var browser = await AsAsync(_p.ProjectleiderEmail);
        var id = plein == "other" ? _p.OtherPleinId.ToString() : plein;

        var response = await browser.GetAsync($"/dataset?plein={Uri.EscapeDataString(id)}&kwartaal=2026-Q1");
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(html, Does.Contain("Dat plein bestaat niet, of je mag de cijfers ervan niet zien."));
        Assert.That(html, Does.Not.Contain("Kerncijfers"));
    }

    [TestCase("2026-Q7", "Kies een kwartaal uit de lijst")]
    [TestCase("volgend jaar", "Kies een kwartaal uit de lijst")]
    [TestCase("２０２６-Q1", "Kies een kwartaal uit de lijst")]
    [TestCase("2026-Q3", "Q3 2026 is nog niet begonnen")]
    [TestCase("2100-Q4", "Q4 2100 is nog niet begonnen")]
    public async Task A_malformed_or_future_quarter_gets_a_dutch_message_next_to_the_field(string kwartaal, string message)
    {
        using var browser = await AsAsync(_p.ProjectleiderEmail);

        var response = await browser.GetAsync($"/dataset?plein={_p.PleinId}&kwartaal={Uri.EscapeDataString(kwartaal)}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(html, Does.Match($"<span id=\"kwartaal-fout\" class=\"field-error\">{Regex.Escape(message)}"));
        Assert.That(html, Does.Not.Contain("Kerncijfers"));
    }

    [Test]
    public async Task The_beheerder_may_see_any_plein()
    {
        using var browser = await AsAsync(_p.BeheerderEmail);

        var response = await browser.GetAsync($"/dataset?plein={_p.OtherPleinId}&kwartaal=2026-Q1");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Cell(await response.Content.ReadAsStringAsync(), "Verwijzingen"), Is.EqualTo("0"));
    }

    [Test]
    public async Task The_nav_offers_the_dataset_to_a_projectleider_and_not_to_a_professional()
    {
        using var projectleider = await AsAsync(_p.ProjectleiderEmail);
        using var professional = await AsAsync(_p.SenderEmail);

        Assert.That(await projectleider.GetStringAsync("/"), Does.Contain("<a href=\"/dataset\""));
        Assert.That(await professional.GetStringAsync("/"), Does.Not.Contain("<a href=\"/dataset\""));
    }

    [GeneratedRegex("<svg class=\"(bar[^\"]*)\" width=\"([^\"]+)\"")]
    private static partial Regex BarPattern();
}
