using Microsoft.Playwright;
using MimeKit;

namespace SociaalPlein.Tests.E2E;

// Accounts: the beheerder invites a colleague, who chooses a password through the mail's link and signs in.
public sealed partial class Flows
{
    [Test]
    public async Task The_beheerder_invites_a_colleague_who_chooses_a_password_from_the_mail_and_signs_in()
    {
        const string email = "nieuwe.collega@flow.test";
        const string password = "Mijn eigen zin voor het plein";
        var beheer = await SignInAsync(DemoAccounts.Beheerder);
        await beheer.GotoAsync("/beheer/accounts");
        await Expect(beheer.GetByRole(AriaRole.Heading, new() { Name = "Accounts", Level = 1 })).ToBeVisibleAsync();
        await LookAsync(beheer);

        await beheer.GetByRole(AriaRole.Link, new() { Name = "Account uitnodigen" }).ClickAsync();
        await beheer.GetByRole(AriaRole.Button, new() { Name = "Uitnodiging versturen" }).ClickAsync();
        await Expect(beheer.Locator(".error-summary")).ToContainTextAsync("Vul het e-mailadres in");
        Assert.That(await PageChecks.ErrorProblemsAsync(beheer), Is.Empty, "the refused invitation is announced");
        await LookAsync(beheer);

        await beheer.GetByLabel("Naam").FillAsync("Nieuwe Collega");
        await beheer.GetByLabel("E-mailadres").FillAsync(email);
        await beheer.GetByLabel("Projectleider").CheckAsync();
        await beheer.GetByLabel("Sociaal Plein Nieuwland").CheckAsync();
        await beheer.GetByRole(AriaRole.Button, new() { Name = "Uitnodiging versturen" }).ClickAsync();
        await Expect(beheer.Locator(".notice")).ToContainTextAsync($"De uitnodiging is verstuurd naar {email}");
        await LookAsync(beheer);

        var mail = Directory.GetFiles(MailFolder, "*.eml").Select(f => MimeMessage.Load(f))
            .Single(m => m.To.Mailboxes.Any(b => b.Address == email));
        var link = new Uri(Regex.Match(mail.TextBody ?? "", @"https?://\S+/account/wachtwoord-instellen\?t=\S+").Value).PathAndQuery;

        var invitee = await OpenAsync(PageChecks.Phone);
        await invitee.GotoAsync(link);
        await Expect(invitee.GetByText(email)).ToBeVisibleAsync();
        await LookAsync(invitee);
        await invitee.GetByLabel("Nieuw wachtwoord").FillAsync("qwerty123456");
        await invitee.GetByLabel("Herhaal het wachtwoord").FillAsync("qwerty123456");
        await invitee.GetByRole(AriaRole.Button, new() { Name = "Wachtwoord instellen" }).ClickAsync();
        await Expect(invitee.Locator(".error-summary")).ToContainTextAsync("veel gebruikt");
        Assert.That(await PageChecks.ErrorProblemsAsync(invitee), Is.Empty, "the refused password is announced next to its field");

        await invitee.GetByLabel("Nieuw wachtwoord").FillAsync(password);
        await invitee.GetByLabel("Herhaal het wachtwoord").FillAsync(password);
        await invitee.GetByRole(AriaRole.Button, new() { Name = "Wachtwoord instellen" }).ClickAsync();
        await Expect(invitee.Locator(".notice")).ToContainTextAsync("Je wachtwoord is ingesteld");
        await LookAsync(invitee);

        var signedIn = await SignInAsync(email, password);
        await Expect(signedIn).Not.ToHaveURLAsync(new Regex("/account/inloggen"));
    }
}
