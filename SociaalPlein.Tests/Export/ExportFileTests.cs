using System.Net;
using System.Text;
using SociaalPlein.Data.Export;

namespace SociaalPlein.Tests.Export;

/// <summary>
/// What the files hold: CSV that parses back to the stored values, the Dutch CSV's BOM and separators, an
/// XLSX with both sheets, inert formulas, no names, phones or codes, and pseudonyms stable within one export only.
/// </summary>
public sealed class ExportFileTests : ExportFixture
{
    const string Q1 = "kwartaal=2026-Q1";

    async Task<byte[]> DownloadAsync(string file, string query, string? email = null)
    {
        var browser = await SignedInAsync(email ?? P.ProjectleiderEmail);
        var response = await browser.GetAsync(ExportUrl(file, query));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Test]
    public async Task Standard_csv_parses_back_to_the_stored_values_with_separators_quotes_and_line_breaks_in_free_text()
    {
        var rows = ParseCsv(await DownloadAsync("verwijzingen.standaard.csv", $"plein={P.PleinId}&{Q1}&vrijetekst=ja"), ',');

        Assert.That(rows.Select(r => r["zorgvraag"]),
            Is.EqualTo(new[] { AwkwardZorgvraag, "'" + FormulaZorgvraag, TabZorgvraag }), "in date order, exactly as stored");
        var contacted = rows[0];
        Assert.That(contacted["datum"], Is.EqualTo("2026-01-15"));
        Assert.That(contacted["kwartaal"], Is.EqualTo("2026-Q1"));
        Assert.That(contacted["status"], Is.EqualTo("contact_gelegd"));
        Assert.That(contacted["status_datum"], Is.EqualTo("2026-01-20"));
        Assert.That(contacted["dagen_tot_contact"], Is.EqualTo("5"));
        Assert.That(contacted["van_domein"] + "→" + contacted["naar_domein"], Is.EqualTo("medisch→sociaal"));
        Assert.That(contacted["toestemming_contact"], Is.EqualTo("1"));
        Assert.That(contacted["leeftijdsgroep"], Is.EqualTo("60–69 jaar"), "born 1961, referred in 2026");
        Assert.That((contacted["geslacht"], contacted["postcode"]), Is.EqualTo(("vrouw", "3118")));
        Assert.That(rows[1]["dagen_tot_contact"], Is.Empty, "no contact yet");
        Assert.That(rows[1]["naar_organisatie"], Is.EqualTo("Welzijn Dichtbij"));
    }

    [Test]
    public async Task Without_free_text_no_zorgvraag_leaves_the_server()
    {
        var bytes = await DownloadAsync("verwijzingen.standaard.csv", $"plein={P.PleinId}");
        var text = Encoding.UTF8.GetString(bytes);

        Assert.That(ParseCsv(bytes, ',')[0].Keys, Does.Not.Contain("zorgvraag").And.Not.Contain("zorgvraag_categorie"));
        Assert.That(text, Does.Not.Contain("achterstand").And.Not.Contain("HYPERLINK").And.Not.Contain("Administratie"));
    }

