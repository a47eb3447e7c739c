using Dapper;
using System.Net;
using System.Text;
using SociaalPlein.Tests.Export;
using static SociaalPlein.Tests.Metingen.MetingArrange;

namespace SociaalPlein.Tests.Metingen;

/// <summary>The export's metingen dataset: pseudonym, date, leefgebied and step, with the same privacy choices as the others.</summary>
public sealed class MetingExportTests : ExportFixture
{
    // The fixture's metingen (ExportFixture), and one more at a visit that was then withdrawn.
    protected override async Task ArrangeAsync()
    {
        await base.ArrangeAsync();
        var withdrawn = await MeasuredVisitAsync(Db, P, P.SenderUserId, Once, new DateOnly(2026, 2, 2),
            new Dictionary<int, short> { [P.LeefgebiedId] = 1 });
        await new Data.Verwijzingen.Withdrawals(Db.DataSource).VisitAsync(P.SenderUserId, withdrawn, "Per vergissing geregistreerd", null);
    }

    [Test]
    public async Task The_metingen_file_has_one_row_per_meting_with_a_pseudonym_date_leefgebied_and_step_and_nothing_else()
    {
        var browser = await SignedInAsync(P.ProjectleiderEmail);
        var response = await browser.GetAsync(ExportUrl("metingen.standaard.csv", $"plein={P.PleinId}&kwartaal=2026-Q1"));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var rows = ParseCsv(bytes, ',');
        Assert.That(rows[0].Keys, Is.EqualTo(new[] { "bezoeker", "plein", "datum", "kwartaal", "leefgebied", "stap" }));
        Assert.That(rows.Select(r => r["datum"]), Is.Ordered, "in date order");
        Assert.That(rows.Select(r => (r["datum"], r["leefgebied"], r["stap"])).OrderBy(r => r), Is.EqualTo(new[]
        {
            ("2026-01-15", "financien", "2"), ("2026-02-10", "financien", "3"), ("2026-02-10", "huisvesting", "4"), ("2026-03-31", "financien", "1"),
        }), "the withdrawn visit's meting is not there");
        var pseudonyms = rows.Select(r => r["bezoeker"]).ToList();
        Assert.That(pseudonyms.Distinct().Count(), Is.EqualTo(2));
        Assert.That(pseudonyms[..3].Distinct().Single(), Does.Match("^P[0-9a-f]{16}$"), "one visitor, one pseudonym within the export");
        Assert.That(pseudonyms[3], Is.Not.EqualTo(pseudonyms[0]));
        Assert.That(Encoding.UTF8.GetString(bytes), Does.Not.Contain(Often.Code).And.Not.Contain(Once.Code));
    }

    [Test]
    public async Task The_metingen_count_leaves_out_the_withdrawn_visits_meting_with_and_without_a_leefgebied()
    {
        var query = new Data.Export.ExportQuery(Db.DataSource);
        var quarter = new Data.Export.ExportFilter([P.PleinId], new(2026, 1, 1), new(2026, 3, 31));
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var stored = await conn.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM meting WHERE plein_id = @plein AND measured_on BETWEEN '2026-01-01' AND '2026-03-31'", new { plein = P.PleinId });

        Assert.That(stored, Is.EqualTo(5), "four metingen and the withdrawn visit's, still stored");
        Assert.That(await query.CountAsync(Data.Export.ExportTable.Metingen, quarter), Is.EqualTo(4));
        Assert.That(await query.CountAsync(Data.Export.ExportTable.Metingen, quarter with { LeefgebiedId = P.LeefgebiedId }), Is.EqualTo(3),
            "financiën: two of Often's and one of Once's, not the withdrawn one");
    }

    [Test]
    public async Task The_codebook_explains_the_metingen_dataset()
    {
        var browser = await SignedInAsync(P.ProjectleiderEmail);

        var page = WebUtility.HtmlDecode(await browser.GetStringAsync("/export/codeboek"));

        Assert.That(page, Does.Contain("Eén rij per meting").And.Contain("<code>stap</code>").And.Contain("1 (acute problemen)"));
    }
}
