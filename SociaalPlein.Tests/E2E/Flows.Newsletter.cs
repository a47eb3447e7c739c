using Dapper;
using Microsoft.Playwright;
using MimeKit;
using SociaalPlein.Web.Jobs;
using UglyToad.PdfPig;

namespace SociaalPlein.Tests.E2E;

// Flow 4: the projectleider makes the last quarter's newsletter, adds a note, previews and sends it; the PDF arrives in
// the mail pickup folder and downloads from the archive, the same file.
public sealed partial class Flows
{
    [Test]
    public async Task The_projectleider_makes_notes_previews_and_sends_the_quarters_newsletter_and_the_pdf_arrives_and_downloads_from_the_archive()
    {
        const string note = "Dank aan alle partners voor een druk derde kwartaal.";
        var page = await SignInAsync(DemoAccounts.Projectleider);
        await MainMenu(page).GetByRole(AriaRole.Link, new() { Name = "Nieuwsbrieven" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Nieuwsbrieven beheren" }).ClickAsync();
        // Each radio button stands before its label, on its line (the demo's history: DemoNewsletterTests).
        var radio = await page.GetByLabel("Meteen versturen naar alle abonnees").BoundingBoxAsync();
        var label = await page.Locator("label[for=automatisch-ja]").BoundingBoxAsync();
        Assert.That(radio!.X + radio.Width, Is.LessThanOrEqualTo(label!.X + 1), "the radio is left of its label");
        Assert.That(radio.Y, Is.InRange(label.Y - 4, label.Y + label.Height), "on the label's line");
        await LookAsync(page, "nieuwsbrieven-beheer");

        await page.GetByLabel("Kwartaal").SelectOptionAsync("2026-Q3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Maak nieuwsbrief" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Nieuwsbrief Q3 2026");
        var id = int.Parse(Regex.Match(page.Url, @"/nieuwsbrieven/beheer/(\d+)").Groups[1].Value);
        await LookAsync(page);

        await page.GetByLabel("Notitie (mag leeg blijven)").FillAsync(note);
        await page.GetByRole(AriaRole.Button, new() { Name = "Bewaar en maak opnieuw" }).ClickAsync();
        await Expect(page.GetByLabel("Notitie (mag leeg blijven)")).ToHaveValueAsync(note);
        await LookAsync(page);
        // The preview ("Bekijk de PDF", opened in a tab of its own) with the note in it.
        var preview = await page.APIRequest.GetAsync($"/nieuwsbrieven/{id}/pdf");
        Assert.That(preview.Headers["content-type"], Is.EqualTo("application/pdf"));
        using (var pdf = PdfDocument.Open(await preview.BodyAsync()))
            Assert.That(string.Join(" ", pdf.GetPages().Select(p => p.Text)), Does.Contain("Dank aan alle partners"));

        // Sending takes a confirmation step that names the newsletter and its recipients; the first click sends nothing.
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^Verstuur naar \d+ abonnees…$") }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^Nieuwsbrief Q3 2026 nu versturen naar \d+ abonnees$") });
        await Expect(confirm).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Terug, nog niet versturen" })).ToBeVisibleAsync();
        await LookAsync(page);
        await using (var conn = await Db.DataSource.OpenConnectionAsync())
            Assert.That(await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM newsletter_delivery WHERE newsletter_id = @id", new { id }),
                Is.Zero, "nothing goes out before the confirmation");
        await confirm.ClickAsync();
        await LookAsync(page);

        // Each delivery is a background job: run them, then every subscriber's mail carries the PDF.
        List<long> deliveries;
        await using (var conn = await Db.DataSource.OpenConnectionAsync())
            deliveries = (await conn.QueryAsync<long>("SELECT id FROM newsletter_delivery WHERE newsletter_id = @id", new { id })).ToList();
        Assert.That(deliveries, Is.Not.Empty);
        foreach (var delivery in deliveries)
            await RunJobAsync((NieuwsbriefBezorgingJob job) => job.SendAsync(delivery, CancellationToken.None));
        var attachments = Directory.GetFiles(MailFolder, "*.eml").Select(f => MimeMessage.Load(f))
            .SelectMany(m => m.Attachments.OfType<MimePart>()).Where(a => a.ContentType.MimeType == "application/pdf").ToList();
        Assert.That(attachments, Has.Count.EqualTo(deliveries.Count), "one PDF per subscriber");
        var mailed = Path.Combine(Screenshots.OutputFolder, "nieuwsbrief.pdf");
        await using (var file = File.Create(mailed)) await attachments[0].Content!.DecodeToAsync(file);
        await PdfPages.FirstPageAsPngAsync(mailed, "nieuwsbrief");

        // The mail links to the accessible web page, which opens without an account: headings and tables, axe-clean.
        var mailText = MimeMessage.Load(Directory.GetFiles(MailFolder, "*.eml").First(f => MimeMessage.Load(f).Attachments.Any())).TextBody ?? "";
        var webLink = Regex.Match(mailText, @"https?://\S+/nieuwsbrieven/\d+\?t=\S+").Value;
        Assert.That(webLink, Is.Not.Empty, "the mail links to the web page");
        var partner = await OpenAsync();
        await partner.GotoAsync(new Uri(webLink).PathAndQuery);
        await Expect(partner.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Nieuwsbrief");
        await Expect(partner.GetByRole(AriaRole.Heading, new() { Name = "Kerncijfers", Level = 2 })).ToBeVisibleAsync();
        await Expect(partner.Locator("table caption", new() { HasText = "Verwijzingen per leefgebied" })).ToBeVisibleAsync();
        await LookAsync(partner, "nieuwsbrief-web");

        // The archive: the web page by its title, and the PDF that opens in the browser and downloads, the same as mailed.
        await MainMenu(page).GetByRole(AriaRole.Link, new() { Name = "Nieuwsbrieven" }).ClickAsync();
        var archived = page.GetByRole(AriaRole.Link, new() { Name = "Nieuwsbrief Q3 2026", Exact = true });
        await Expect(archived).ToBeVisibleAsync();
        await LookAsync(page);
        Assert.That(await archived.GetAttributeAsync("href"), Does.Match(@"^/nieuwsbrieven/\d+$"));
        var opened = await page.APIRequest.GetAsync((await page.GetByRole(AriaRole.Link, new() { Name = "Nieuwsbrief Q3 2026 als PDF" })
            .GetAttributeAsync("href"))!);
        Assert.That(opened.Headers["content-disposition"], Does.StartWith("inline"));
        var downloaded = await DownloadAsync(page,
            () => page.GetByRole(AriaRole.Link, new() { Name = "Nieuwsbrief Q3 2026 downloaden (PDF)" }).ClickAsync());
        Assert.That(await File.ReadAllBytesAsync(downloaded), Is.EqualTo(await File.ReadAllBytesAsync(mailed)));
    }
}
