using System.Net;
using SociaalPlein.Data.Metingen;
using SociaalPlein.Tests.Bezoekers;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Metingen;

/// <summary>/beheer/metingen: the steps' words and the pleinen's switches, audited; the health leefgebieden only after a confirmation.</summary>
public sealed class MetingBeheerTests : BezoekersAppFixture
{
    const string Page = "/beheer/metingen";
    RegisterPlein _p = null!;

    protected override async Task ArrangeAsync() => _p = await RegisterArrange.PleinAsync(Db);

    [Test]
    public async Task Switching_the_health_leefgebieden_on_asks_a_confirmation_first_and_is_audited()
    {
        var beheerder = await SignedInAsync(_p.BeheerderEmail);
        var form = new Dictionary<string, string> { ["plein"] = _p.PleinId.ToString(), ["gezondheid"] = "true", ["maanden"] = "3" };

        var first = await beheerder.SubmitFormAsync(Page, form, Page + "?handler=Plein");
        var step = WebUtility.HtmlDecode(await first.Content.ReadAsStringAsync());

        Assert.That(step, Does.Contain("gezondheidsgegeven (AVG artikel 9").And.Contain("Gezondheidsleefgebieden aanzetten"));
        Assert.That(await HealthOnAsync(), Is.False, "the first step changes nothing");

        var (action, fields) = InzagePageTests.ConfirmationForm(step);
        var confirmed = await beheerder.PostAsync(action, new FormUrlEncodedContent(fields));

        Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await HealthOnAsync(), Is.True);
        Assert.That(await RegisterArrange.CountAsync(Db, "audit_log",
            "action = @SettingsAction AND plein_id = @PleinId AND (detail ->> 'health_enabled')::boolean",
            new { MetingScale.SettingsAction, _p.PleinId }), Is.EqualTo(1));
    }

    [Test]
    public async Task A_follow_up_of_zero_months_is_refused_next_to_the_field()
    {
        var beheerder = await SignedInAsync(_p.BeheerderEmail);

        var response = await beheerder.SubmitFormAsync(Page,
            new Dictionary<string, string> { ["plein"] = _p.OtherPleinId.ToString(), ["maanden"] = "0" }, Page + "?handler=Plein");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(html, Does.Contain($"<span id=\"maanden-fout-{_p.OtherPleinId}\" class=\"field-error\">Vul een aantal maanden in van 1 tot en met 24.</span>"));
        Assert.That(await RegisterArrange.CountAsync(Db, "plein_meting", "plein_id = @OtherPleinId", new { _p.OtherPleinId }), Is.Zero);
    }

    [Test]
    public async Task A_step_named_like_another_is_refused_next_to_it_and_nothing_is_stored()
    {
        var beheerder = await SignedInAsync(_p.BeheerderEmail);
        var steps = await new MetingScale(Db.DataSource).StepsAsync();
        var form = steps.SelectMany(s => new[]
        {
            new KeyValuePair<string, string>($"label-{s.Step}", s.Step == 2 ? steps[0].Label : s.Label),
            new KeyValuePair<string, string>($"beschrijving-{s.Step}", s.Description),
        });

        var response = await beheerder.SubmitFormAsync(Page, form, Page + "?handler=Stappen");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(html, Does.Contain("<span id=\"stap-fout-2\" class=\"field-error\">Stap 2 heeft dezelfde naam als een andere stap.</span>"));
        Assert.That((await new MetingScale(Db.DataSource).StepsAsync()).Select(s => s.Label), Is.EqualTo(steps.Select(s => s.Label)));
    }

    async Task<bool> HealthOnAsync() =>
        await RegisterArrange.CountAsync(Db, "plein_meting", "plein_id = @PleinId AND health_enabled", new { _p.PleinId }) == 1;
}
