using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Registreren;

/// <summary>
/// "Geholpen door" and a referral's "Van" at the desk are typed names with a list of suggestions: a typed name is matched
/// exactly against the list, never by its first letters, and a name that fits no one, or two people, is answered.
/// </summary>
public sealed class SpreekuurNamePickTests : SpreekuurPageFixture
{
    [Test]
    public async Task A_typed_full_name_picks_that_professional_whatever_its_case_and_spacing()
    {
        using var browser = await SignedInAsync(P.ProjectleiderEmail);
        var visitor = await VisitorAsync();
        var sender = await NameAsync(P.SenderId);

        var form = With(VisitForm(visitor.Code, Guid.NewGuid(), Referral(change: ("Van", $"  {sender.ToUpperInvariant()} "))),
            "Input.HelpedBy", sender.Replace(" ", "   "));
        var response = await browser.SubmitFormAsync($"{Page}?bezoeker={visitor.Code}", form, Page);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await TextAsync(response));
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        Assert.That(await conn.QuerySingleAsync<int?>("SELECT helped_by FROM visit WHERE visitor_id = @Id", new { visitor.Id }),
            Is.EqualTo(P.SenderId));
        Assert.That(await conn.QuerySingleAsync<int?>("SELECT from_professional_id FROM referral WHERE visitor_id = @Id", new { visitor.Id }),
            Is.EqualTo(P.SenderId));
    }

    [Test]
    public async Task A_line_of_the_list_picks_its_entry_an_organisation_and_eigen_initiatief_included()
    {
        using var browser = await SignedInAsync(P.ProjectleiderEmail);
        var visitor = await VisitorAsync();
        var html = await browser.GetStringAsync($"{Page}?bezoeker={visitor.Code}");
        var van = Options(html, "van-lijst");
        var helpedBy = Options(html, "geholpen-door-lijst");
        var organisation = van.Single(o => o.EndsWith("(de organisatie)") && o.StartsWith("Schuldhulp"));
        var colleague = helpedBy.Single(o => o.StartsWith("Carla Collega"));

        var form = With(VisitForm(visitor.Code, Guid.NewGuid(), Referral(change: ("Van", organisation)),
                Referral("Wil graag meedoen aan een wandelgroep", ("Van", "Eigen initiatief van de bezoeker"))),
            "Input.HelpedBy", colleague);
        var response = await browser.SubmitFormAsync($"{Page}?bezoeker={visitor.Code}", form, Page);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await TextAsync(response));
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var froms = (await conn.QueryAsync<(string Kind, int? Organisation)>(
            "SELECT from_kind, from_organisation_id FROM referral WHERE visitor_id = @Id ORDER BY id", new { visitor.Id })).ToList();
        Assert.That(froms, Is.EqualTo(new[] { ("organisation", (int?)P.ReceiverOrganisationId), ("eigen_initiatief", (int?)null) }));
        Assert.That(await conn.QuerySingleAsync<int?>("SELECT helped_by FROM visit WHERE visitor_id = @Id", new { visitor.Id }),
            Is.EqualTo(P.ReceiverColleagueId));
        Assert.That(colleague, Does.Contain("Schuldhulpverlener").And.Contain("Schuldhulp "), "the line names function and organisation");
    }

    [Test]
    public async Task The_first_letters_of_a_name_pick_no_one_and_the_field_says_so_with_the_typed_text_kept()
    {
        using var browser = await SignedInAsync(P.ProjectleiderEmail);
        var visitor = await VisitorAsync();

        var form = With(VisitForm(visitor.Code, Guid.NewGuid(), Referral(change: ("Van", "Anna"))), "Input.HelpedBy", "Piet Projectleider");
        var response = await browser.SubmitFormAsync($"{Page}?bezoeker={visitor.Code}", form, Page);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var html = await TextAsync(response);
        Assert.That(FieldError(html, "input-helpedby"),
            Is.EqualTo("Niemand in de lijst heet \"Piet Projectleider\". Kies wie de bezoeker hielp uit de lijst, of laat het veld leeg."));
        Assert.That(FieldError(html, "input-referrals-0-van"),
            Is.EqualTo("Niemand in de lijst heet \"Anna\". Kies uit de lijst van wie de verwijzing komt, of eigen initiatief."));
        Assert.That(html, Does.Match("id=\"input-helpedby\"[^>]*value=\"Piet Projectleider\""), "the typed text stays in the field");
        Assert.That(await VisitsOfAsync(visitor.Id), Is.Zero);
        Assert.That(await ReferralsOfAsync(visitor.Id), Is.Zero);
    }

    [Test]
    public async Task A_name_two_professionals_share_asks_which_one_and_the_full_line_picks_it()
    {
        var name = $"Gerda Gelijk {Guid.NewGuid():N}"[..20];
        await ProfilesArrange.ProfessionalAsync(Db, P.SenderOrganisationId, name, "Praktijkondersteuner", pleinIds: [P.PleinId]);
        var namesake = await ProfilesArrange.ProfessionalAsync(Db, P.ReceiverOrganisationId, name, "Buurtwerker", pleinIds: [P.PleinId]);
        using var browser = await SignedInAsync(P.ProjectleiderEmail);
        var visitor = await VisitorAsync();
        var sender = name;

        var refused = await browser.SubmitFormAsync($"{Page}?bezoeker={visitor.Code}",
            With(VisitForm(visitor.Code, Guid.NewGuid()), "Input.HelpedBy", sender), Page);
        var html = await TextAsync(refused);
        var line = Options(html, "geholpen-door-lijst").Single(o => o.StartsWith(sender) && o.Contains("Buurtwerker"));
        var picked = await browser.SubmitFormAsync($"{Page}?bezoeker={visitor.Code}",
            With(VisitForm(visitor.Code, Guid.NewGuid()), "Input.HelpedBy", line), Page);

        Assert.That(FieldError(html, "input-helpedby"),
            Is.EqualTo($"Er staan 2 mensen met de naam \"{sender}\" in de lijst: kies de goede, met functie en organisatie."));
        Assert.That(picked.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        Assert.That(await conn.QuerySingleAsync<int?>("SELECT helped_by FROM visit WHERE visitor_id = @Id", new { visitor.Id }),
            Is.EqualTo(namesake));
    }

    [Test]
    public async Task A_chosen_entry_is_shown_by_its_line_when_the_form_comes_back_with_another_problem()
    {
        using var browser = await SignedInAsync(P.SenderEmail);
        var visitor = await VisitorAsync();

        var response = await browser.SubmitFormAsync($"{Page}?bezoeker={visitor.Code}",
            With(VisitForm(visitor.Code, Guid.NewGuid(), Referral()), "Input.VisitedOn", "gisteren"), Page);

        var html = await TextAsync(response);
        var sender = await NameAsync(P.SenderId);
        Assert.That(html, Does.Match($"id=\"input-helpedby\"[^>]*value=\"{Regex.Escape(sender)} \\(ikzelf\\), Huisarts \\(Huisartsenpraktijk [^\"]+\\)\""));
        Assert.That(html, Does.Match($"id=\"input-referrals-0-van\"[^>]*value=\"{Regex.Escape(sender)} \\(ikzelf\\), Huisarts"));
        Assert.That(html, Does.Contain("list=\"geholpen-door-lijst\"").And.Contain("<datalist id=\"van-lijst\">"));
    }

    async Task<string> NameAsync(int professionalId)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return await conn.QuerySingleAsync<string>("SELECT name FROM professional WHERE id = @professionalId", new { professionalId });
    }

    static List<string> Options(string html, string datalist)
    {
        var list = Regex.Match(html, $"<datalist id=\"{datalist}\">(.*?)</datalist>", RegexOptions.Singleline);
        Assert.That(list.Success, Is.True, $"datalist {datalist}");
        return Regex.Matches(list.Groups[1].Value, "<option value=\"([^\"]*)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
    }
}
