using Dapper;
using Microsoft.Playwright;

namespace SociaalPlein.Tests.E2E;

// Flow: the projectleider opens the follow-up list of metingen, then a measured visitor's card, whose chart per
// leefgebied has a text alternative and a table beside it; both pages pass axe at desktop and phone width.
public sealed partial class Flows
{
    [Test]
    public async Task The_projectleider_finds_visitors_due_a_meting_and_reads_a_visitors_steps_over_time_on_the_card()
    {
        var page = await SignInAsync(DemoAccounts.Projectleider);
        await MainMenu(page).GetByRole(AriaRole.Link, new() { Name = "Opvolging" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Opvolging metingen", Level = 1 })).ToBeVisibleAsync();
        await LookAsync(page);
        var due = page.Locator("tr[data-visitor-code]");
        Assert.That(await due.CountAsync(), Is.GreaterThan(0), "the demo has visitors who still visit, last measured long ago");

        // A visitor of the plein measured more than once on one leefgebied: the card draws a line for it.
        string code;
        await using (var conn = await Db.DataSource.OpenConnectionAsync())
            code = await conn.ExecuteScalarAsync<string>("""
                SELECT v.code FROM meting m JOIN visitor v ON v.id = m.visitor_id
                WHERE v.plein_id = @PleinId GROUP BY v.code, m.leefgebied_id HAVING count(*) >= 3 ORDER BY v.code LIMIT 1
                """, new { P.PleinId }) ?? throw new InvalidOperationException("The demo has no visitor measured three times.");
        await page.GotoAsync($"/bezoekers/{code}");
        var chart = page.Locator("figure.meting-chart svg[role='img']").First;
        await Expect(chart).ToBeVisibleAsync();
        var description = await chart.Locator("desc").TextContentAsync();
        Assert.That(description, Does.Match(@"^.+: \d+ metingen, van stap [1-5] \(.+\) op .+ naar stap [1-5] \(.+\) op .+: (omhoog|omlaag|gelijk gebleven)\.$"));
        await Expect(page.Locator("table.meting-table").First).ToContainTextAsync("Stap");
        await LookAsync(page);
        // The README's picture starts at the card's metingen (scrolling does not move the focus).
        await page.Locator("#metingen").EvaluateAsync("heading => heading.scrollIntoView()");
        await Screenshots.SaveAsync(page, "metingen");
    }
}
