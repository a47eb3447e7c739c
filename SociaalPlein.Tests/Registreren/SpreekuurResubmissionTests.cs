using System.Net;
using Dapper;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Registreren;

/// <summary>
/// The desk's visit form sent again with a new request id (the browser's Back fetches the form again) stores nothing
/// until "Toch opslaan"; and a visit registered by mistake is withdrawn from the visitor's card, after a confirmation.
/// </summary>
public sealed class SpreekuurResubmissionTests : SpreekuurPageFixture
{
    [Test]
    public async Task The_same_visit_submitted_again_after_back_stores_one_visit_and_referral_until_toch_opslaan()
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var visitor = await VisitorAsync();
        var form = $"{Page}?bezoeker={visitor.Code}";

        var first = await browser.SubmitFormAsync(form, VisitForm(visitor.Code, Guid.NewGuid(), Referral()));
        var again = await browser.SubmitFormAsync(form, VisitForm(visitor.Code, Guid.NewGuid(), Referral()), Page);
        var html = await TextAsync(again);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Match($@"Dit lijkt op het bezoek van {visitor.Code} die (op [^<]+ )?om \d\d:\d\d is opgeslagen\."));
        Assert.That(html, Does.Contain($"href=\"/bezoekers/{visitor.Code}\""), "a link to the visitor's card");
        Assert.That(html, Does.Contain(">Toch opslaan</button>"));
        Assert.That((await VisitsOfAsync(visitor.Id), await ReferralsOfAsync(visitor.Id)), Is.EqualTo((1L, 1L)));

        var confirmed = await browser.SubmitFormAsync(form, With(VisitForm(visitor.Code, Guid.NewGuid(), Referral()), "Input.RepeatConfirmed", "true"), Page);

        Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await VisitsOfAsync(visitor.Id), await ReferralsOfAsync(visitor.Id)), Is.EqualTo((2L, 2L)));
    }

    [Test]
    public async Task A_colleague_registering_the_same_visit_is_held_back_but_an_inloop_the_same_day_is_another_visit()
    {
        using var sender = await SignedInAsync(P.SenderEmail);
        using var colleague = await SignedInAsync(P.BystanderEmail);
        var visitor = await VisitorAsync();
        var form = $"{Page}?bezoeker={visitor.Code}";
        await sender.SubmitFormAsync(form, VisitForm(visitor.Code, Guid.NewGuid()));

        var byColleague = await colleague.SubmitFormAsync(form, VisitForm(visitor.Code, Guid.NewGuid()), Page);
        var inloop = await sender.SubmitFormAsync(form, With(VisitForm(visitor.Code, Guid.NewGuid()), "Input.Kind", "inloop"), Page);

        Assert.That(await TextAsync(byColleague), Does.Contain("Dit lijkt op het bezoek van"));
        Assert.That(inloop.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await VisitsOfAsync(visitor.Id), Is.EqualTo(2));
    }

    [Test]
    public async Task The_registrant_withdraws_a_visit_from_the_card_after_a_confirmation_with_its_open_referral()
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var visitor = await VisitorAsync();
        await browser.SubmitFormAsync($"{Page}?bezoeker={visitor.Code}", VisitForm(visitor.Code, Guid.NewGuid(), Referral()));
        var visit = await VisitIdAsync(visitor.Id);
        var card = $"/bezoekers/{visitor.Code}";
        const string withdrawn = "withdrawn_at IS NOT NULL AND visitor_id = @Id";

        var first = await browser.SubmitFormAsync(card, new Dictionary<string, string> { ["bezoek"] = visit.ToString() }, $"{card}?handler=intrekken");
        var firstHtml = await TextAsync(first);

        Assert.That(firstHtml, Does.Contain("Bezoek van 23 november 2026 (spreekuur) intrekken?"));
        Assert.That(firstHtml, Does.Contain(">Bezoek intrekken</button>").And.Contain(">Terug naar de kaart, niets intrekken</a>"));
        Assert.That(await RegisterArrange.CountAsync(Db, "visit", withdrawn, new { visitor.Id }), Is.Zero, "one POST changes nothing");

        var confirmed = await browser.SubmitFormAsync(card,
            new Dictionary<string, string> { ["bezoek"] = visit.ToString(), ["bevestigd"] = "ja", ["reden"] = "Verkeerde bezoeker gekozen" },
            $"{card}?handler=intrekken");

        Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await RegisterArrange.CountAsync(Db, "visit", withdrawn, new { visitor.Id }), Is.EqualTo(1));
        Assert.That(await RegisterArrange.CountAsync(Db, "referral", withdrawn, new { visitor.Id }), Is.EqualTo(1), "its referral, still verzonden, goes with it");
        Assert.That(await RegisterArrange.CountAsync(Db, "audit_log", "action = 'visit.withdrawn' AND object_id = @id AND subject = @Code",
            new { id = visit.ToString(), visitor.Code }), Is.EqualTo(1));
        var after = WebUtility.HtmlDecode(await browser.GetStringAsync(card));
        Assert.That(after, Does.Contain("Ingetrokken</strong> op").And.Contain("Verkeerde bezoeker gekozen"));
        Assert.That(after, Does.Match(@"Bezoeken in de laatste \d+ dagen</dt>\s*<dd>0</dd>"), "a withdrawn visit counts for nothing");
    }

    [Test]
    public async Task Only_the_registrant_may_withdraw_a_visit()
    {
        using var sender = await SignedInAsync(P.SenderEmail);
        using var projectleider = await SignedInAsync(P.ProjectleiderEmail);
        var visitor = await VisitorAsync();
        await sender.SubmitFormAsync($"{Page}?bezoeker={visitor.Code}", VisitForm(visitor.Code, Guid.NewGuid()));
        var visit = await VisitIdAsync(visitor.Id);
        var card = $"/bezoekers/{visitor.Code}";

        var refused = await projectleider.SubmitFormAsync(card,
            new Dictionary<string, string> { ["bezoek"] = visit.ToString(), ["bevestigd"] = "ja", ["reden"] = "Dubbel" }, $"{card}?handler=intrekken");

        Assert.That(await TextAsync(refused), Does.Contain("Dit bezoek kun je niet (meer) intrekken"));
        Assert.That(await RegisterArrange.CountAsync(Db, "visit", "withdrawn_at IS NOT NULL AND id = @visit", new { visit }), Is.Zero);
        Assert.That(await projectleider.GetStringAsync(card), Does.Not.Contain("Bezoek intrekken…"));
    }

    async Task<int> VisitIdAsync(int visitorId)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return await conn.QuerySingleAsync<int>("SELECT id FROM visit WHERE visitor_id = @visitorId", new { visitorId });
    }
}
