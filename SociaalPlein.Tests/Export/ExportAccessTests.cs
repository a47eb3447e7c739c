using System.Net;
using System.Text.Json;
using Dapper;
using SociaalPlein.Data.Export;
using SociaalPlein.Web.Pages.Export;

namespace SociaalPlein.Tests.Export;

/// <summary>
/// Who may export what, what bad input gets (a Dutch message with 400, 403 or 404, never a file), and the audit entry
/// every download leaves (docs/design.md, privacy rules).
/// </summary>
public sealed class ExportAccessTests : ExportFixture
{
    [TestCase("/export")]
    [TestCase("/export/codeboek")]
    [TestCase("/export/verwijzingen.csv")]
    [TestCase("/export/bezoekers.xlsx")]
    public async Task A_professional_gets_403(string url)
    {
        var browser = await SignedInAsync(P.SenderEmail);

        var response = await browser.GetAsync(url);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/account/geweigerd"));
        Assert.That((await browser.GetAsync(response.Headers.Location)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task The_projectleider_of_another_plein_gets_404_as_for_an_unknown_plein_and_the_refusal_is_audited()
    {
        var browser = await SignedInAsync(P.OtherProjectleiderEmail);

        var response = await browser.GetAsync(ExportUrl("verwijzingen.csv", $"plein={P.PleinId}"));
        var unknown = await browser.GetAsync(ExportUrl("verwijzingen.csv", "plein=987654"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentDisposition, Is.Null, "no file");
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(ExportForm.NoSuchPlein));
        Assert.That(await unknown.Content.ReadAsStringAsync(), Does.Contain(ExportForm.NoSuchPlein), "the same words: nothing tells which pleinen exist");
        Assert.That(await ScalarAsync<long>("""
            SELECT count(*) FROM audit_log
            WHERE action = @action AND outcome = 'refused' AND user_id = @user AND detail -> 'filters' ->> 'plein_gevraagd' = @plein
            """, new { action = ExportQuery.ExportAction, user = P.OtherProjectleiderUserId, plein = P.PleinId.ToString() }), Is.EqualTo(1));
    }

    [TestCase("verwijzingen.csv", "van=2026-03-31&tot=2026-01-01", "De einddatum ligt vóór de begindatum")]
    [TestCase("verwijzingen.csv", "van=1900-01-01", "Kies een datum tussen 1 januari 2000")]
    [TestCase("verwijzingen.xlsx", "tot=9999-12-31", "Kies een datum tussen 1 januari 2000")]
    [TestCase("bezoeken.csv", "van=31-02-2026", "Vul een geldige datum in")]
    [TestCase("bezoekers.csv", "leefgebied=astrologie", "Dit leefgebied bestaat niet")]
    [TestCase("verwijzingen.csv", "domein=juridisch", "Kies medisch, sociaal, welzijn of overig")]
    [TestCase("verwijzingen.csv", "kwartaal=2026-Q5", "Kies een kwartaal als 2026-Q1")]
    [TestCase("verwijzingen.csv", "kwartaal=2026-Q1&van=2026-01-01", "niet allebei")]
    [TestCase("verwijzingen.csv", "vrijetekst=misschien", "Gebruik ja, of laat dit leeg")]
    public async Task Bad_input_on_a_file_url_is_400_with_a_dutch_message_and_no_file(string file, string query, string message)
    {
        var browser = await SignedInAsync(P.ProjectleiderEmail);
        var audited = await ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = @a", new { a = ExportQuery.ExportAction });

        var response = await browser.GetAsync(ExportUrl(file, query));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(response.Content.Headers.ContentDisposition, Is.Null, "no file");
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(message).And.Contain("Terug naar het exportformulier"));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = @a", new { a = ExportQuery.ExportAction }),
            Is.EqualTo(audited), "nothing exported, nothing to audit");
    }

    [TestCase("klanten.csv")]
    [TestCase("verwijzingen.pdf")]
    [TestCase("verwijzingen")]
    [TestCase("verwijzingen.standaard.xlsx")]
    [TestCase("verwijzingen.CSV")]
    public async Task An_unknown_dataset_or_format_is_404(string file)
    {
        var browser = await SignedInAsync(P.ProjectleiderEmail);

        var response = await browser.GetAsync($"/export/{file}?plein={P.PleinId}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Pagina niet gevonden"));
    }

