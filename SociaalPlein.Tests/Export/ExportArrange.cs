using System.IO.Compression;
using System.Text;
using Dapper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using SociaalPlein.Data.Registreren;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Bezoekers;
using SociaalPlein.Tests.Support;
using static SociaalPlein.Tests.Bezoekers.BezoekersArrange;

namespace SociaalPlein.Tests.Export;

/// <summary>
/// A small plein's register for the export tests, stored through the app's own commands: visitors with contact details
/// (names and phones that must never appear in an export), visits over two quarters, referrals with awkward zorgvragen
/// (a separator, quotes, a line break, a formula), one with a contact event, and a referral at the other plein.
/// </summary>
public abstract class ExportFixture : BezoekersAppFixture
{
    public const string ContactName = "Henk Zwartjes";
    public const string ContactPhone = "06-41234567";
    public const string AwkwardZorgvraag = "Schulden; huur \"achterstand\"\nen de post stapelt zich op";
    public const string FormulaZorgvraag = "=HYPERLINK(\"http://example.org\",\"klik\")";
    public const string TabZorgvraag = "Tab\tin de tekst, en een komma";

    protected RegisterPlein P { get; private set; } = null!;
    protected VisitorSummary Often { get; private set; } = null!;
    protected VisitorSummary Once { get; private set; } = null!;
    protected VisitorSummary Elsewhere { get; private set; } = null!;
    protected int WelzijnId { get; private set; }
    protected int ContactedReferralId { get; private set; }

