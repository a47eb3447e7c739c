using Microsoft.Playwright;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.E2E;

// A sent form brought back by the browser's Back button and sent again stores nothing twice: the form says what it
// looks like, links to it, and stores a real second one only after "Toch opslaan". Then the second one is withdrawn,
// through its confirmation step.
public sealed partial class Flows
{
    [Test]
    public async Task A_referral_sent_again_after_back_is_held_back_until_toch_opslaan_and_the_second_is_withdrawn_after_a_confirmation()
    {
        const string zorgvraag = "Wil hulp bij het aanvragen van bijzondere bijstand voor een nieuwe wasmachine.";
        var page = await SignInAsync(DemoAccounts.Professional);
        await page.GotoAsync($"/verwijzingen/nieuw?naar=professional-{P.ReceiverId}");
        await page.GetByLabel("Zorgvraag").FillAsync(zorgvraag);
        await page.GetByLabel("Leefgebied").SelectOptionAsync(P.FinancienId.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Verwijzing versturen" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/verwijzingen/\d+$"));
        var first = new Uri(page.Url).AbsolutePath;

        await page.GoBackAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nieuwe verwijzing" })).ToBeVisibleAsync();
        await RestoreAsync(page.GetByLabel("Zorgvraag"), zorgvraag);
        await page.GetByLabel("Leefgebied").SelectOptionAsync(P.FinancienId.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Verwijzing versturen" }).ClickAsync();

        var notice = page.Locator("#herhaling");
        await Expect(notice).ToContainTextAsync(new Regex(@"Dit lijkt op de verwijzing die om \d\d:\d\d is opgeslagen\."));
        await Expect(notice.GetByRole(AriaRole.Link, new() { Name = "Bekijk die verwijzing", Exact = true })).ToHaveAttributeAsync("href", first);
        Assert.That(await ReferralsAboutAsync(zorgvraag), Is.EqualTo(1), "Back and send again stores nothing");
        await LookAsync(page, "herhaling");

        await notice.GetByRole(AriaRole.Button, new() { Name = "Toch opslaan" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/verwijzingen/\d+$"));
        Assert.That(new Uri(page.Url).AbsolutePath, Is.Not.EqualTo(first));
        Assert.That(await ReferralsAboutAsync(zorgvraag), Is.EqualTo(2), "Toch opslaan stores the second");

        // It was one too many after all: withdraw it. The first click only opens the confirmation.
        await page.GetByText("Verwijzing intrekken", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Verwijzing intrekken…" }).ClickAsync();
        var confirmation = page.Locator("#bevestigen");
        await Expect(confirmation.GetByRole(AriaRole.Heading)).ToHaveTextAsync($"Verwijzing naar {P.ReceiverName} (Geldzorg Schiedam) intrekken?");
        Assert.That(await ReferralsAboutAsync(zorgvraag, withdrawn: true), Is.Zero, "the first click withdraws nothing");
        await LookAsync(page);
        await confirmation.GetByLabel("Waarom trek je de verwijzing in?").FillAsync("Dubbel verstuurd");
        await confirmation.GetByRole(AriaRole.Button, new() { Name = "Verwijzing intrekken" }).ClickAsync();

        await Expect(page.Locator(".status-box")).ToContainTextAsync("Ingetrokken");
        await Expect(page.Locator(".status-box")).ToContainTextAsync("Reden: Dubbel verstuurd");
        Assert.That(await ReferralsAboutAsync(zorgvraag, withdrawn: true), Is.EqualTo(1));
        await LookAsync(page);
    }

    [Test]
    public async Task A_visit_saved_again_after_back_at_the_desk_is_held_back_until_toch_opslaan()
    {
        var visitor = await RegisterArrange.VisitorAsync(Db, P.SenderUserId, P.PleinId, Today);
        var page = await SignInAsync(DemoAccounts.Professional);
        await page.GotoAsync($"/spreekuur?bezoeker={visitor.Code}");
        await page.GetByLabel("Financiën", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Bezoek opslaan" }).ClickAsync();
        await Expect(page.Locator(".success")).ToHaveTextAsync($"Bezoek van {visitor.Code} opgeslagen.");

        await page.GoBackAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"2. Bezoek van {visitor.Code}" })).ToBeVisibleAsync();
        await page.GetByLabel("Financiën", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Bezoek opslaan" }).ClickAsync();

        var notice = page.Locator("#herhaling");
        await Expect(notice).ToContainTextAsync(new Regex($@"Dit lijkt op het bezoek van {visitor.Code} die (op .+ )?om \d\d:\d\d is opgeslagen\."));
        await Expect(notice.GetByRole(AriaRole.Link, new() { Name = $"Bekijk de kaart van {visitor.Code}", Exact = true })).ToBeVisibleAsync();
        Assert.That(await RegisterArrange.CountAsync(Db, "visit", "visitor_id = @Id", new { visitor.Id }), Is.EqualTo(1));
        await LookAsync(page, "herhaling-spreekuur");

        await notice.GetByRole(AriaRole.Button, new() { Name = "Toch opslaan" }).ClickAsync();
        await Expect(page.Locator(".success")).ToHaveTextAsync($"Bezoek van {visitor.Code} opgeslagen.");
        Assert.That(await RegisterArrange.CountAsync(Db, "visit", "visitor_id = @Id", new { visitor.Id }), Is.EqualTo(2));
    }

    // What the browser restored after Back: Chromium keeps typed values in the history entry; fill them if it did not.
    static async Task RestoreAsync(ILocator field, string value)
    {
        if (await field.InputValueAsync() != value) await field.FillAsync(value);
    }

    Task<long> ReferralsAboutAsync(string zorgvraag, bool withdrawn = false) =>
        RegisterArrange.CountAsync(Db, "referral", $"zorgvraag = @zorgvraag AND withdrawn_at IS {(withdrawn ? "NOT " : "")}NULL", new { zorgvraag });
}