    [Test]
    public async Task Every_download_writes_one_audit_entry_with_who_what_which_choices_and_how_many_rows()
    {
        var browser = await SignedInAsync(P.ProjectleiderEmail);
        var before = await ScalarAsync<long>("SELECT coalesce(max(id), 0) FROM audit_log");

        var response = await browser.GetAsync(ExportUrl("verwijzingen.xlsx", $"plein={P.PleinId}&kwartaal=2026-Q1&leefgebied=financien&vrijetekst=ja&vast=ja"));
        var sheet = ReadXlsx(await response.Content.ReadAsByteArrayAsync())["Verwijzingen"];

        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var entries = (await conn.QueryAsync<(int? UserId, string Role, string Outcome, string ObjectId, int? PleinId, string Address, string Detail)>("""
            SELECT user_id, role, outcome, object_id, plein_id, host(client_address), detail::text FROM audit_log
            WHERE id > @before AND action = @action
            """, new { before, action = ExportQuery.ExportAction })).ToList();
        Assert.That(entries, Has.Count.EqualTo(1));
        var e = entries[0];
        Assert.That((e.UserId, e.Role, e.Outcome, e.ObjectId, e.PleinId, e.Address),
            Is.EqualTo(((int?)P.ProjectleiderUserId, "projectleider", "allowed", "verwijzingen", (int?)P.PleinId, ClientAddress.ToString())));
        var detail = JsonDocument.Parse(e.Detail).RootElement;
        Assert.That(detail.GetProperty("format").GetString(), Is.EqualTo("xlsx"));
        var filters = detail.GetProperty("filters");
        Assert.That((filters.GetProperty("van").GetString(), filters.GetProperty("tot").GetString(), filters.GetProperty("kwartaal").GetString(),
            filters.GetProperty("leefgebied").GetString()), Is.EqualTo(("2026-01-01", "2026-03-31", "2026-Q1", "financien")));
        var result = detail.GetProperty("result");
        Assert.That(result.GetProperty("rows").GetInt64(), Is.EqualTo(sheet.Count - 1).And.EqualTo(2), "the rows written: the file's own");
        Assert.That(result.GetProperty("completed").GetBoolean(), Is.True);
        Assert.That(result.GetProperty("stable_pseudonyms").GetBoolean(), Is.True);
        Assert.That(result.GetProperty("free_text").GetBoolean(), Is.True);
        Assert.That(e.Detail, Does.Not.Contain(Often.Code).And.Not.Contain("achterstand"), "facts only, no personal data");
    }

    [Test]
    public async Task The_page_shows_the_counts_and_bookmarkable_links_for_every_format()
    {
        var page = await (await SignedInAsync(P.ProjectleiderEmail)).GetStringAsync($"/export?plein={P.PleinId}&kwartaal=2026-Q1");

        foreach (var table in ExportTable.All)
        foreach (var suffix in new[] { ".csv", ".standaard.csv", ".xlsx" })
            Assert.That(page, Does.Contain($"href=\"/export/{table.Name}{suffix}?plein={P.PleinId}&amp;kwartaal=2026-Q1\""));
        Assert.That(page, Does.Contain("data-rows=\"3\""), "three referrals in Q1");
    }

    [Test]
    public async Task A_bad_field_on_the_page_gets_its_message_beside_it_and_no_links()
    {
        var page = await (await SignedInAsync(P.ProjectleiderEmail)).GetStringAsync("/export?van=2026-05-01&tot=2026-01-01");

        Assert.That(page, Does.Contain("<span id=\"tot-fout\" class=\"field-error\">De einddatum ligt vóór de begindatum. Draai ze om.</span>"));
        Assert.That(page, Does.Contain("value=\"2026-05-01\""), "the input is kept");
        Assert.That(page, Does.Not.Contain("/export/verwijzingen.csv"));
    }

    [Test]
    public async Task The_beheerder_may_export_another_plein()
    {
        var rows = ParseCsv(await (await SignedInAsync(P.BeheerderEmail)).GetByteArrayAsync(ExportUrl("verwijzingen.standaard.csv", $"plein={P.OtherPleinId}")), ',');

        Assert.That(rows.Select(r => r["plein"]).Distinct(), Is.EqualTo(new[] { await ScalarAsync<string>("SELECT name FROM plein WHERE id = @id", new { id = P.OtherPleinId }) }));
    }

    [Test]
    public async Task The_codebook_page_explains_every_column_and_leefgebied()
    {
        var page = await (await SignedInAsync(P.ProjectleiderEmail)).GetStringAsync("/export/codeboek");

        foreach (var column in ExportTable.All.SelectMany(d => d.Columns)) Assert.That(page, Does.Contain($"<code>{column.Name}</code>"));
        Assert.That(page, Does.Contain("<code>financien</code>"));
    }

    [Test]
    public async Task The_menu_offers_the_export_to_the_projectleider_not_to_a_professional()
    {
        Assert.That(await (await SignedInAsync(P.ProjectleiderEmail)).GetStringAsync("/"), Does.Contain("href=\"/export\""));
        Assert.That(await (await SignedInAsync(P.SenderEmail)).GetStringAsync("/"), Does.Not.Contain("href=\"/export\""));
    }
}
