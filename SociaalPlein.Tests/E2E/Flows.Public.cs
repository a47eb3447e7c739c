using Dapper;
using Microsoft.Playwright;

namespace SociaalPlein.Tests.E2E;

// Flow 6: a resident (no account) reads the public schedule, and is sent to log in when opening the gids.
public sealed partial class Flows
{
    [Test]
    public async Task An_anonymous_visitor_reads_the_spreekuren_without_names_and_is_sent_to_login_from_the_gids()
    {
        var page = await OpenAsync();
        await page.GotoAsync("/");
        await LookAsync(page);

        await MainMenu(page).GetByRole(AriaRole.Link, new() { Name = "Spreekuren" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Spreekuren en inloop", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sociaal Plein Nieuwland", Level = 2 })).ToBeVisibleAsync();
        var schedule = await page.Locator("main").InnerTextAsync();
        await using (var conn = await Db.DataSource.OpenConnectionAsync())
        {
            var people = (await conn.QueryAsync<string>(
                "SELECT DISTINCT p.name FROM spreekuur s JOIN professional p ON p.id = s.professional_id")).ToList();
            Assert.That(people, Is.Not.Empty, "the demo has spreekuren held by named professionals");
            Assert.That(people.Where(schedule.Contains), Is.Empty, "the public schedule names organisations, never people");
        }
        await LookAsync(page);

        await page.GotoAsync("/gids");
        await Expect(page).ToHaveURLAsync(new Regex(@"/account/inloggen\?ReturnUrl=%2Fgids$"));
        await LookAsync(page);
        await page.GetByLabel("E-mailadres").FillAsync(DemoAccounts.Professional);
        await page.GetByLabel("Wachtwoord").FillAsync("niet-het-wachtwoord");
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("Inloggen lukte niet");
        Assert.That(await PageChecks.ErrorProblemsAsync(page), Is.Empty, "a failed login is announced");
        await LookAsync(page);

        await page.GetByLabel("Wachtwoord").FillAsync(DemoAccounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/gids$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Gids", Level = 1 })).ToBeVisibleAsync();
    }
}
