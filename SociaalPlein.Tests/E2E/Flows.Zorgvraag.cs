using Microsoft.Playwright;

namespace SociaalPlein.Tests.E2E;

// A long zorgvraag pasted into the field: the browser must not cut it without a word, and the counter stays true,
// also over a text the Back button restores.
public sealed partial class Flows
{
    [Test]
    public async Task A_pasted_long_zorgvraag_stays_whole_and_its_counter_stays_true_after_the_back_button()
    {
        var page = await SignInAsync(DemoAccounts.Professional);
        await page.GotoAsync("/verwijzingen/nieuw");
        var field = page.GetByLabel("Zorgvraag", new() { Exact = true });
        var counter = page.Locator("#zorgvraag-teller");
        await Expect(counter).ToHaveTextAsync("0 van 500 tekens");

        await field.FocusAsync();
        await page.Keyboard.InsertTextAsync(string.Concat(Enumerable.Repeat("Huur en schulden lopen op. ", 80))[..2000]); // as a paste
        Assert.That((await field.InputValueAsync()).Length, Is.EqualTo(2000), "nothing cut");
        await Expect(counter).ToHaveTextAsync("2000 van 500 tekens: 1500 te veel. Kort de tekst in tot 500 tekens.");
        await LookAsync(page);

        await page.GotoAsync("/gids");
        await page.GoBackAsync();
        var restored = (await field.InputValueAsync()).Length;
        await Expect(counter).ToHaveTextAsync(new Regex($"^{restored} van 500 tekens"));
    }
}
