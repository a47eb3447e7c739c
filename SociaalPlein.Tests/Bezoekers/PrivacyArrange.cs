using Dapper;
using SociaalPlein.Data.Registreren;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Support;
using static SociaalPlein.Tests.Bezoekers.BezoekersArrange;

namespace SociaalPlein.Tests.Bezoekers;

/// <summary>
/// A visitor with something in every table that refers to them, each free text unique, so a test can look for it
/// anywhere: contact details, two visits, a refused referral (reason with words, a note) and a completed one (notes).
/// </summary>
public sealed record RichVisitor(VisitorSummary Visitor, int Refused, int Completed, IReadOnlyList<string> PersonalTexts);

public static class PrivacyArrange
{
    public static async Task<RichVisitor> VisitorAsync(FixtureDatabase db, RegisterPlein p, string tag)
    {
        var name = $"Zwaantje {tag}dochter";
        // Unique per visitor too: the search for it must find this visitor's copy only.
        var phone = $"06 {Random.Shared.Next(10_000_000, 99_999_999)}";
        var zorgvraag1 = $"Schulden na scheiding, woont aan de {tag}straat";
        var zorgvraag2 = $"Zoekt een maatje, mantelzorger {tag}";
        var category = $"Cat {tag}";
        var reasonWords = $"wachtlijst {tag}";
        var note1 = $"Notitie over Zwaantje {tag}";
        var note2 = $"Gebeld met dochter {tag}";

        var visitor = await RegisterArrange.VisitorAsync(db, p.SenderUserId, p.PleinId, Today);
        await VisitAsync(db, p, p.SenderUserId, visitor, Today.AddDays(-12), [p.LeefgebiedId], p.SenderId);
        await VisitAsync(db, p, p.SenderUserId, visitor, Today.AddDays(-5), [p.LeefgebiedId, p.OtherLeefgebiedId]);
        var refused = await ReferralAsync(db, p.SenderUserId, p.PleinId, visitor,
            (p.Referral(Today.AddDays(-12), zorgvraag1) with { Category = category }).WithContact(name, phone));
        var completed = await ReferralAsync(db, p.SenderUserId, p.PleinId, visitor, p.Referral(Today.AddDays(-5), zorgvraag2));

        var loop = new ReferralLoop(db.DataSource);
        await Step(loop.ChangeAsync(p.ReceiverUserId, refused, new StatusChange(ReferralStatus.Verzonden, ReferralStatus.Afgewezen,
            Reason: "geen_capaciteit", ReasonText: reasonWords, Note: note1)));
        await Step(loop.ChangeAsync(p.ReceiverUserId, completed, new StatusChange(ReferralStatus.Verzonden, ReferralStatus.Geaccepteerd, Note: note2)));
        await Step(loop.ChangeAsync(p.ReceiverUserId, completed, new StatusChange(ReferralStatus.Geaccepteerd, ReferralStatus.ContactGelegd)));
        await Step(loop.ChangeAsync(p.ReceiverUserId, completed, new StatusChange(ReferralStatus.ContactGelegd, ReferralStatus.Afgerond,
            Outcome: "geholpen")));
        return new RichVisitor(visitor, refused, completed, [name, phone, zorgvraag1, zorgvraag2, category, reasonWords, note1, note2]);
    }

    static async Task Step(Task<StatusChangeResult> change)
    {
        var result = await change;
        if (result.Outcome != StatusChangeOutcome.Changed) throw new InvalidOperationException($"Status change: {result.Outcome}");
    }

    /// <summary>
    /// Where <paramref name="value"/> occurs in any text or JSON column of any table (the audit log and Hangfire's
    /// schema included), as "table.column"; empty when nowhere.
    /// </summary>
    public static async Task<List<string>> WhereStoredAsync(FixtureDatabase db, string value)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var columns = await conn.QueryAsync<(string Schema, string Table, string Column)>("""
            SELECT c.table_schema, c.table_name, c.column_name
            FROM information_schema.columns c JOIN information_schema.tables t
              ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
            WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema')
              AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')
            """);
        var found = new List<string>();
        foreach (var (schema, table, column) in columns)
        {
            // Identifiers from the catalogue itself, quoted; the value is a parameter.
            var sql = $"SELECT EXISTS (SELECT 1 FROM \"{schema}\".\"{table}\" WHERE \"{column}\"::text ILIKE '%' || @value || '%')";
            if (await conn.ExecuteScalarAsync<bool>(sql, new { value })) found.Add($"{schema}.{table}.{column}");
        }
        return found;
    }
}
