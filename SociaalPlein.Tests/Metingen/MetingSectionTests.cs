using System.Net;
using System.Text.RegularExpressions;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Data.Nieuwsbrief.Pdf;
using SociaalPlein.Tests.Bezoekers;
using SociaalPlein.Tests.Support;
using UglyToad.PdfPig;
using static SociaalPlein.Tests.Metingen.MetingArrange;

namespace SociaalPlein.Tests.Metingen;

/// <summary>
/// The metingen section as the dashboard and the newsletter PDF print it, from the same figures: six visitors went up on
/// financiën and one went down, so "omlaag" is hidden and, the total being shown, "omhoog" too.
/// </summary>
public sealed class MetingSectionTests : BezoekersAppFixture
{
    static readonly Quarter Q3 = new(2026, 3);
    RegisterPlein _p = null!;

    protected override async Task ArrangeAsync()
    {
        _p = await RegisterArrange.PleinAsync(Db);
        for (var i = 0; i < 7; i++)
        {
            var visitor = await RegisterArrange.VisitorAsync(Db, _p.SenderUserId, _p.PleinId, Today);
            var (first, last) = i < 6 ? ((short)2, (short)3) : ((short)4, (short)3);
            await MeasuredVisitAsync(Db, _p, _p.SenderUserId, visitor, new DateOnly(2026, 3, 2).AddDays(i),
                new Dictionary<int, short> { [_p.LeefgebiedId] = first });
            await MeasuredVisitAsync(Db, _p, _p.SenderUserId, visitor, new DateOnly(2026, 8, 3).AddDays(i),
                new Dictionary<int, short> { [_p.LeefgebiedId] = last });
        }
    }

    [Test]
    public async Task The_dashboard_shows_the_change_per_leefgebied_with_both_suppressed_cells()
    {
        var projectleider = await SignedInAsync(_p.ProjectleiderEmail);

        var response = await projectleider.GetAsync($"/dataset?plein={_p.PleinId}&kwartaal=2026-Q3");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var table = Regex.Match(html, "<table class=\"register-table\" id=\"metingen-tabel\">.*?</table>", RegexOptions.Singleline).Value;
        var row = Regex.Replace(Regex.Match(table, "<th scope=\"row\">Financiën</th>.*?</tr>", RegexOptions.Singleline).Value, "\\s+", " ");
        Assert.That(row, Is.EqualTo(
            "<th scope=\"row\">Financiën</th> <td class=\"number\">x</td> <td class=\"number\">0</td> <td class=\"number\"><5</td> " +
            "<td class=\"number\">7</td> <td class=\"number\">+0,7</td> </tr>"));
        Assert.That(html, Does.Contain("Helpt het? Zelfredzaamheid per leefgebied").And.Contain("van Q4 2025 tot en met"));
    }

    [Test]
    public async Task The_newsletter_pdf_prints_the_same_section()
    {
        var figures = await new NewsletterFiguresQuery(Db.DataSource).LoadAsync([_p.PleinId], Q3);

        using var pdf = PdfDocument.Open(NewsletterPdf.Render(figures, null, Today));
        var text = string.Join(" ", pdf.GetPages().Select(p => p.Text));

        Assert.That(text, Does.Contain("Helpt het? Zelfredzaamheid per leefgebied"));
        Assert.That(Regex.Replace(text, "\\s+", ""), Does.Contain("Financiënx0<57+0,7"));
    }
}
