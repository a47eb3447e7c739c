using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SociaalPlein.Data.Hsds;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Support;
using SociaalPlein.Tests.Verwijzingen;

namespace SociaalPlein.Tests.Security;

/// <summary>Who asks, in the authorization matrix: nobody, one account per role of the plein, and an account of another plein.</summary>
public enum Asker { Anonymous, Professional, Projectleider, Beheerder, OtherPlein }

/// <summary>
/// One plein with an object of every kind a route can name (a visitor, a referral of that visitor, a sent newsletter and
/// a draft, a subscriber's unsubscribe token, an organisation and professional of the gids), the accounts of
/// <see cref="RegisterArrange"/>, and a second plein whose projectleider plays "another plein". Route templates in the
/// matrix name these objects in braces (<c>/verwijzingen/{referral}</c>); <see cref="Fill"/> puts the ids in.
/// </summary>
public sealed partial class SecurityWorld
{
    public required RegisterPlein Plein { get; init; }
    public required IReadOnlyDictionary<string, string> Ids { get; init; }

    public static async Task<SecurityWorld> ArrangeAsync(FixtureDatabase db, IServiceProvider app)
    {
        var p = await RegisterArrange.PleinAsync(db);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var visitor = await RegisterArrange.VisitorAsync(db, p.SenderUserId, p.PleinId, today);
        var referral = await ReferralArrange.ReferralAsync(db, p, p.Referral(today), visitorId: visitor.Id);
        var sent = await NewsletterArrange.SentAsync(db, p.PleinId, 2026, 1);
        var draft = await NewsletterArrange.DraftAsync(db, p.PleinId, 2026, 2);
        var subscriber = await NewsletterArrange.SubscriberAsync(db, p.PleinId, $"abonnee-{Guid.NewGuid():N}"[..20] + "@partner.test");
        var token = app.GetRequiredService<UnsubscribeLinks>().Token(subscriber);
        // The receiver works at the plein, so that the HSDS API has a service_at_location for them there.
        await using (var conn = await db.DataSource.OpenConnectionAsync())
            await Dapper.SqlMapper.ExecuteAsync(conn, """
                INSERT INTO professional_plein (professional_id, plein_id) VALUES (@ReceiverId, @PleinId) ON CONFLICT DO NOTHING
                """, new { p.ReceiverId, p.PleinId });
        return new SecurityWorld
        {
            Plein = p,
            Ids = new Dictionary<string, string>
            {
                ["plein"] = p.PleinId.ToString(),
                ["visitor"] = visitor.Code,
                ["referral"] = referral.ToString(),
                ["newsletter"] = sent.ToString(),
                ["draft"] = draft.ToString(),
                ["token"] = token,
                ["organisation"] = p.ReceiverOrganisationId.ToString(),
                ["professional"] = p.ReceiverId.ToString(),
                ["leefgebied"] = p.LeefgebiedId.ToString(),
                ["account"] = p.SenderUserId.ToString(),
                ["bezoeker"] = visitor.Id.ToString(),
                ["hsdsorganization"] = HsdsIds.For("organisation", p.ReceiverOrganisationId),
                ["hsdsservice"] = HsdsIds.For("professional", p.ReceiverId),
                ["hsdsserviceatlocation"] = HsdsIds.For("service-at-location", p.ReceiverId, p.PleinId),
                ["hsdstaxonomy"] = HsdsTaxonomies.Domein.Id,
                ["hsdsterm"] = HsdsTaxonomies.TermId(HsdsTaxonomies.DomeinKey, "sociaal"),
            },
        };
    }

    /// <summary>The address with the arranged ids in place of <c>{referral}</c>, <c>{plein}</c> and the like.</summary>
    public string Fill(string template) => Fill(template, Ids);

    public static string Fill(string template, IReadOnlyDictionary<string, string> ids) => Placeholder().Replace(template, m =>
        ids.TryGetValue(m.Groups[1].Value, out var id) ? Uri.EscapeDataString(id)
        : throw new InvalidOperationException($"No arranged object for {m.Value} in {template}."));

    public string EmailOf(Asker asker) => asker switch
    {
        Asker.Professional => Plein.SenderEmail,
        Asker.Projectleider => Plein.ProjectleiderEmail,
        Asker.Beheerder => Plein.BeheerderEmail,
        Asker.OtherPlein => Plein.OtherProjectleiderEmail,
        _ => throw new ArgumentOutOfRangeException(nameof(asker)),
    };

    /// <summary>A browser for the asker: signed in with the test password, or anonymous.</summary>
    public async Task<HttpClient> BrowserAsync(AppFactory app, Asker asker)
    {
        var browser = app.Browser();
        if (asker == Asker.Anonymous) return browser;
        var login = await browser.LogInAsync(EmailOf(asker), Arrange.Password);
        if (login.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Login as {asker} failed.");
        return browser;
    }

    [GeneratedRegex(@"\{([a-z]+)\}")]
    private static partial Regex Placeholder();
}

/// <summary>Row counts of every table of ours, to prove that refused input stored nothing.</summary>
public static class TableCounts
{
    /// <summary>
    /// Tables a refused request may still write to: the audit log (refusals are audited), DataProtection's key ring (made
    /// on first use) and session bookkeeping (any table named *session*).
    /// </summary>
    static readonly string[] Written = ["audit_log", "data_protection_key"];

    public static async Task<IReadOnlyDictionary<string, long>> ReadAsync(FixtureDatabase db)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        // One round trip: the counts are asked by query_to_xml, with each table name quoted by format('%I').
        var rows = await conn.QueryAsync<(string Table, long Rows)>("""
            SELECT table_name,
                   (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM public.%I', table_name), false, true, '')))[1]::text::bigint
            FROM information_schema.tables
            WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
              AND table_name <> ALL (@Written) AND table_name NOT LIKE '%session%'
            ORDER BY table_name
            """, new { Written });
        return rows.ToDictionary(r => r.Table, r => r.Rows);
    }

    /// <summary>The tables whose count changed, as "table: before → after".</summary>
    public static IReadOnlyList<string> Changes(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after) =>
        after.Where(a => before.GetValueOrDefault(a.Key) != a.Value)
            .Select(a => $"{a.Key}: {before.GetValueOrDefault(a.Key)} → {a.Value}")
            .ToList();
}
