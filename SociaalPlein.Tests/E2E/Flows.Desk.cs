using Microsoft.Playwright;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.E2E;

// Flow 3: staff at the spreekuur desk register a new visitor's visit with two referrals using only the keyboard, and
// the veelbezoeker badge appears once the visitor has made a third visit.
public sealed partial class Flows
{
    [Test]
    public async Task Staff_register_a_visit_with_two_referrals_by_keyboard_only_and_the_third_visit_makes_a_veelbezoeker()
    {
        var page = await OpenAsync();
        await page.GotoAsync("/account/inloggen");
        Assert.That(await page.FocusIsOnAsync("#Input_Email"), "the login form starts in the e-mail field");
        await page.Keyboard.TypeAsync(DemoAccounts.Professional);
        await page.TabAndTypeAsync("#Input_Password", DemoAccounts.Password);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Welkom");

        await page.TabToAsync("nav[aria-label='Hoofdmenu'] a[href='/spreekuur']");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Spreekuur: bezoek registreren" })).ToBeVisibleAsync();
        Assert.That(await page.FocusIsOnAsync("#zoek"), "the desk starts in the find field");
        await LookAsync(page);

        // A new visitor: birth year, gender, postcode; Enter takes them to the visit form, which stores them with the visit.
        await page.TabAndTypeAsync("#nieuw-birthyear", "1958");
        await page.TabToAsync("#nieuw-gender");
        await page.ChooseAsync("Man");
        await page.TabAndTypeAsync("#nieuw-postcode", "3118");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(".new-visitor-pending")).ToContainTextAsync("Nog niet opgeslagen");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "2. Bezoek van de nieuwe bezoeker" })).ToBeVisibleAsync();

        // The visit: leefgebieden picked by typing, then two referrals.
        await RegisterVisitAsync(page, "financ", "huisv");
        await page.TabToAsync("#toevoegen");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#input-referrals-0-naar")).ToBeFocusedAsync();
        await page.ChooseAsync($"{P.ReceiverName},");
        await page.TabAndTypeAsync("#input-referrals-0-zorgvraag", "Huurachterstand van drie maanden; wil een betalingsregeling.");
        await page.TabToAsync("#input-referrals-0-leefgebiedid");
        await page.ChooseAsync("Financiën");
        await page.TabToAsync("#input-referrals-0-consentfeedback");
        await page.Keyboard.PressAsync("Space");

        await page.TabToAsync("#toevoegen");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#input-referrals-1-naar")).ToBeFocusedAsync();
        await page.ChooseAsync("Geldzorg Schiedam (de organisatie)");
        await page.TabAndTypeAsync("#input-referrals-1-zorgvraag", "Zoekt een goedkopere woning dichter bij familie.");
        await page.TabToAsync("#input-referrals-1-leefgebiedid");
        await page.ChooseAsync("Huisvesting");
        await page.TabToAsync("#input-referrals-1-category");
        await LookAsync(page);
        // The README's picture starts at the visitor's card (scrolling does not move the focus).
        await page.Locator(".visitor-card").EvaluateAsync("card => card.scrollIntoView()");
        await Screenshots.SaveAsync(page, "spreekuur");
        await page.Keyboard.PressAsync("Enter");

        var stored = StoredNewVisitor().Match((await page.Locator(".success").TextContentAsync())!.Trim());
        Assert.That(stored.Success, "the message names the new visitor's code twice: stored, and to write on the card");
        var code = stored.Groups[1].Value;
        Assert.That(await page.FocusIsOnAsync("#zoek"), "ready for the next visitor");
        await LookAsync(page);
        Assert.That(await RegisterArrange.CountAsync(Db, "referral r JOIN visitor v ON v.id = r.visitor_id", "v.code = @code", new { code }),
            Is.EqualTo(2), "both referrals are stored with the visit");

        // Second and third visit: found by code, Enter after the leefgebied saves. The badge shows from three visits on.
        // They are registered afterwards for earlier weeks: the same visit twice on one day would be held back as a repeat.
        foreach (var visit in new[] { 2, 3 })
        {
            await page.Keyboard.TypeAsync(code);
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator(".visitor-card")).ToContainTextAsync(code);
            await Expect(page.Locator(".visitor-card .badge-veelbezoeker")).ToHaveCountAsync(0);
            await page.Locator("#input-visitedon").FillAsync(Today.AddDays(-7 * (visit - 1)).ToString("yyyy-MM-dd"));
            await page.Locator("#leefgebied-filter").FocusAsync();
            await RegisterVisitAsync(page, "financ");
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator(".success")).ToHaveTextAsync($"Bezoek van {code} opgeslagen.");
        }
        await page.Keyboard.TypeAsync(code);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(".visitor-card .badge-veelbezoeker")).ToHaveTextAsync("Veelbezoeker");
        await Expect(page.Locator(".visitor-card")).ToContainTextAsync(new Regex(@"3 bezoeken in de laatste \d+ dagen"));
        await LookAsync(page);

        // The visitor's own page says so too.
        await page.GotoAsync($"/bezoekers/{code}");
        await Expect(page.Locator(".veelbezoeker")).ToContainTextAsync("Veelbezoeker: 3 bezoeken");
        await LookAsync(page);
    }

    [Test]
    public async Task On_a_phone_a_projectleider_typing_a_name_not_in_the_list_at_the_desk_is_told_so_and_nothing_is_picked()
    {
        var visitor = await RegisterArrange.VisitorAsync(Db, P.SenderUserId, P.PleinId, Today);
        var page = await SignInAsync(DemoAccounts.Projectleider, size: PageChecks.Phone);
        await page.GotoAsync($"/spreekuur?bezoeker={visitor.Code}");
        var helpedBy = page.GetByLabel("Geholpen door");
        await Expect(helpedBy).ToHaveValueAsync("");
        await Expect(helpedBy).ToHaveAttributeAsync("list", "geholpen-door-lijst");

        await page.GetByLabel("Financiën", new() { Exact = true }).CheckAsync();
        await helpedBy.FillAsync("Pieter de Projectleider");
        await page.GetByRole(AriaRole.Button, new() { Name = "Bezoek opslaan" }).ClickAsync();

        await Expect(page.Locator("#input-helpedby-fout")).ToHaveTextAsync(
            "Niemand in de lijst heet \"Pieter de Projectleider\". Kies wie de bezoeker hielp uit de lijst, of laat het veld leeg.");
        await Expect(helpedBy).ToHaveValueAsync("Pieter de Projectleider");
        Assert.That(await RegisterArrange.CountAsync(Db, "visit", "visitor_id = @Id", new { visitor.Id }), Is.Zero);
        await LookAsync(page);

        await helpedBy.FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Bezoek opslaan" }).ClickAsync();
        await Expect(page.Locator(".success")).ToHaveTextAsync($"Bezoek van {visitor.Code} opgeslagen.");
        Assert.That(await RegisterArrange.CountAsync(Db, "visit", "visitor_id = @Id AND helped_by IS NULL", new { visitor.Id }), Is.EqualTo(1));
    }

    /// <summary>On a fresh visit form (focus in the leefgebied box): ticks each leefgebied by typing part of its name.</summary>
    static async Task RegisterVisitAsync(IPage page, params string[] leefgebieden)
    {
        await Expect(page.Locator("#leefgebied-filter")).ToBeFocusedAsync();
        foreach (var words in leefgebieden)
        {
            await page.Keyboard.TypeAsync(words);
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("#leefgebied-filter-status")).ToContainTextAsync("aangevinkt");
        }
    }

    [GeneratedRegex(@"^Bezoek van (B-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}) opgeslagen, met 2 verwijzingen\. Nieuwe bezoeker: geef de code \1 mee op de bezoekerskaart\.$")]
    private static partial Regex StoredNewVisitor();
}
