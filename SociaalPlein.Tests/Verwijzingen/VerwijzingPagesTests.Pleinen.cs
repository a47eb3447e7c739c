using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Pages.Verwijzingen;

namespace SociaalPlein.Tests.Verwijzingen;

// The new-referral form of an account with several pleinen (a beheerder works at every one): its Van and Naar lists
// hold one plein's parties, after the plein is chosen; a region's parties in one page were 3.9 MB.
public sealed partial class VerwijzingPagesTests
{
    [Test]
    public async Task With_several_pleinen_and_none_chosen_the_lists_are_empty_with_a_dutch_hint_to_choose_the_plein()
    {
        using var beheerder = await AsAsync(_p.BeheerderEmail);

        var html = WebUtility.HtmlDecode(await beheerder.GetStringAsync("/verwijzingen/nieuw"));

        Assert.That(Parties(html, "Input_From"), Is.Empty);
        Assert.That(Parties(html, "Input_To"), Is.Empty);
        Assert.That(html, Does.Contain($"<p id=\"partijen-hint\" class=\"hint\">{NieuwModel.ChoosePleinFirst}</p>"), "the hint shows");
        Assert.That(html, Does.Not.Match("<option value=\"\\d+\" selected=\"selected\">"),
            "no plein is chosen for the beheerder");
        Assert.That(html, Does.Contain("<option value=\"eigen\">"), "eigen initiatief needs no plein");
    }

    [Test]
    public async Task Choosing_the_plein_by_address_lists_only_that_pleins_parties()
    {
        using var beheerder = await AsAsync(_p.BeheerderEmail);

        foreach (var plein in new[] { _p.PleinId, _p.OtherPleinId })
        {
            var html = await beheerder.GetStringAsync($"/verwijzingen/nieuw?plein={plein}");
            var expected = await RegisterArrange.PartiesAtAsync(Db, plein);

            Assert.That(Parties(html, "Input_To"), Is.EquivalentTo(expected), $"naar at plein {plein}");
            Assert.That(Parties(html, "Input_From"), Is.EquivalentTo(expected), $"van at plein {plein}");
            Assert.That(html, Does.Match($"<option value=\"{plein}\" selected=\"selected\">"));
            Assert.That(html, Does.Contain("<p id=\"partijen-hint\" class=\"hint\" hidden=\"hidden\">"), "no hint once chosen");
        }
        var here = Parties(await beheerder.GetStringAsync($"/verwijzingen/nieuw?plein={_p.PleinId}"), "Input_To");
        Assert.That(here, Does.Contain(Party.OfProfessional(_p.ReceiverId).ToString()).And.Contain(Party.OfOrganisation(_p.ReceiverOrganisationId).ToString()));
        Assert.That(here, Does.Not.Contain(Party.OfProfessional(_p.ElsewhereProfessionalId).ToString())
            .And.Not.Contain(Party.OfOrganisation(_p.OrganisationElsewhereId).ToString()).And.Not.Contain(Party.OfProfessional(_p.InactiveProfessionalId).ToString()));
    }

    [Test]
    public async Task An_account_of_two_pleinen_chooses_the_plein_first_and_one_of_one_plein_sees_its_lists_straight_away()
    {
        var email = $"twee-pleinen-{Guid.NewGuid():N}@register.test";
        await Arrange.UserAsync(Db, email, "professional", [_p.PleinId, _p.OtherPleinId]);
        using var two = await AsAsync(email);
        using var one = await AsAsync(_p.SenderEmail);

        var twoPleinen = WebUtility.HtmlDecode(await two.GetStringAsync("/verwijzingen/nieuw"));
        var onePlein = WebUtility.HtmlDecode(await one.GetStringAsync("/verwijzingen/nieuw"));

        Assert.That(Parties(twoPleinen, "Input_To"), Is.Empty);
        Assert.That(twoPleinen, Does.Contain(NieuwModel.ChoosePleinFirst));
        Assert.That(Parties(onePlein, "Input_To"), Is.EquivalentTo(await RegisterArrange.PartiesAtAsync(Db, _p.PleinId)));
        Assert.That(onePlein, Does.Not.Contain(NieuwModel.ChoosePleinFirst));
        Assert.That(onePlein, Does.Not.Contain("Toon de keuzes van dit plein"), "one plein: nothing to choose");
    }

