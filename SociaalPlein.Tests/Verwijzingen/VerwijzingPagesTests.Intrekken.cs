using System.Net;
using System.Text.RegularExpressions;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Verwijzingen;

// The resubmission guard of /verwijzingen/nieuw, and the confirmation steps of cancelling and withdrawing on /verwijzingen/{id}.
public sealed partial class VerwijzingPagesTests
{
    [Test]
    public async Task The_same_referral_submitted_again_after_back_is_not_stored_until_toch_opslaan()
    {
        using var sender = await AsAsync(_p.SenderEmail);
        var form = ValidForm("Hulp bij een betalingsregeling voor de huur");
        form["Input.RequestId"] = RequestIdOn(await sender.GetStringAsync("/verwijzingen/nieuw"));
        var first = await sender.SubmitFormAsync("/verwijzingen/nieuw", form);
        const string same = "zorgvraag = 'Hulp bij een betalingsregeling voor de huur'";

        // Back fetches the form again (a new request id); the browser restores what was typed.
        form["Input.RequestId"] = RequestIdOn(await sender.GetStringAsync("/verwijzingen/nieuw"));
        var again = await sender.SubmitFormAsync("/verwijzingen/nieuw", form);
        var html = WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync());

        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Match(@"Dit lijkt op de verwijzing die om \d\d:\d\d is opgeslagen\."));
        Assert.That(html, Does.Contain($"href=\"{first.Headers.Location!.OriginalString}\""), "a link to the stored one");
        Assert.That(html, Does.Contain(">Toch opslaan</button>"));
        Assert.That(await RegisterArrange.CountAsync(Db, "referral", same), Is.EqualTo(1));

        var confirmed = await sender.SubmitFormAsync("/verwijzingen/nieuw", form.With("Input.RepeatConfirmed", "true"));

        Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(confirmed.Headers.Location, Is.Not.EqualTo(first.Headers.Location));
        Assert.That(await RegisterArrange.CountAsync(Db, "referral", same), Is.EqualTo(2));
    }

    [Test]
    public async Task A_referral_to_someone_else_or_about_another_question_is_no_repeat()
    {
        using var sender = await AsAsync(_p.SenderEmail);
        await sender.SubmitFormAsync("/verwijzingen/nieuw", ValidForm("Hulp bij de aangifte inkomstenbelasting"));

        var otherReceiver = await sender.SubmitFormAsync("/verwijzingen/nieuw",
            ValidForm("Hulp bij de aangifte inkomstenbelasting").With("Input.To", Party.OfOrganisation(_p.ReceiverOrganisationId).ToString()));
        var otherQuestion = await sender.SubmitFormAsync("/verwijzingen/nieuw", ValidForm("Hulp bij de aangifte van de toeslagen"));

        Assert.That(otherReceiver.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(otherQuestion.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task Cancelling_takes_a_confirmation_step_and_one_post_without_it_changes_nothing()
    {
        var id = await ReferralArrange.ReferralAsync(Db, _p, _p.Referral(Today));
        using var sender = await AsAsync(_p.SenderEmail);
        var page = $"/verwijzingen/{id}";
        var cancel = StepForm(ReferralStatus.Geannuleerd).With("Input.Note", "Bewoner is verhuisd");

        var first = await sender.SubmitFormAsync(page, cancel, $"{page}?handler=status");
        var html = WebUtility.HtmlDecode(await first.Content.ReadAsStringAsync());

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Contain($"Verwijzing naar {ReceiverNameOn(html)} annuleren?"));
        Assert.That(html, Does.Contain(">Verwijzing annuleren</button>").And.Contain(">Terug, niet annuleren</a>"));
        Assert.That(html, Does.Contain("name=\"Input.Note\" value=\"Bewoner is verhuisd\""), "the note goes along to the second step");
        Assert.That(html, Does.Not.Contain(">Annuleren<"), "never a bare Annuleren");
        Assert.That(await ReferralArrange.StatusAsync(Db, id), Is.EqualTo(ReferralStatus.Verzonden));

        var confirmed = await sender.SubmitFormAsync(page, cancel.With("bevestigd", "ja"), $"{page}?handler=status");

        Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await ReferralArrange.StatusAsync(Db, id), Is.EqualTo(ReferralStatus.Geannuleerd));
    }

    [Test]
    public async Task The_registrant_withdraws_a_referral_with_a_reason_after_a_confirmation_and_it_shows_as_ingetrokken()
    {
        var id = await ReferralArrange.ReferralAsync(Db, _p, _p.Referral(Today, "Per ongeluk twee keer verstuurd"));
        using var sender = await AsAsync(_p.SenderEmail);
        using var receiver = await AsAsync(_p.ReceiverEmail);
        var page = $"/verwijzingen/{id}";
        const string withdrawn = "withdrawn_at IS NOT NULL AND id = @id";

        var first = await sender.SubmitFormAsync(page, [], $"{page}?handler=intrekken");
        var firstHtml = WebUtility.HtmlDecode(await first.Content.ReadAsStringAsync());
        var withoutReason = await sender.SubmitFormAsync(page, new Dictionary<string, string> { ["bevestigd"] = "ja", ["reden"] = " " },
            $"{page}?handler=intrekken");

        Assert.That(firstHtml, Does.Contain("intrekken?").And.Contain(">Verwijzing intrekken</button>").And.Contain(">Terug, niet intrekken</a>"));
        Assert.That(WebUtility.HtmlDecode(await withoutReason.Content.ReadAsStringAsync()), Does.Contain("Schrijf in een paar woorden waarom"));
        Assert.That(await RegisterArrange.CountAsync(Db, "referral", withdrawn, new { id }), Is.Zero, "nothing before a confirmed reason");

        var confirmed = await sender.SubmitFormAsync(page, new Dictionary<string, string> { ["bevestigd"] = "ja", ["reden"] = "Dubbel verstuurd" },
            $"{page}?handler=intrekken");

        Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await RegisterArrange.CountAsync(Db, "referral", withdrawn, new { id }), Is.EqualTo(1));
        Assert.That(await RegisterArrange.CountAsync(Db, "audit_log", "action = 'referral.withdrawn' AND object_id = @id AND outcome = 'allowed'",
            new { id = id.ToString() }), Is.EqualTo(1));
        var seen = WebUtility.HtmlDecode(await receiver.GetStringAsync(page));
        Assert.That(seen, Does.Contain("Status:</span> Ingetrokken").And.Contain("Reden: Dubbel verstuurd"));
        Assert.That(seen, Does.Not.Contain(ReferralStatus.ActionLabel(ReferralStatus.Geaccepteerd) + "</summary>"), "no steps on a withdrawn referral");
        var step = await receiver.SubmitFormAsync(page, StepForm(ReferralStatus.Geaccepteerd), $"{page}?handler=status");
        Assert.That(step.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await ReferralArrange.StatusAsync(Db, id), Is.EqualTo(ReferralStatus.Verzonden));
    }

    [Test]
    public async Task Only_the_registrant_withdraws_and_only_while_the_receiver_has_not_acted()
    {
        var id = await ReferralArrange.ReferralAsync(Db, _p, _p.Referral(Today, "Wordt door de ontvanger opgepakt"));
        using var sender = await AsAsync(_p.SenderEmail);
        using var receiver = await AsAsync(_p.ReceiverEmail);
        var page = $"/verwijzingen/{id}";
        var confirmed = new Dictionary<string, string> { ["bevestigd"] = "ja", ["reden"] = "Dubbel verstuurd" };

        var byReceiver = await receiver.SubmitFormAsync(page, confirmed, $"{page}?handler=intrekken");
        await ReferralArrange.SetStatusAsync(Db, id, ReferralStatus.Geaccepteerd);
        var afterAccepting = await sender.SubmitFormAsync(page, confirmed, $"{page}?handler=intrekken");

        foreach (var refused in new[] { byReceiver, afterAccepting })
            Assert.That(WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), Does.Contain(DetailModelText.NotWithdrawable));
        Assert.That(await RegisterArrange.CountAsync(Db, "referral", "withdrawn_at IS NOT NULL AND id = @id", new { id }), Is.Zero);
        Assert.That(WebUtility.HtmlDecode(await sender.GetStringAsync(page)), Does.Not.Contain("Verwijzing intrekken…"));
    }

    static string ReceiverNameOn(string html) => Regex.Match(html, "<h1>Verwijzing naar (.+?)</h1>").Groups[1].Value;
}

static class DetailModelText
{
    public const string NotWithdrawable = SociaalPlein.Web.Pages.Verwijzingen.DetailModel.NotWithdrawable;
}
