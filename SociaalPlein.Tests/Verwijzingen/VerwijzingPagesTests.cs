using System.Net;
using Dapper;
using System.Text.RegularExpressions;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Jobs;

namespace SociaalPlein.Tests.Verwijzingen;

/// <summary>/verwijzingen, /verwijzingen/nieuw and /verwijzingen/{id} through the real app, as a browser uses them.</summary>
public sealed partial class VerwijzingPagesTests : AppFixture
{
    RegisterPlein _p = null!;
    static DateOnly Today => PleinTime.Today(TimeProvider.System);

    protected override async Task ArrangeAsync() => _p = await RegisterArrange.PleinAsync(Db);

    async Task<HttpClient> AsAsync(string email)
    {
        var browser = App.Browser();
        var login = await browser.LogInAsync(email, Arrange.Password);
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"login of {email}");
        return browser;
    }

    Dictionary<string, string> ValidForm(string zorgvraag = "Hulp bij het ordenen van de post") => new()
    {
        ["Input.Date"] = Today.ToString("yyyy-MM-dd"),
        ["Input.PleinId"] = _p.PleinId.ToString(),
        ["Input.From"] = Party.OfProfessional(_p.SenderId).ToString(),
        ["Input.To"] = Party.OfProfessional(_p.ReceiverId).ToString(),
        ["Input.Zorgvraag"] = zorgvraag,
        ["Input.LeefgebiedId"] = _p.LeefgebiedId.ToString(),
        ["Input.ConsentFeedback"] = "true",
    };

    static string RequestIdOn(string html) => RequestIdField().Match(html).Groups[1].Value;

    [Test]
    public async Task The_form_is_prefilled_by_naar_as_the_gids_links_it()
    {
        using var sender = await AsAsync(_p.SenderEmail);

        var toPerson = await sender.GetStringAsync($"/verwijzingen/nieuw?naar=professional-{_p.ReceiverId}");
        var toOrganisation = await sender.GetStringAsync($"/verwijzingen/nieuw?naar=organisatie-{_p.ReceiverOrganisationId}");
        var elsewhere = await sender.GetStringAsync($"/verwijzingen/nieuw?naar=professional-{_p.ElsewhereProfessionalId}");

        Assert.That(toPerson, Does.Match($"<option value=\"professional-{_p.ReceiverId}\" selected=\"selected\">"));
        Assert.That(toPerson, Does.Match($"<option value=\"professional-{_p.SenderId}\" selected=\"selected\">"), "van: the account's own entry");
        Assert.That(toPerson, Does.Match($"<option value=\"{_p.PleinId}\" selected=\"selected\">"));
        Assert.That(toPerson, Does.Contain("Geen medische gegevens: beschrijf de vraag, niet de diagnose."));
        Assert.That(toOrganisation, Does.Match($"<option value=\"organisatie-{_p.ReceiverOrganisationId}\" selected=\"selected\">"));
        Assert.That(elsewhere, Does.Contain("werkt niet bij jouw plein"));
        Assert.That(elsewhere, Does.Not.Contain($"value=\"professional-{_p.ElsewhereProfessionalId}\""));
    }

    [Test]
    public async Task A_new_referral_is_stored_and_the_browser_is_sent_to_it()
    {
        using var sender = await AsAsync(_p.SenderEmail);

        var response = await sender.SubmitFormAsync("/verwijzingen/nieuw", ValidForm("Zoekt hulp bij de belastingaangifte"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var detail = await sender.GetStringAsync(response.Headers.Location!.OriginalString);
        Assert.That(detail, Does.Contain("Zoekt hulp bij de belastingaangifte"));
        Assert.That(detail, Does.Contain("De verwijzing is verstuurd."));
        Assert.That(detail, Does.Contain("Verwijzing annuleren"), "the sender may cancel an open referral");
    }

    [Test]
    public async Task Double_submit_of_the_new_referral_form_stores_one_referral()
    {
        using var sender = await AsAsync(_p.SenderEmail);
        var requestId = RequestIdOn(await sender.GetStringAsync("/verwijzingen/nieuw"));
        var form = ValidForm();
        form["Input.RequestId"] = requestId;

        var first = await sender.SubmitFormAsync("/verwijzingen/nieuw", form);
        var second = await sender.SubmitFormAsync("/verwijzingen/nieuw", form);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(second.Headers.Location, Is.EqualTo(first.Headers.Location));
        Assert.That(await RegisterArrange.CountAsync(Db, "referral", "request_id = @id::uuid", new { id = requestId }), Is.EqualTo(1));
    }

    [TestCase("Input.Zorgvraag", "🙂a", "Beschrijf de zorgvraag in een paar woorden")]
    [TestCase("Input.Category", "🙂", "Een categorie is 2 tot 60 tekens")]
    public async Task Emoji_are_counted_as_one_character_so_a_too_short_value_is_a_message_not_an_error_page(string field, string value, string message)
    {
        using var sender = await AsAsync(_p.SenderEmail);
        var form = ValidForm("emoji");
        form[field] = value;
        var before = await RegisterArrange.CountAsync(Db, "referral");

        var response = await sender.SubmitFormAsync("/verwijzingen/nieuw", form);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), Does.Contain(message));
        Assert.That(await RegisterArrange.CountAsync(Db, "referral"), Is.EqualTo(before));
    }

    [Test]
    public async Task Bad_input_keeps_the_values_with_a_dutch_message_next_to_each_field_and_stores_nothing()
    {
        using var sender = await AsAsync(_p.SenderEmail);
        var form = ValidForm("ok");
        form["Input.LeefgebiedId"] = "";
        form["Input.Visitor"] = "B-12";
        form["Input.Category"] = "Administratie & post";
        form["Input.ContactName"] = "Fatima el Amrani";
        var before = await RegisterArrange.CountAsync(Db, "referral");

        var response = await sender.SubmitFormAsync("/verwijzingen/nieuw", form);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Contain("De verwijzing is nog niet verstuurd"));
        foreach (var message in new[]
                 {
                     "Beschrijf de zorgvraag in een paar woorden", "Kies het leefgebied waar de vraag over gaat.",
                     "Een bezoekerscode ziet eruit als B-K7QM-4XRA", "Naam en telefoon bewaren we alleen met toestemming",
                 })
            Assert.That(html, Does.Contain(message));
        Assert.That(html, Does.Contain("id=\"zorgvraag-fout\" class=\"field-error field-validation-error\""));
        Assert.That(html, Does.Contain("value=\"B-12\""));
        Assert.That(html, Does.Contain("value=\"Administratie & post\""));
        Assert.That(html, Does.Contain("value=\"Fatima el Amrani\""));
        Assert.That(html, Does.Match($"<option value=\"professional-{_p.ReceiverId}\" selected=\"selected\">"));
        Assert.That(await RegisterArrange.CountAsync(Db, "referral"), Is.EqualTo(before));
    }

    [Test]
    public async Task A_receiver_outside_the_plein_is_refused_next_to_the_field()
    {
        using var sender = await AsAsync(_p.SenderEmail);
        var form = ValidForm();
        form["Input.To"] = Party.OfProfessional(_p.InactiveProfessionalId).ToString();

        var html = WebUtility.HtmlDecode(await (await sender.SubmitFormAsync("/verwijzingen/nieuw", form)).Content.ReadAsStringAsync());

        Assert.That(html, Does.Match("id=\"naar-fout\"[^>]*>Deze professional staat niet \\(meer\\) actief in de gids."));
    }

    async Task<int> ElsewhereReferralAsync() => await ReferralArrange.ReferralAsync(Db, _p, _p.Referral(Today) with
    {
        From = Party.OfProfessional(_p.ElsewhereProfessionalId), To = Party.OfOrganisation(_p.OrganisationElsewhereId),
    }, userId: _p.OtherProfessionalUserId, pleinId: _p.OtherPleinId);

    [Test]
    public async Task Another_pleins_referral_is_not_found_for_professional_and_projectleider_but_open_to_the_beheerder()
    {
        var id = await ElsewhereReferralAsync();

        foreach (var (email, expected) in new[]
                 {
                     (_p.SenderEmail, HttpStatusCode.NotFound), (_p.ProjectleiderEmail, HttpStatusCode.NotFound),
                     (_p.BeheerderEmail, HttpStatusCode.OK), (_p.OtherProjectleiderEmail, HttpStatusCode.OK),
                 })
        {
            using var browser = await AsAsync(email);
            Assert.That((await browser.GetAsync($"/verwijzingen/{id}")).StatusCode, Is.EqualTo(expected), email);
        }
    }

    [Test]
    public async Task An_unrelated_professional_of_the_same_plein_gets_not_found_also_for_a_step()
    {
        var id = await ReferralArrange.ReferralAsync(Db, _p, _p.Referral(Today));
        using var bystander = await AsAsync(_p.BystanderEmail);
        using var receiver = await AsAsync(_p.ReceiverEmail);
        var receiverPage = $"/verwijzingen/{id}";

        Assert.That((await bystander.GetAsync(receiverPage)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        // The bystander posts a form of a page they could open (their own list) to the referral's address.
        var step = await bystander.SubmitFormAsync("/verwijzingen/nieuw", StepForm(ReferralStatus.Geaccepteerd), $"{receiverPage}?handler=status");
        Assert.That(step.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await ReferralArrange.StatusAsync(Db, id), Is.EqualTo(ReferralStatus.Verzonden));
        Assert.That((await receiver.GetAsync(receiverPage)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    static Dictionary<string, string> StepForm(string to, string from = ReferralStatus.Verzonden) => new()
    {
        ["Input.From"] = from, ["Input.To"] = to,
    };

    [Test]
    public async Task The_receiver_takes_a_step_on_the_page_and_the_sender_sees_it_in_the_history()
    {
        var id = await ReferralArrange.ReferralAsync(Db, _p, _p.Referral(Today));
        using var receiver = await AsAsync(_p.ReceiverColleagueEmail);
        using var sender = await AsAsync(_p.SenderEmail);
        var page = $"/verwijzingen/{id}";

        var refused = await receiver.SubmitFormAsync(page, StepForm(ReferralStatus.Afgewezen), $"{page}?handler=status");
        var refusedHtml = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        var byTheSender = await sender.SubmitFormAsync(page, StepForm(ReferralStatus.Geaccepteerd), $"{page}?handler=status");
        var accepted = await receiver.SubmitFormAsync(page, StepForm(ReferralStatus.Geaccepteerd).With("Input.Note", "Ik bel haar morgen"),
            $"{page}?handler=status");

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(refusedHtml, Does.Contain("Kies een reden."));
        Assert.That(refusedHtml, Does.Contain("<details class=\"step step-afgewezen\" open=\"open\">"));
        Assert.That(byTheSender.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var senderView = WebUtility.HtmlDecode(await sender.GetStringAsync(page));
        Assert.That(senderView, Does.Contain("Status:</span> Geaccepteerd"));
        Assert.That(senderView, Does.Contain("Ik bel haar morgen"), "the visitor consented to feedback");
    }

    [Test]
    public async Task Each_view_of_a_referral_is_audited_with_the_visitors_code()
    {
        var visitor = await RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);
        var id = await ReferralArrange.ReferralAsync(Db, _p, _p.Referral(Today), visitorId: visitor.Id);
        using var receiver = await AsAsync(_p.ReceiverEmail);
        const string viewed = "action = 'referral.view' AND object_id = @id AND subject = @Code AND user_id = @ReceiverUserId";
        var args = new { id = id.ToString(), visitor.Code, _p.ReceiverUserId };

        await receiver.GetStringAsync($"/verwijzingen/{id}");
        await receiver.GetStringAsync($"/verwijzingen/{id}");

        Assert.That(await RegisterArrange.CountAsync(Db, "audit_log", viewed, args), Is.EqualTo(2));
    }

    [Test]
    public async Task Telling_whether_a_visitor_code_exists_is_audited_as_a_lookup_found_or_not()
    {
        var elsewhere = await RegisterArrange.VisitorAsync(Db, _p.OtherProfessionalUserId, _p.OtherPleinId, Today);
        using var sender = await AsAsync(_p.SenderEmail);
        var form = ValidForm("Zoekt iemand die eenmalig met de boodschappen helpt");
        form["Input.Visitor"] = elsewhere.Code;

        var html = WebUtility.HtmlDecode(await (await sender.SubmitFormAsync("/verwijzingen/nieuw", form)).Content.ReadAsStringAsync());

        Assert.That(html, Does.Contain("Er is geen bezoeker met deze code bij jouw plein."));
        Assert.That(await RegisterArrange.CountAsync(Db, "audit_log",
            "action = 'visitor.lookup' AND outcome = 'refused' AND subject = @Code AND user_id = @SenderUserId",
            new { elsewhere.Code, _p.SenderUserId }), Is.EqualTo(1));
        Assert.That(await RegisterArrange.CountAsync(Db, "referral", "zorgvraag = 'Zoekt iemand die eenmalig met de boodschappen helpt'"), Is.Zero);
    }

    [Test]
    public async Task A_stale_form_says_someone_else_was_first()
    {
        var id = await ReferralArrange.ReferralAsync(Db, _p, _p.Referral(Today));
        await ReferralArrange.SetStatusAsync(Db, id, ReferralStatus.Geaccepteerd);
        using var receiver = await AsAsync(_p.ReceiverEmail);

        var response = await receiver.SubmitFormAsync($"/verwijzingen/{id}", StepForm(ReferralStatus.Geaccepteerd), $"/verwijzingen/{id}?handler=status");

        Assert.That(WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), Does.Contain("Iemand anders heeft deze verwijzing intussen bijgewerkt"));
    }

    [Test]
    public async Task Contact_details_show_only_on_a_consented_referral_to_its_sides_and_the_projectleider_and_each_view_is_audited()
    {
        var visitor = await RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);
        var shared = await ReferralArrange.ReferralAsync(Db, _p, _p.Referral(Today) with
        {
            ConsentShareContact = true, Contact = new ContactDraft("Fatima el Amrani", "06 1234 5678"),
        }, visitorId: visitor.Id);
        var notShared = await ReferralArrange.ReferralAsync(Db, _p, _p.Referral(Today), visitorId: visitor.Id);
        string audited = "action = 'visitor_contact.view' AND subject = @Code";

        foreach (var (email, id, sees) in new[]
                 {
                     (_p.ReceiverEmail, shared, true), (_p.SenderEmail, shared, true), (_p.SenderEmail, notShared, false),
                     (_p.ReceiverEmail, notShared, false), (_p.ProjectleiderEmail, shared, true),
                 })
        {
            using var browser = await AsAsync(email);
            var before = await RegisterArrange.CountAsync(Db, "audit_log", audited, new { visitor.Code });
            var html = await browser.GetStringAsync($"/verwijzingen/{id}");
            Assert.That(html.Contains("Fatima el Amrani"), Is.EqualTo(sees), $"{email} on {id}");
            Assert.That(await RegisterArrange.CountAsync(Db, "audit_log", audited, new { visitor.Code }), Is.EqualTo(before + (sees ? 1 : 0)));
        }
    }

    [Test]
    public async Task The_lists_show_the_tabs_a_role_has_and_the_inkomend_rows()
    {
        await ReferralArrange.ReferralAsync(Db, _p, _p.Referral(Today, "Vraagt hulp bij het invullen van formulieren", spoed: true));
        using var receiver = await AsAsync(_p.ReceiverEmail);
        using var projectleider = await AsAsync(_p.ProjectleiderEmail);

        var inkomend = WebUtility.HtmlDecode(await receiver.GetStringAsync("/verwijzingen"));
        var alleAsProfessional = WebUtility.HtmlDecode(await receiver.GetStringAsync("/verwijzingen?tab=alle&status=onzin&van=gisteren&pagina=abc"));
        var alle = WebUtility.HtmlDecode(await projectleider.GetStringAsync("/verwijzingen?tab=alle"));

        Assert.That(inkomend, Does.Contain("Vraagt hulp bij het invullen van formulieren"));
        Assert.That(inkomend, Does.Contain("badge-spoed"));
        Assert.That(inkomend, Does.Not.Contain("tab=alle"));
        Assert.That(alleAsProfessional, Does.Contain("Die lijst bestaat niet"));
        Assert.That(alleAsProfessional, Does.Contain("Het statusfilter had een onbekende waarde"));
        Assert.That(alleAsProfessional, Does.Contain("De datum 'van' is niet geldig"));
        Assert.That(alle, Does.Contain("Vraagt hulp bij het invullen van formulieren"));
        Assert.That(alle, Does.Contain("aria-current=\"page\">Alle verwijzingen van het plein"));
    }

    [Test]
    public async Task A_list_too_large_to_show_in_time_answers_in_Dutch_with_a_narrower_link_not_an_error()
    {
        using var projectleider = await AsAsync(_p.ProjectleiderEmail);
        // Held elsewhere, the lock keeps the list waiting until its own statement timeout gives up, as a list too large would.
        await using var blocker = await Db.DataSource.OpenConnectionAsync();
        await using var tx = await blocker.BeginTransactionAsync();
        await blocker.ExecuteAsync("LOCK TABLE referral IN ACCESS EXCLUSIVE MODE", transaction: tx);

        using var response = await projectleider.GetAsync("/verwijzingen?tab=alle&status=afgerond");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Contain("Deze selectie is te groot om snel te tonen."));
        Assert.That(html, Does.Contain($"/verwijzingen?tab=alle&status=afgerond&van={Today.AddDays(-30):yyyy-MM-dd}&tot={Today:yyyy-MM-dd}"));
    }

    [Test]
    public async Task Each_view_of_a_list_with_zorgvragen_is_audited_once_naming_the_referrals_it_showed()
    {
        var shown = await ReferralArrange.ReferralAsync(Db, _p, _p.Referral(Today, "Vraagt hulp bij het aanvragen van toeslagen"));
        using var receiver = await AsAsync(_p.ReceiverEmail);
        const string listed = "action = 'referral.list' AND user_id = @ReceiverUserId AND detail->'referrals' @> to_jsonb(@shown)";
        var args = new { _p.ReceiverUserId, shown };

        var html = WebUtility.HtmlDecode(await receiver.GetStringAsync("/verwijzingen"));
        await receiver.GetStringAsync("/verwijzingen?tab=uitgaand");

        Assert.That(html, Does.Contain("Vraagt hulp bij het aanvragen van toeslagen"));
        Assert.That(await RegisterArrange.CountAsync(Db, "audit_log", listed, args), Is.EqualTo(1), "the inkomend view names it, uitgaand does not");
        Assert.That(await RegisterArrange.CountAsync(Db, "audit_log", "action = 'referral.list' AND user_id = @ReceiverUserId", args), Is.EqualTo(2));
    }

    [Test]
    public void Verwijzing_meldingen_is_registered_every_minute()
    {
        using var connection = App.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = connection.GetRecurringJobs().Single(j => j.Id == VerwijzingMeldingJob.Id);

        Assert.That(job.Cron, Is.EqualTo("* * * * *"));
        Assert.That(job.Job.Type, Is.EqualTo(typeof(VerwijzingMeldingJob)));
    }

    [GeneratedRegex("name=\"Input.RequestId\" value=\"([^\"]+)\"")]
    private static partial Regex RequestIdField();
}

static class FormExtensions
{
    public static Dictionary<string, string> With(this Dictionary<string, string> form, string key, string value)
    {
        form[key] = value;
        return form;
    }
}
