using System.Net;
using System.Text;
using SociaalPlein.Data.Beheer;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Tests.Security;

/// <summary>Request bodies: 64 KB for a form, 3 MB for the CSV import (a 2 MB file and a margin); larger is 413 in Dutch, never a 500.</summary>
public sealed class RequestSizeTests : AppFixture
{
    [Test]
    public async Task A_form_over_64_kb_answers_413_with_a_dutch_page_and_logs_nobody_in()
    {
        await Arrange.UserAsync(Db, "groot@test.nl");
        var browser = App.Browser();

        var response = await browser.SubmitFormAsync("/account/inloggen", new Dictionary<string, string>
        {
            ["Input.Email"] = "groot@test.nl",
            ["Input.Password"] = Arrange.Password,
            ["Opvulling"] = new string('x', (int)RequestSizeLimits.FormBytes),
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Te veel gegevens"));
        Assert.That((await browser.GetAsync("/verwijzingen")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "not signed in");
    }

    [Test]
    public async Task A_form_just_under_the_limit_is_read_as_usual()
    {
        await Arrange.UserAsync(Db, "net-genoeg@test.nl");
        var browser = App.Browser();

        var response = await browser.SubmitFormAsync("/account/inloggen", new Dictionary<string, string>
        {
            ["Input.Email"] = "net-genoeg@test.nl",
            ["Input.Password"] = Arrange.Password,
            ["Opvulling"] = new string('x', (int)RequestSizeLimits.FormBytes - 1024),
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signed in");
    }

    [Test]
    public async Task A_form_with_more_fields_than_the_app_reads_answers_400_not_500()
    {
        var fields = string.Join("&", Enumerable.Range(0, 2000).Select(i => $"veld{i}=1"));

        var response = await App.Browser().PostAsync("/account/inloggen",
            new StringContent(fields, Encoding.ASCII, "application/x-www-form-urlencoded"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Verzoek niet begrepen"));
    }

    [Test]
    public async Task The_csv_import_takes_a_file_of_almost_2_mb_and_says_in_dutch_when_one_is_larger()
    {
        var browser = await BeheerArrange.SignedInAsync(App, Db);
        var fields = new Dictionary<string, string> { ["Soort"] = "organisaties" };

        var large = await browser.UploadAsync("/beheer/import", fields, Csv(CsvTable.MaxBytes - 1000), "groot.csv");
        var tooLarge = await browser.UploadAsync("/beheer/import", fields, Csv(CsvTable.MaxBytes + 500_000), "te-groot.csv");
        var far = await browser.UploadAsync("/beheer/import", fields, Csv(5 * 1024 * 1024), "veel-te-groot.csv");

        Assert.That(large.StatusCode, Is.EqualTo(HttpStatusCode.OK), "read and judged on its rows");
        Assert.That(await large.Content.ReadAsStringAsync(), Does.Not.Contain("groter dan 2 MB"));
        Assert.That(tooLarge.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await tooLarge.Content.ReadAsStringAsync(), Does.Contain("Het bestand is groter dan 2 MB"), "the message next to the field");
        Assert.That(far.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await far.Content.ReadAsStringAsync(), Does.Contain("Te veel gegevens"));
        Assert.That(await RegisterArrange.CountAsync(Db, "organisation", "name LIKE 'Groot %'"), Is.Zero);
    }

    [Test]
    public async Task Only_the_import_accepts_more_than_a_form()
    {
        var browser = await BeheerArrange.SignedInAsync(App, Db);

        var response = await browser.UploadAsync("/beheer/organisaties/nieuw", new Dictionary<string, string> { ["Input.Name"] = "Groot BV" },
            Csv(256 * 1024), "bijlage.csv");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await RegisterArrange.CountAsync(Db, "organisation", "name = 'Groot BV'"), Is.Zero);
    }

    // Rows "Groot n;sociaal" under a header the import does not know (so nothing is ever imported), up to the size asked for.
    static byte[] Csv(int bytes)
    {
        var csv = new StringBuilder("onbekend;kolom\n");
        for (var i = 0; csv.Length < bytes; i++) csv.Append("Groot ").Append(i).Append(";sociaal\n");
        return Encoding.UTF8.GetBytes(csv.ToString()[..bytes]);
    }
}
