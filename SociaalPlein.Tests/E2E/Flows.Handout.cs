using Microsoft.Playwright;

namespace SociaalPlein.Tests.E2E;

// The handout for a resident, picked in the gids and printed from the browser: ten people still fit one A4 page.
public sealed partial class Flows
{
    [Test]
    public async Task Ten_colleagues_picked_in_the_gids_print_as_a_handout_on_one_A4_page()
    {
        var page = await SignInAsync(DemoAccounts.Professional);
        await page.GotoAsync("/gids?q=maatschappelijk+werker");
        var picks = page.GetByLabel("Neem op in uitdraai voor bewoner");
        Assert.That(await picks.CountAsync(), Is.GreaterThanOrEqualTo(10), "the search finds at least ten");
        for (var i = 0; i < 10; i++) await picks.Nth(i).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Print voor bewoner" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Waar kunt u terecht?" })).ToBeVisibleAsync();
        await Expect(page.Locator(".handout-entry")).ToHaveCountAsync(10);
        await LookAsync(page);

        var pdf = Path.Combine(Screenshots.OutputFolder, "uitdraai.pdf");
        await page.PdfAsync(new() { Path = pdf, PreferCSSPageSize = true, PrintBackground = true });
        Assert.That(await PdfPages.CountAsync(pdf), Is.EqualTo(1), "one A4 page");
        await PdfPages.FirstPageAsPngAsync(pdf, "uitdraai");
    }
}