    protected override async Task ArrangeAsync()
    {
        P = await RegisterArrange.PleinAsync(Db);
        WelzijnId = await RegisterArrange.OrganisationAtAsync(Db, "Welzijn Dichtbij", [P.PleinId], "welzijn");
        Often = await RegisterArrange.VisitorAsync(Db, P.SenderUserId, P.PleinId, Today);
        Once = await RegisterArrange.VisitorAsync(Db, P.SenderUserId, P.PleinId, Today);

        await VisitAsync(Db, P, P.SenderUserId, Often, new(2026, 1, 15), [P.LeefgebiedId], P.ReceiverId);
        await VisitAsync(Db, P, P.SenderUserId, Often, new(2026, 2, 10), [P.LeefgebiedId, P.OtherLeefgebiedId], P.SenderId);
        await VisitAsync(Db, P, P.SenderUserId, Often, new(2026, 4, 2), [P.OtherLeefgebiedId]);
        await VisitAsync(Db, P, P.SenderUserId, Once, new(2026, 3, 31), [P.LeefgebiedId], P.ReceiverId);

        ContactedReferralId = await ReferralAsync(Db, P.SenderUserId, P.PleinId, Often,
            P.Referral(new(2026, 1, 15), AwkwardZorgvraag).WithContact(ContactName, ContactPhone));
        await ReferralAsync(Db, P.SenderUserId, P.PleinId, Often, P.Referral(new(2026, 2, 10), FormulaZorgvraag) with
        {
            To = Party.OfOrganisation(WelzijnId), LeefgebiedId = P.OtherLeefgebiedId,
        });
        await ReferralAsync(Db, P.SenderUserId, P.PleinId, Once, P.Referral(new(2026, 3, 31), TabZorgvraag));
        await ReferralAsync(Db, P.SenderUserId, P.PleinId, Often, P.Referral(new(2026, 5, 6), "Zoekt werk na lange ziekte") with
        {
            From = Party.Eigen, LeefgebiedId = P.OtherLeefgebiedId,
        });

        // The receiver made contact five days after the referral, at 09:30 Amsterdam time.
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO referral_status_event (referral_id, status, changed_by, changed_at)
            VALUES (@id, 'geaccepteerd', @user, '2026-01-16 09:00+01'), (@id, 'contact_gelegd', @user, '2026-01-20 09:30+01');
            UPDATE referral SET status = 'contact_gelegd', status_changed_at = '2026-01-20 09:30+01' WHERE id = @id;
            """, new { id = ContactedReferralId, user = P.ReceiverUserId });

        // Metingen at three of those visits, both visitors having agreed: the metingen dataset's rows.
        await conn.ExecuteAsync("""
            INSERT INTO meting_agreement (visitor_id, given_by) VALUES (@often, @user), (@once, @user);
            INSERT INTO meting (plein_id, visitor_id, visit_id, measured_on, leefgebied_id, step, agreement_id, registered_by)
            SELECT x.plein_id, x.visitor_id, x.id, x.visited_on, s.leefgebied, s.step, a.id, @user
            FROM (VALUES (@often, DATE '2026-01-15', @financien, 2), (@often, DATE '2026-02-10', @financien, 3),
                         (@often, DATE '2026-02-10', @huisvesting, 4), (@once, DATE '2026-03-31', @financien, 1))
                 AS s (visitor, visited_on, leefgebied, step)
            JOIN visit x ON x.visitor_id = s.visitor AND x.visited_on = s.visited_on
            JOIN meting_agreement a ON a.visitor_id = s.visitor;
            """, new { often = Often.Id, once = Once.Id, user = P.SenderUserId, financien = P.LeefgebiedId, huisvesting = P.OtherLeefgebiedId });

        Elsewhere = await RegisterArrange.VisitorAsync(Db, P.OtherProfessionalUserId, P.OtherPleinId, Today);
        await new VisitRegistration(Db.DataSource).RegisterAsync(P.OtherProfessionalUserId,
            new VisitDraft(Guid.NewGuid(), P.OtherPleinId, Elsewhere.Id, new(2026, 2, 1), "inloop", null, [P.LeefgebiedId], null, RepeatConfirmed: true), [], Today);
        await ReferralAsync(Db, P.OtherProfessionalUserId, P.OtherPleinId, Elsewhere,
            new ReferralDraft(Guid.NewGuid(), new(2026, 2, 1), Party.OfProfessional(P.ElsewhereProfessionalId),
                Party.OfOrganisation(P.OrganisationElsewhereId), "Eenzaam sinds de verhuizing", null, P.LeefgebiedId, false, false, false));
    }

    protected static string ExportUrl(string file, string query) => $"/export/{file}?{query}";

    /// <summary>The standard CSV of an export, parsed: the header and the records as name → value.</summary>
    public static List<Dictionary<string, string>> ParseCsv(byte[] bytes, char separator)
    {
        using var csv = CsvHelper.CsvReader.FromText(Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF'),
            CsvHelper.CsvReaderOptions.Default with { Separator = separator, HasHeader = true });
        var header = csv.Headers.ToArray();
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            var record = csv.Current.ToArray();
            rows.Add(header.Select((h, i) => (h, v: record[i] ?? "")).ToDictionary(x => x.h, x => x.v));
        }
        return rows;
    }

    /// <summary>An XLSX export read back with DocumentFormat.OpenXml: sheet names, and each sheet's rows of cell texts.</summary>
    public static Dictionary<string, List<List<string>>> ReadXlsx(byte[] bytes)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var workbook = doc.WorkbookPart!;
        var sheets = new Dictionary<string, List<List<string>>>();
        foreach (var sheet in workbook.Workbook.Sheets!.Elements<Sheet>())
        {
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
            sheets[sheet.Name!] = part.Worksheet.Descendants<Row>()
                .Select(r => r.Elements<Cell>().Select(c => c.InlineString?.Text?.Text ?? c.CellValue?.Text ?? "").ToList()).ToList();
        }
        return sheets;
    }

    /// <summary>Every part of an XLSX as text: what a name or code would have to hide in.</summary>
    protected static string XlsxText(byte[] bytes)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        return string.Concat(zip.Entries.Select(e =>
        {
            using var reader = new StreamReader(e.Open());
            return reader.ReadToEnd();
        }));
    }

    protected async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, args))!;
    }
}
