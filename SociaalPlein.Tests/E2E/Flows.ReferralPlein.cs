using Dapper;
using Microsoft.Playwright;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.E2E;

// The beheerder works at every plein: the new-referral form first asks for the plein, and then its Van and Naar lists
// hold that plein's parties, fetched when the plein is chosen (a region's parties at once were 3.9 MB of page).
public sealed partial class Flows
{
    [TestCase(1280, 900, "verwijzing-plein-kiezen")]
    [TestCase(390, 844, "verwijzing-plein-kiezen-telefoon")]
    public async Task Choosing_the_plein_fills_the_van_and_naar_lists_with_that_pleins_parties_and_the_referral_is_stored(
        int width, int height, string screenshot)
    {
        var page = await SignInAsync(DemoAccounts.Beheerder, size: new ViewportSize { Width = width, Height = height });
        await page.GotoAsync("/verwijzingen/nieuw");
        var plein = page.GetByLabel("Plein", new() { Exact = true });
        var naar = page.GetByLabel("Naar", new() { Exact = true });
        var van = page.GetByLabel("Van", new() { Exact = true });
        var hint = page.Locator("#partijen-hint");
        await Expect(hint).ToBeVisibleAsync();
        await Expect(hint).ToHaveTextAsync("Kies eerst het plein: dan staan hier de organisaties en professionals van dat plein.");
        Assert.That(await ChoosableAsync(naar), Is.Empty, "no plein, no parties");
        await LookAsync(page);

        await plein.SelectOptionAsync(new SelectOptionValue { Label = "Sociaal Plein Nieuwland" });
        await Expect(naar.Locator($"option[value='professional-{P.ReceiverId}']")).ToBeEnabledAsync();
        await Expect(hint).ToBeHiddenAsync();
        Assert.That(await ChoosableAsync(naar), Is.EquivalentTo(await RegisterArrange.PartiesAtAsync(Db, P.PleinId)), "naar: Nieuwland's parties");
        Assert.That(await ChoosableAsync(van), Is.EquivalentTo(await RegisterArrange.PartiesAtAsync(Db, P.PleinId)), "van: the same");
        await naar.SelectOptionAsync($"professional-{P.ReceiverId}");

        // Another plein: its own parties, and the receiver who does not work there is no longer chosen.
        var ettenLeur = await PleinIdAsync("Sociaal Plein Etten-Leur");
        await plein.SelectOptionAsync(ettenLeur.ToString());
        await Expect(naar).ToHaveValueAsync("");
        var ettenLeurParties = await RegisterArrange.PartiesAtAsync(Db, ettenLeur);
        await Expect(naar.Locator("optgroup:not([disabled]) > option")).ToHaveCountAsync(ettenLeurParties.Length);
        Assert.That(await ChoosableAsync(naar), Is.EquivalentTo(ettenLeurParties), "naar: Etten-Leur's parties");

        await plein.SelectOptionAsync(P.PleinId.ToString());
        Assert.That(await ChoosableAsync(naar), Is.EquivalentTo(await RegisterArrange.PartiesAtAsync(Db, P.PleinId)), "back to Nieuwland's, kept from before");
        await naar.SelectOptionAsync($"professional-{P.ReceiverId}");
        await van.SelectOptionAsync("eigen");
        await page.GetByLabel("Zorgvraag", new() { Exact = true }).FillAsync($"Wil hulp bij het openen en ordenen van de post (op {width} px).");
        await page.GetByLabel("Leefgebied", new() { Exact = true }).SelectOptionAsync(P.FinancienId.ToString());
        await naar.ScrollIntoViewIfNeededAsync();
        await LookAsync(page, screenshot);

        await page.GetByRole(AriaRole.Button, new() { Name = "Verwijzing versturen" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/verwijzingen/\d+$"));
        await Expect(page.Locator(".status-box")).ToContainTextAsync("Verzonden");
        await Expect(page.Locator("main")).ToContainTextAsync(P.ReceiverName);
    }

    /// <summary>The values a list lets one choose now: the options of its groups that are not hidden and disabled.</summary>
    static Task<string[]> ChoosableAsync(ILocator list) =>
        list.EvaluateAsync<string[]>("s => [...s.querySelectorAll('optgroup:not([disabled]) > option')].map(o => o.value)");

    async Task<int> PleinIdAsync(string name)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return await conn.QuerySingleAsync<int>("SELECT id FROM plein WHERE name = @name", new { name });
    }
}
