using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using SociaalPlein.Data.Registreren;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Support;
using static SociaalPlein.Tests.Bezoekers.BezoekersArrange;

namespace SociaalPlein.Tests.Bezoekers;

/// <summary>
/// Need to know that no one can grant themselves: registering something for a visitor shows one's own entries only; the
/// rest of the history opens by a deliberate step with a reason, audited and listed for the projectleider (/toezicht).
/// </summary>
public sealed partial class VisitorHistoryOpeningTests : BezoekersAppFixture
{
    const string Zorgvraag = "Wil graag meedoen aan een wandelgroep";
    const string ContactName = "Fatima el Amrani";

    RegisterPlein _p = null!;

    protected override async Task ArrangeAsync() => _p = await RegisterArrange.PleinAsync(Db);

    /// <summary>A visitor with the sender's visit and referral (with consent and contact), and the bystander's own visit.</summary>
    async Task<(VisitorSummary Visitor, int SendersVisit, int SendersReferral, int OwnVisit)> ColleaguesVisitorAsync()
    {
        var visitor = await RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);
        var sendersVisit = await VisitAsync(Db, _p, _p.SenderUserId, visitor, Today.AddDays(-20), [_p.OtherLeefgebiedId]);
        var sendersReferral = await ReferralAsync(Db, _p.SenderUserId, _p.PleinId, visitor,
            _p.Referral(Today.AddDays(-20), Zorgvraag).WithContact(ContactName, "06 1234 5678"));
        // The bystander finds the visitor by code at the desk and registers a (backdated) visit for them.
        var ownVisit = await VisitAsync(Db, _p, _p.BystanderUserId, visitor, Today.AddDays(-30), [_p.LeefgebiedId]);
        return (visitor, sendersVisit, sendersReferral, ownVisit);
    }

    static List<int> Ids(string html, string kind) =>
        Regex.Matches(html, $"data-{kind}-id=\"(\\d+)\"").Select(m => int.Parse(m.Groups[1].Value)).ToList();

    Task<HttpResponseMessage> OpenAsync(HttpClient browser, string code, string reason) =>
        browser.SubmitFormAsync($"/bezoekers/{code}", new Dictionary<string, string> { ["Reden"] = reason }, $"/bezoekers/{code}?handler=Openen");

    async Task<long> OpeningsAsync(int userId, int visitorId) => await Db.DataSource.OpenConnection().ExecuteScalarAsync<long>(
        "SELECT count(*) FROM visitor_history_opening WHERE user_id = @userId AND visitor_id = @visitorId", new { userId, visitorId });

    [Test]
    public async Task Registering_a_visit_for_a_visitor_shows_only_ones_own_entries_on_the_card()
    {
        var (visitor, sendersVisit, sendersReferral, ownVisit) = await ColleaguesVisitorAsync();
        using var browser = await SignedInAsync(_p.BystanderEmail);

        var html = await browser.GetStringAsync($"/bezoekers/{visitor.Code}");

        Assert.That(Ids(html, "visit"), Is.EqualTo(new[] { ownVisit }));
        Assert.That(Ids(html, "referral"), Is.Empty, $"not the colleague's referral {sendersReferral}");
        Assert.That(html, Does.Not.Contain(Zorgvraag).And.Not.Contain(ContactName));
        Assert.That(html, Does.Contain("Hele geschiedenis openen"));
        Assert.That(sendersVisit, Is.Not.EqualTo(ownVisit));
    }

    [TestCase("", "minstens 10 tekens")]
    [TestCase("even kijk", "minstens 10 tekens")]
    public async Task Opening_without_a_real_reason_is_refused_next_to_the_field_and_stores_nothing(string reason, string message)
    {
        var (visitor, _, _, ownVisit) = await ColleaguesVisitorAsync();
        using var browser = await SignedInAsync(_p.BystanderEmail);

        var response = await OpenAsync(browser, visitor.Code, reason);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Contain(message));
        Assert.That(Ids(html, "visit"), Is.EqualTo(new[] { ownVisit }), "still only the own entries");
        Assert.That(await OpeningsAsync(_p.BystanderUserId, visitor.Id), Is.Zero);
    }

    [Test]
    public async Task Opening_with_a_reason_shows_the_colleagues_entries_without_zorgvraag_or_contact_and_is_audited()
    {
        var (visitor, sendersVisit, sendersReferral, ownVisit) = await ColleaguesVisitorAsync();
        using var browser = await SignedInAsync(_p.BystanderEmail);

        var opened = await OpenAsync(browser, visitor.Code, "Gezamenlijk plan met het wijkteam voorbereiden");
        var html = await browser.GetStringAsync($"/bezoekers/{visitor.Code}");

        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(Ids(html, "visit"), Is.EquivalentTo(new[] { ownVisit, sendersVisit }));
        Assert.That(Ids(html, "referral"), Is.EqualTo(new[] { sendersReferral }));
        Assert.That(html, Does.Contain("Huisvesting").And.Contain("Bram Ontvanger"), "the colleague's leefgebied and where referred");
        Assert.That(html, Does.Not.Contain(Zorgvraag).And.Not.Contain(ContactName).And.Not.Contain("1234 5678"));
        Assert.That(html, Does.Not.Contain($"href=\"/verwijzingen/{sendersReferral}\""), "the referral itself stays closed");
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var entry = await conn.QuerySingleAsync<(string Subject, string Outcome, long Opening)>("""
            SELECT subject, outcome, (detail ->> 'opening')::bigint FROM audit_log
            WHERE action = 'visitor.history_opened' AND user_id = @BystanderUserId AND subject = @Code
            """, new { _p.BystanderUserId, visitor.Code });
        var reason = await conn.ExecuteScalarAsync<string>("SELECT reason FROM visitor_history_opening WHERE id = @Opening", new { entry.Opening });
        Assert.That((entry.Subject, entry.Outcome, reason), Is.EqualTo((visitor.Code, "allowed", "Gezamenlijk plan met het wijkteam voorbereiden")));
        Assert.That(await conn.ExecuteScalarAsync<string>("""
            SELECT detail ->> 'history' FROM audit_log WHERE action = 'visitor.view' AND user_id = @BystanderUserId AND subject = @Code
            ORDER BY id DESC LIMIT 1
            """, new { _p.BystanderUserId, visitor.Code }), Is.EqualTo("whole"), "the view after opening says so");
    }

    [Test]
    public async Task A_professional_who_may_not_see_the_visitor_cannot_open_their_history()
    {
        var visitor = await RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);
        using var sender = await SignedInAsync(_p.SenderEmail);
        var page = await sender.GetStringAsync($"/bezoekers/{visitor.Code}");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var bystander = await SignedInAsync(_p.BystanderEmail);

        // The bystander has no entry for this visitor: the card is not found, and so is the step that would open it.
        var card = await bystander.GetAsync($"/bezoekers/{visitor.Code}");
        var open = await bystander.PostAsync($"/bezoekers/{visitor.Code}?handler=Openen", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Reden"] = "Gewoon even kijken wie dit is", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        }));

        Assert.That(card.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(open.StatusCode, Is.AnyOf(HttpStatusCode.NotFound, HttpStatusCode.BadRequest));
        Assert.That(await OpeningsAsync(_p.BystanderUserId, visitor.Id), Is.Zero);
    }

    [Test]
    public async Task The_projectleider_reviews_each_opening_per_professional_with_its_reason()
    {
        var (visitor, _, _, _) = await ColleaguesVisitorAsync();
        using (var browser = await SignedInAsync(_p.BystanderEmail))
            await OpenAsync(browser, visitor.Code, "Bewoner vraagt om een gesprek met alle hulpverleners");
        using var projectleider = await SignedInAsync(_p.ProjectleiderEmail);

        var response = await projectleider.GetAsync("/toezicht");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        Assert.That(html, Does.Contain("Bewoner vraagt om een gesprek met alle hulpverleners").And.Contain(visitor.Code));
        Assert.That(html, Does.Contain($"data-user-id=\"{_p.BystanderUserId}\""));
        Assert.That(html, Does.Contain("href=\"/toezicht\""), "in the navigation");
        using var other = await SignedInAsync(_p.OtherProjectleiderEmail);
        Assert.That(await other.GetStringAsync("/toezicht"), Does.Not.Contain(visitor.Code), "another plein's projectleider sees none of it");
    }
}
