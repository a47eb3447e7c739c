using System.Net;
using SociaalPlein.Tests.Metingen;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Registreren;

/// <summary>Metingen in the same submit as the visit at /spreekuur: agreement, one step per leefgebied, a Dutch message next to the field.</summary>
public sealed class SpreekuurMetingTests : SpreekuurPageFixture
{
    [Test]
    public async Task Agreement_and_a_step_in_the_visit_form_are_stored_with_the_visit()
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var visitor = await VisitorAsync();
        var form = VisitForm(visitor.Code, Guid.NewGuid());
        form.Add(new("Input.MetingInstemming", "true"));
        form.Add(new($"Input.Metingen[{P.LeefgebiedId}]", "2"));

        var response = await browser.SubmitFormAsync($"{Page}?bezoeker={visitor.Code}", form, Page);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await MetingArrange.StoredAsync(Db, visitor.Id), Is.EqualTo(new[] { (Today, P.LeefgebiedId, (short)2) }));
        Assert.That(await browser.GetStringAsync(Page), Does.Contain($"Bezoek van {visitor.Code} opgeslagen. De meting is vastgelegd."));
    }

    [Test]
    public async Task A_step_without_agreement_is_refused_next_to_the_agreement_and_nothing_is_stored()
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var visitor = await VisitorAsync();
        var form = VisitForm(visitor.Code, Guid.NewGuid());
        form.Add(new($"Input.Metingen[{P.LeefgebiedId}]", "3"));

        var response = await browser.SubmitFormAsync($"{Page}?bezoeker={visitor.Code}", form, Page);
        var html = await TextAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(FieldError(html, "input-metinginstemming"), Does.StartWith("Zonder instemming van de bezoeker leg je geen meting vast."));
        Assert.That(html, Does.Contain($"id=\"input-metingen-{P.LeefgebiedId}-3\" name=\"Input.Metingen[{P.LeefgebiedId}]\" value=\"3\" checked=\"checked\""),
            "the chosen step is kept");
        Assert.That(await VisitsOfAsync(visitor.Id), Is.Zero);
    }

    [Test]
    public async Task A_step_that_is_not_one_to_five_is_refused_next_to_its_group()
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var visitor = await VisitorAsync();
        var form = VisitForm(visitor.Code, Guid.NewGuid());
        form.Add(new("Input.MetingInstemming", "true"));
        form.Add(new($"Input.Metingen[{P.LeefgebiedId}]", "9"));

        var html = await TextAsync(await browser.SubmitFormAsync($"{Page}?bezoeker={visitor.Code}", form, Page));

        Assert.That(FieldError(html, $"input-metingen-{P.LeefgebiedId}"), Is.EqualTo("Kies een stap van 1 tot en met 5."));
        Assert.That(await VisitsOfAsync(visitor.Id), Is.Zero);
    }

    [Test]
    public async Task The_form_offers_no_step_on_a_health_leefgebied_while_the_plein_has_them_off()
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var visitor = await VisitorAsync();
        var mental = await MetingArrange.LeefgebiedAsync(Db, "geestelijke_gezondheid");

        var html = await browser.GetStringAsync($"{Page}?bezoeker={visitor.Code}");

        Assert.That(html, Does.Contain($"data-meting-for=\"{P.LeefgebiedId}\""));
        Assert.That(html, Does.Not.Contain($"data-meting-for=\"{mental}\""));
        Assert.That(WebUtility.HtmlDecode(html), Does.Contain("De gezondheidsleefgebieden worden op dit plein niet gemeten."));
    }
}