    [Test]
    public async Task Without_javascript_the_plein_button_shows_the_chosen_pleins_lists_with_everything_typed_kept_and_stores_nothing()
    {
        using var beheerder = await AsAsync(_p.BeheerderEmail);
        var form = ValidForm("Wil hulp bij een betalingsregeling voor de huur");
        form["Input.From"] = "eigen";
        form["Input.Category"] = "Huur & schulden";
        form["Input.Spoed"] = "true";
        var before = await RegisterArrange.CountAsync(Db, "referral");

        var response = await beheerder.SubmitFormAsync("/verwijzingen/nieuw", form, "/verwijzingen/nieuw?handler=Plein");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Parties(html, "Input_To"), Is.EquivalentTo(await RegisterArrange.PartiesAtAsync(Db, _p.PleinId)));
        Assert.That(html, Does.Match($"<option value=\"professional-{_p.ReceiverId}\" selected=\"selected\">"), "the receiver stays chosen");
        Assert.That(html, Does.Match("<option value=\"eigen\" selected=\"selected\">"));
        Assert.That(html, Does.Match(">\\s*Wil hulp bij een betalingsregeling voor de huur</textarea>"));
        Assert.That(html, Does.Contain("value=\"Huur & schulden\""));
        Assert.That(html, Does.Match("name=\"Input.Spoed\"[^>]*checked=\"checked\"|checked=\"checked\"[^>]*name=\"Input.Spoed\""));
        Assert.That(html, Does.Not.Contain("De verwijzing is nog niet verstuurd"), "nothing is checked yet");
        Assert.That(html, Does.Contain("<noscript><button type=\"submit\" class=\"button secondary\" formaction=\"/verwijzingen/nieuw?handler=Plein\">"));
        Assert.That(await RegisterArrange.CountAsync(Db, "referral"), Is.EqualTo(before));
    }

    [Test]
    public async Task A_party_of_another_plein_is_refused_with_a_dutch_message_and_nothing_is_stored()
    {
        using var beheerder = await AsAsync(_p.BeheerderEmail);
        var toPerson = ValidForm().With("Input.From", "eigen").With("Input.To", Party.OfProfessional(_p.ElsewhereProfessionalId).ToString());
        var toOrganisation = ValidForm().With("Input.From", "eigen").With("Input.To", Party.OfOrganisation(_p.OrganisationElsewhereId).ToString());
        var before = await RegisterArrange.CountAsync(Db, "referral");

        var person = WebUtility.HtmlDecode(await (await beheerder.SubmitFormAsync("/verwijzingen/nieuw", toPerson)).Content.ReadAsStringAsync());
        var organisation = WebUtility.HtmlDecode(await (await beheerder.SubmitFormAsync("/verwijzingen/nieuw", toOrganisation)).Content.ReadAsStringAsync());

        Assert.That(person, Does.Match("id=\"naar-fout\"[^>]*>Deze professional werkt niet bij dit plein; verwijs naar iemand van het plein."));
        Assert.That(organisation, Does.Match("id=\"naar-fout\"[^>]*>Deze organisatie werkt niet bij dit plein; verwijs naar een partner van het plein."));
        Assert.That(Parties(person, "Input_To"), Is.EquivalentTo(await RegisterArrange.PartiesAtAsync(Db, _p.PleinId)), "the form comes back with the chosen plein's lists");
        Assert.That(await RegisterArrange.CountAsync(Db, "referral"), Is.EqualTo(before));
    }

    [TestCase("geen-getal")]
    [TestCase("0")]
    [TestCase("2147483648")]
    public async Task A_plein_in_the_address_that_is_not_one_answers_the_form_to_choose_the_plein_not_an_error(string plein)
    {
        using var beheerder = await AsAsync(_p.BeheerderEmail);

        var response = await beheerder.GetAsync($"/verwijzingen/nieuw?plein={Uri.EscapeDataString(plein)}");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Parties(html, "Input_To"), Is.Empty);
        Assert.That(html, Does.Contain(NieuwModel.ChoosePleinFirst));
    }

    [Test]
    public async Task A_plein_the_account_does_not_work_at_shows_no_lists()
    {
        using var sender = await AsAsync(_p.SenderEmail);

        var html = await sender.GetStringAsync($"/verwijzingen/nieuw?plein={_p.OtherPleinId}");

        Assert.That(Parties(html, "Input_To"), Is.EquivalentTo(await RegisterArrange.PartiesAtAsync(Db, _p.PleinId)), "its own plein's lists, as without ?plein=");
        Assert.That(html, Does.Not.Contain(Party.OfProfessional(_p.ElsewhereProfessionalId).ToString()));
    }

    [Test]
    public async Task A_gids_link_opens_the_beheerders_form_at_the_receivers_plein()
    {
        using var beheerder = await AsAsync(_p.BeheerderEmail);

        var html = await beheerder.GetStringAsync($"/verwijzingen/nieuw?naar=professional-{_p.ElsewhereProfessionalId}");

        Assert.That(html, Does.Match($"<option value=\"{_p.OtherPleinId}\" selected=\"selected\">"));
        Assert.That(html, Does.Match($"<option value=\"professional-{_p.ElsewhereProfessionalId}\" selected=\"selected\">"));
        Assert.That(Parties(html, "Input_To"), Is.EquivalentTo(await RegisterArrange.PartiesAtAsync(Db, _p.OtherPleinId)));
    }

    /// <summary>The party values (professional-12, organisatie-4) the select with this id offers.</summary>
    static string[] Parties(string html, string selectId)
    {
        var select = Regex.Match(html, $"<select[^>]*id=\"{selectId}\".*?</select>", RegexOptions.Singleline);
        Assert.That(select.Success, $"the form has the {selectId} list");
        return Regex.Matches(select.Value, "<option value=\"((?:professional|organisatie)-\\d+)\"").Select(m => m.Groups[1].Value).ToArray();
    }
}
