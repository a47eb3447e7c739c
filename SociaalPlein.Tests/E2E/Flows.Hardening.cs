using Dapper;
using Microsoft.Playwright;
using SociaalPlein.Tests.Security;

namespace SociaalPlein.Tests.E2E;

public sealed partial class Flows
{
    /// <summary>
    /// Every page of the authorization matrix the beheerder may open, in Chromium under the app's
    /// Content-Security-Policy. BrowserFixture fails the test for anything the policy refused (an inline script or style
    /// attribute, a foreign source), and the Hangfire dashboard works under its own policy.
    /// </summary>
    [Test]
    public async Task Every_page_renders_under_the_content_security_policy_without_a_refusal()
    {
        var ids = await DemoIdsAsync();
        var page = await SignInAsync(DemoAccounts.Beheerder);
        var visited = 0;

        // Downloads (a file, a PDF) and the API's JSON are not pages the policy is about; the unsubscribe page needs a mail's token.
        foreach (var row in AuthorizationMatrix.Rows.Where(r => r.Method == "GET" && r.Beheerder == Answer.Ok && !r.Url.Contains("{token}")
                     && !r.Pattern.StartsWith("/api/", StringComparison.Ordinal)
                     && (ids["draft"] != "0" || !r.Url.Contains("{draft}")) && (ids["newsletter"] != "0" || !r.Url.Contains("{newsletter}"))
                     && !r.Pattern.StartsWith("/export/{", StringComparison.Ordinal) && !r.Pattern.EndsWith("/pdf", StringComparison.Ordinal)))
        {
            var response = await page.GotoAsync(SecurityWorld.Fill(row.Url, ids));
            Assert.That(response?.Status, Is.EqualTo(200), row.Url);
            visited++;
        }

        await page.GotoAsync("/hangfire/recurring");
        await Assertions.Expect(page.GetByText("contactgegevens-wissen").First).ToBeVisibleAsync();
        Assert.That(visited, Is.GreaterThan(30));
    }

    /// <summary>The ids of the demo's objects, for the matrix's addresses.</summary>
    async Task<IReadOnlyDictionary<string, string>> DemoIdsAsync()
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var ids = await conn.QuerySingleAsync<(int Plein, string Visitor, int Referral, int? Newsletter, int? Draft, int Organisation, int Professional,
            int Leefgebied, int Account, int VisitorId)>("""
            SELECT (SELECT min(id) FROM plein), (SELECT min(code) FROM visitor), (SELECT min(id) FROM referral), (SELECT min(id) FROM newsletter WHERE status = 'verzonden'),
                   (SELECT min(id) FROM newsletter WHERE status = 'concept'), (SELECT min(id) FROM organisation WHERE active), (SELECT min(id) FROM professional WHERE active), (SELECT min(id) FROM leefgebied),
                   (SELECT min(id) FROM app_user WHERE role = 'professional'), (SELECT id FROM visitor ORDER BY code LIMIT 1)
            """);
        return new Dictionary<string, string>
        {
            ["plein"] = ids.Plein.ToString(), ["visitor"] = ids.Visitor, ["referral"] = ids.Referral.ToString(),
            // The demo may have no draft or no sent newsletter yet (0): their pages are then left out.
            ["newsletter"] = (ids.Newsletter ?? 0).ToString(), ["draft"] = (ids.Draft ?? 0).ToString(), ["token"] = "",
            ["organisation"] = ids.Organisation.ToString(), ["professional"] = ids.Professional.ToString(), ["leefgebied"] = ids.Leefgebied.ToString(),
            ["account"] = ids.Account.ToString(), ["bezoeker"] = ids.VisitorId.ToString(),
        };
    }
}
