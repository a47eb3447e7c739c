using Microsoft.Playwright;
using SociaalPlein.Tests.Export;

namespace SociaalPlein.Tests.E2E;

// Flow 5: the projectleider looks at the dataset dashboard, then exports a quarter's referrals as CSV and XLSX; both
// files download and parse, with one row per referral the page counted.
public sealed partial class Flows
{
    [Test]
    public async Task The_projectleider_exports_a_quarters_referrals_as_csv_and_xlsx_and_both_files_hold_the_counted_rows()
    {
        var page = await SignInAsync(DemoAccounts.Projectleider);
        await MainMenu(page).GetByRole(AriaRole.Link, new() { Name = "Dataset" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dataset", Level = 1 })).ToBeVisibleAsync();
        await LookAsync(page, "dataset");

        await MainMenu(page).GetByRole(AriaRole.Link, new() { Name = "Export" }).ClickAsync();
        await LookAsync(page);
        await page.GetByLabel("Kwartaal").SelectOptionAsync("2026-Q3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Toon aantallen" }).ClickAsync();
        var referrals = page.Locator("tr[data-dataset='verwijzingen']");
        var rows = int.Parse((await referrals.Locator("td[data-rows]").GetAttributeAsync("data-rows"))!);
        Assert.That(rows, Is.GreaterThan(0), "the demo has referrals in the third quarter");
        await LookAsync(page);

        var csv = await DownloadAsync(page, () => referrals.GetByRole(AriaRole.Link, new() { Name = "CSV voor Excel" }).ClickAsync());
        var xlsx = await DownloadAsync(page, () => referrals.GetByRole(AriaRole.Link, new() { Name = "Excel-werkmap (XLSX)" }).ClickAsync());

        Assert.That(ExportFixture.ParseCsv(await File.ReadAllBytesAsync(csv), ';'), Has.Count.EqualTo(rows), "CSV for Dutch Excel");
        var sheets = ExportFixture.ReadXlsx(await File.ReadAllBytesAsync(xlsx));
        Assert.That(sheets.First().Value, Has.Count.EqualTo(rows + 1), "XLSX: a header row and one row per referral");
    }
}