    [Test]
    public async Task Dutch_csv_starts_with_a_bom_separates_with_semicolons_and_writes_decimal_commas()
    {
        var bytes = await DownloadAsync("bezoekers.csv", $"plein={P.PleinId}&{Q1}");

        Assert.That(bytes[..3], Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }));
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.That(text, Does.StartWith("bezoeker;plein;leeftijdsgroep;geslacht;wijk;postcode;eerste_bezoek;bezoeken;laatste_bezoek;verwijzingen;leefgebieden_per_bezoek\r\n"));
        var often = ParseCsv(bytes, ';').Single(r => r["bezoeken"] == "2");
        Assert.That(often["leefgebieden_per_bezoek"], Is.EqualTo("1,50"), "two visits in Q1, with one and two leefgebieden");
        Assert.That(often["laatste_bezoek"], Is.EqualTo("2026-02-10"));
    }

    [Test]
    public async Task Standard_csv_has_no_bom_and_a_decimal_point()
    {
        var bytes = await DownloadAsync("bezoekers.standaard.csv", $"plein={P.PleinId}&{Q1}");

        Assert.That(bytes[0], Is.EqualTo((byte)'b'));
        Assert.That(ParseCsv(bytes, ',').Single(r => r["bezoeken"] == "2")["leefgebieden_per_bezoek"], Is.EqualTo("1.50"));
    }

    [Test]
    public async Task Xlsx_opens_with_the_data_sheet_and_the_toelichting_codebook()
    {
        var sheets = ReadXlsx(await DownloadAsync("verwijzingen.xlsx", $"plein={P.PleinId}&{Q1}&vrijetekst=ja"));

        Assert.That(sheets.Keys, Is.EqualTo(new[] { "Verwijzingen", "Toelichting" }));
        var data = sheets["Verwijzingen"];
        Assert.That(data[0], Is.EqualTo(ExportTable.Verwijzingen.Columns.Select(c => c.Name)));
        Assert.That(data.Count, Is.EqualTo(1 + 3));
        var zorgvraag = data[0].IndexOf("zorgvraag");
        Assert.That(data.Skip(1).Select(r => r[zorgvraag]), Is.EqualTo(new[] { AwkwardZorgvraag, "'" + FormulaZorgvraag, TabZorgvraag }));
        Assert.That(data[1][data[0].IndexOf("datum")], Is.EqualTo((new DateOnly(2026, 1, 15).DayNumber - new DateOnly(1899, 12, 30).DayNumber).ToString()),
            "a date cell");
        var toelichting = string.Join("\n", sheets["Toelichting"].Select(r => string.Join(" | ", r)));
        Assert.That(toelichting, Does.Contain("Periode: 1 januari 2026 tot en met 31 maart 2026 (Q1 2026)"));
        Assert.That(toelichting, Does.Contain("Aantal rijen | 3"));
        Assert.That(toelichting, Does.Contain("projectleider-"), "who exported");
        Assert.That(toelichting, Does.Contain("dagen_tot_contact | Dagen van de verwijzing tot de ontvanger contact legde"));
        Assert.That(toelichting, Does.Contain("financien | Financiën"));
    }

    [Test]
    public async Task Who_referred_is_a_dutch_code_the_codebook_explains()
    {
        var rows = ParseCsv(await DownloadAsync("verwijzingen.standaard.csv", $"plein={P.PleinId}&van=2026-01-01&tot=2026-12-31"), ',');
        var explained = ExportTable.Verwijzingen.Columns.Single(c => c.Name == "van_soort").Values;

        Assert.That(rows.Select(r => r["van_soort"]).Distinct(), Is.EquivalentTo(new[] { "professional", "eigen_initiatief" }));
        Assert.That(explained, Does.Contain("organisatie (").And.Not.Contain("organisation"));
        Assert.That(rows.Select(r => r["van_soort"]), Has.All.Matches<string>(code => explained.Contains(code + " (")));
    }

    [TestCase("Geen capaciteit: wachtlijst tot maart", "geen_capaciteit")]
    [TestCase("Past niet bij aanbod", "past_niet")]
    [TestCase("Niet bereikbaar: drie keer gebeld", "niet_bereikbaar")]
    [TestCase("alleen eigen woorden", "anders")]
    public void A_stored_reason_exports_as_its_code_and_every_code_is_in_the_codebook(string stored, string code)
    {
        Assert.That(Data.Verwijzingen.ReferralStatus.ReasonCode(stored), Is.EqualTo(code));
        Assert.That(ExportTable.Verwijzingen.Columns.Single(c => c.Name == "reden").Values, Does.Contain(code + " ("));
    }

    [Test]
    public async Task The_summary_names_the_one_plein_and_gives_the_period_in_dutch_dates()
    {
        var toelichting = ReadXlsx(await DownloadAsync("bezoeken.xlsx", Q1))["Toelichting"].Select(r => string.Join(" | ", r)).ToList();

        Assert.That(toelichting, Has.Some.Matches<string>(line => line!.StartsWith("Filter | Plein: ") && !line.Contains("alle pleinen")),
            "a projectleider of one plein exports that plein, named as it is");
        Assert.That(toelichting, Has.Some.EqualTo("Filter | Periode: 1 januari 2026 tot en met 31 maart 2026 (Q1 2026)"));
        Assert.That(toelichting, Has.Some.Matches<string>(line => line!.StartsWith("Geëxporteerd op | ") && line.Contains(" om ")));
    }

    [Test]
    public async Task A_zorgvraag_that_starts_a_formula_comes_out_inert_in_csv_and_xlsx()
    {
        var query = $"plein={P.PleinId}&{Q1}&vrijetekst=ja";
        foreach (var (file, separator) in new[] { ("verwijzingen.csv", ';'), ("verwijzingen.standaard.csv", ',') })
            Assert.That(ParseCsv(await DownloadAsync(file, query), separator).Select(r => r["zorgvraag"]),
                Has.Some.EqualTo("'" + FormulaZorgvraag).And.None.StartsWith("="), file);

        var cells = ReadXlsx(await DownloadAsync("verwijzingen.xlsx", query))["Verwijzingen"].SelectMany(r => r);
        Assert.That(cells, Has.Some.EqualTo("'" + FormulaZorgvraag).And.None.StartsWith("="));
    }

    [Test]
    public async Task No_exported_byte_holds_a_name_phone_number_visitor_code_or_e_mail_address()
    {
        var forbidden = new List<string> { ContactName, ContactPhone, Often.Code, Once.Code, Elsewhere.Code, P.SenderEmail, P.ProjectleiderEmail };
        forbidden.AddRange(await Task.WhenAll(new[] { P.SenderId, P.ReceiverId }.Select(id =>
            ScalarAsync<string>("SELECT name FROM professional WHERE id = @id", new { id }))));

        foreach (var table in ExportTable.All)
        foreach (var suffix in new[] { ".csv", ".standaard.csv", ".xlsx" })
        {
            var bytes = await DownloadAsync(table.Name + suffix, "vrijetekst=ja&vast=ja", P.BeheerderEmail);
            var text = suffix == ".xlsx" ? XlsxText(bytes) : Encoding.UTF8.GetString(bytes);
            Assert.That(text, Does.Contain(table == ExportTable.Bezoekers ? "eerste_bezoek" : "datum"), "a real export");
            foreach (var secret in forbidden) Assert.That(text, Does.Not.Contain(secret), $"{table.Name}{suffix}");
        }
    }

    [Test]
    public async Task Pseudonyms_are_stable_within_one_export_and_differ_in_the_next()
    {
        var query = $"plein={P.PleinId}";
        var first = ParseCsv(await DownloadAsync("verwijzingen.standaard.csv", query), ',');
        var second = ParseCsv(await DownloadAsync("verwijzingen.standaard.csv", query), ',');

        var often = first.Where(r => r["datum"] is "2026-01-15" or "2026-02-10" or "2026-05-06").Select(r => r["bezoeker"]).ToList();
        Assert.That(often, Has.Count.EqualTo(3).And.All.Match("^P[0-9a-f]{16}$"));
        Assert.That(often.Distinct().Count(), Is.EqualTo(1), "one visitor, one pseudonym within the export");
        Assert.That(first.Select(r => r["bezoeker"]).Distinct().Count(), Is.EqualTo(2), "two visitors");
        Assert.That(second.Select(r => r["bezoeker"]).Intersect(first.Select(r => r["bezoeker"])), Is.Empty, "another key in the next export");
    }

    [Test]
    public async Task Stable_pseudonyms_stay_the_same_across_exports_and_are_the_hmac_of_the_pleins_secret()
    {
        var query = $"plein={P.PleinId}&vast=ja";
        var first = ParseCsv(await DownloadAsync("bezoekers.standaard.csv", query), ',').Select(r => r["bezoeker"]).Order().ToList();
        var second = ParseCsv(await DownloadAsync("verwijzingen.standaard.csv", query + "&kwartaal=2026-Q1"), ',').Select(r => r["bezoeker"]).Distinct().Order().ToList();

        var secret = await Pseudonyms.StoredSecretAsync(Db.DataSource, P.PleinId);
        Assert.That(secret, Has.Length.EqualTo(32));
        Assert.That(first, Is.EquivalentTo(new[] { Pseudonyms.Of(secret!, Often.Id), Pseudonyms.Of(secret!, Once.Id) }));
        Assert.That(second, Is.EqualTo(first), "the same visitors under the same pseudonyms in another dataset and period");
    }
}
