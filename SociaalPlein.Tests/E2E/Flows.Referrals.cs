using Microsoft.Playwright;
using MimeKit;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Jobs;

namespace SociaalPlein.Tests.E2E;

// Flows 1 and 2: a professional finds a colleague in the gids and refers a resident to them; the colleague takes the
// referral up on a phone, and the referrer sees how far it got.
public sealed partial class Flows
{
    [Test]
    public async Task A_professional_finds_a_colleague_by_words_and_two_leefgebieden_refers_by_keyboard_and_sees_it_verzonden()
    {
        var page = await SignInAsync(DemoAccounts.Professional);
        await LookAsync(page);

        // By mouse: the gids, words and two leefgebieden, the profile, "Verwijs naar …".
        await MainMenu(page).GetByRole(AriaRole.Link, new() { Name = "Gids" }).ClickAsync();
        // The results refresh as the search changes (the address keeps it): wait for each refresh before the next click.
        await page.GetByLabel("Zoeken", new() { Exact = true }).FillAsync("schulden");
        await Expect(page).ToHaveURLAsync(new Regex(@"/gids\?q=schulden$"));
        await page.GetByLabel("Financiën").CheckAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/gids\?q=schulden&leefgebied=financien$"));
        await page.GetByLabel("Huisvesting").CheckAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/gids\?q=schulden&leefgebied=financien&leefgebied=huisvesting$"));
        var card = page.Locator(".result-card", new() { HasText = P.ReceiverName });
        await Expect(card).ToContainTextAsync("Financiën, Huisvesting");
        await Expect(page.Locator("#gids-aantal")).ToHaveTextAsync(new Regex(@"^\s*\d+ collega's gevonden\s*$"));
        await LookAsync(page, "gids");

        await card.GetByRole(AriaRole.Link, new() { Name = P.ReceiverName }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = P.ReceiverName, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Contact" })).ToContainTextAsync("010 246 8100");
        await LookAsync(page, "profiel");

        await page.GetByRole(AriaRole.Link, new() { Name = $"Verwijs naar {P.ReceiverName}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nieuwe verwijzing" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Naar", new() { Exact = true })).ToHaveValueAsync($"professional-{P.ReceiverId}");
        await Expect(page.GetByLabel("Van", new() { Exact = true })).ToHaveValueAsync($"professional-{P.SenderId}");
        await LookAsync(page);

        // By keyboard only from here, with the focus visible at every stop: first a send without a zorgvraag.
        await page.TabToAsync("form.referral-form button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await Expect(page.Locator(".input-validation-error")).ToHaveCountAsync(2); // zorgvraag and leefgebied
        Assert.That(await PageChecks.ErrorProblemsAsync(page), Is.Empty, "the refusal is announced and tied to the fields");
        Assert.That(await page.FocusIsOnAsync("#fouten"), "the focus moved to the error summary");
        await LookAsync(page);

        const string zorgvraag = "Loopt achter met de huur en opent de post niet meer; wil hulp bij een overzicht.";
        await page.TabAndTypeAsync("#Input_Zorgvraag", zorgvraag);
        await page.TabToAsync("#Input_LeefgebiedId");
        await page.ChooseAsync("Financiën");
        await Expect(page.Locator("#Input_LeefgebiedId")).ToHaveValueAsync(P.FinancienId.ToString());
        await page.TabToAsync("#Input_ConsentFeedback");
        if (!await page.Locator("#Input_ConsentFeedback").IsCheckedAsync()) await page.Keyboard.PressAsync("Space");
        await page.TabToAsync("form.referral-form button[type=submit]");
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync(new Regex(@"/verwijzingen/\d+$"));
        var referral = new Uri(page.Url).AbsolutePath;
        await Expect(page.Locator(".status-box")).ToContainTextAsync("Verzonden");
        await LookAsync(page);

        // The referrer's uitgaand list.
        await MainMenu(page).GetByRole(AriaRole.Link, new() { Name = "Verwijzingen" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Uitgaand" }).ClickAsync();
        var row = page.Locator("tr", new() { HasText = "Loopt achter met de huur" });
        await Expect(row).ToContainTextAsync(P.ReceiverName);
        await Expect(row.Locator("td").Last).ToContainTextAsync("Verzonden");
        await LookAsync(page, "verwijzingen");

        // The receiver is mailed a link to it, and nothing about the resident.
        await RunJobAsync((VerwijzingMeldingJob job) => job.RunAsync(CancellationToken.None));
        var mail = Directory.GetFiles(MailFolder, "*.eml").Select(f => MimeMessage.Load(f))
            .Single(m => m.To.Mailboxes.Any(to => to.Address == P.ReceiverEmail));
        Assert.That(mail.TextBody, Does.Contain(referral).And.Not.Contain("Loopt achter met de huur"));
    }

    [Test]
    public async Task The_receiver_accepts_on_a_phone_and_records_contact_and_the_referrer_sees_contact_gelegd()
    {
        const string zorgvraag = "Vraagt hulp bij een betalingsregeling met de energieleverancier.";
        await FlowArrange.ReferralAsync(Db, P, Today, zorgvraag);

        var phone = await SignInAsync(P.ReceiverEmail, Arrange.Password, PageChecks.Phone);
        await LookAsync(phone);
        await phone.Locator(".fold-menu > summary").TapAsync(); // on a phone the menu folds behind "Menu"
        await MainMenu(phone).GetByRole(AriaRole.Link, new() { Name = "Verwijzingen" }).TapAsync();
        await phone.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Inkomend") }).TapAsync();
        var row = phone.Locator("tr", new() { HasText = zorgvraag });
        await Expect(row).ToContainTextAsync("Verzonden");
        await LookAsync(phone);

        await row.GetByRole(AriaRole.Link).TapAsync();
        await Expect(phone.Locator(".status-box")).ToContainTextAsync("Verzonden");
        await LookAsync(phone);
        await phone.GetByRole(AriaRole.Button, new() { Name = "Accepteren" }).TapAsync();
        await Expect(phone.Locator(".status-box")).ToContainTextAsync("Geaccepteerd");
        await LookAsync(phone);
        var contact = phone.Locator("details.step", new() { HasText = "Contact gelegd" });
        if (await contact.GetAttributeAsync("open") is null) await contact.Locator("summary").TapAsync();
        await contact.GetByLabel("Notitie").FillAsync("Gebeld; afspraak op het plein donderdag.");
        await contact.GetByRole(AriaRole.Button, new() { Name = "Contact gelegd" }).TapAsync();
        await Expect(phone.Locator(".status-box")).ToContainTextAsync("Contact gelegd");
        await LookAsync(phone);

        // The referrer, at the desk.
        var desk = await SignInAsync(DemoAccounts.Professional);
        await desk.GotoAsync("/verwijzingen?tab=uitgaand");
        var sent = desk.Locator("tr", new() { HasText = zorgvraag });
        await Expect(sent.Locator("td").Last).ToContainTextAsync("Contact gelegd");
        await sent.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(desk.Locator(".history")).ToContainTextAsync("Gebeld; afspraak op het plein donderdag.");
        await LookAsync(desk);
    }
}
