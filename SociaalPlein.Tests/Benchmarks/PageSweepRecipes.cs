using Dapper;
using SociaalPlein.Data.Hsds;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Security;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Benchmarks;

/// <summary>
/// Who the page sweep asks as: a role of <see cref="AuthorizationMatrix"/>, at the busiest plein (plein 1), at a typical
/// one, or region-wide (the beheerder; nobody for the public pages).
/// </summary>
public sealed record SweepAsker(Asker Role, int? Plein, string? Email)
{
    public string Label => Role switch
    {
        Asker.Anonymous => "anonymous",
        Asker.Beheerder => "beheerder",
        _ => $"{Role.ToString().ToLowerInvariant()} plein {Plein}",
    };
}

/// <summary>
/// One address a recipe asks for a page; <paramref name="Plein"/> names the plein it is about when the asker's is not;
/// <paramref name="Status"/> is the answer a user gets there (a search that finds one visitor goes straight to them).
/// </summary>
public sealed record SweepVariant(string Label, string Url, int? Plein = null, int Status = 200);

/// <summary>
/// How the sweep opens a page: the addresses to ask (with the region's objects in braces, filled per asker as
/// <see cref="SecurityWorld.Fill(string, IReadOnlyDictionary{string, string})"/> does), or why it is left out.
/// </summary>
public sealed record SweepRecipe(Func<SweepAsker, IEnumerable<SweepVariant>>? Variants, string? LeftOut = null,
    Func<SweepAsker, bool>? AskedAs = null)
{
    public static SweepRecipe Of(params string[] urls) => new(_ => urls.Select(u => new SweepVariant(u, u)));
    public static SweepRecipe Out(string why) => new(null, why);

    /// <summary>
    /// For a page that does the same work for every account (the shared directory, the API, health, the account pages):
    /// asked anonymously where that is allowed and as the professional of the busiest plein (with
    /// <paramref name="typicalToo"/> also as the one of the typical plein), not again as every other role.
    /// </summary>
    public SweepRecipe SameForEveryAccount(bool typicalToo = false) => this with
    {
        AskedAs = a => a.Role == Asker.Anonymous || (a.Role == Asker.Professional && (typicalToo || a.Plein == PageSweepRecipes.Busiest)),
    };

    /// <summary>Whether the sweep asks this page as <paramref name="asker"/> (who may open it at all is the matrix's).</summary>
    public bool Asks(SweepAsker asker) => AskedAs?.Invoke(asker) ?? true;

    public IEnumerable<SweepVariant> For(SweepAsker asker, string pattern) =>
        Variants?.Invoke(asker) ?? [new SweepVariant("no query", pattern)];
}

/// <summary>
/// The page sweep's recipe table: for each GET page of the app, the realistic addresses to open it with (every tab and
/// filter of the lists, the gids's everyday searches, deep pages, the busiest and a typical plein). A page with route
/// parameters must have a line here, or the sweep fails naming it; a page without parameters and without a line is
/// opened with no query at all.
/// </summary>
public static class PageSweepRecipes
{
    public const int Busiest = 1, Typical = 7;
    const string Q1 = "van=2026-01-01&tot=2026-03-31";

    /// <summary>The gids's everyday searches: the landing page, one word, a typo, one facet.</summary>
    public static readonly string[] GidsSearches = ["/gids", "/gids?q=schulden", "/gids?q=schuldn", "/gids?leefgebied=financien"];

    public static readonly IReadOnlyDictionary<string, SweepRecipe> Recipes = new Dictionary<string, SweepRecipe>
    {
        ["/spreekuren"] = SweepRecipe.Of("/spreekuren", "/spreekuren?plein={plein}").SameForEveryAccount(),
        ["/error"] = SweepRecipe.Of("/error").SameForEveryAccount(),
        ["/health"] = SweepRecipe.Of("/health").SameForEveryAccount(),
        ["/health/live"] = SweepRecipe.Of("/health/live").SameForEveryAccount(),
        ["/health/ready"] = SweepRecipe.Of("/health/ready").SameForEveryAccount(),
        ["/account/wachtwoord-vergeten"] = SweepRecipe.Of("/account/wachtwoord-vergeten").SameForEveryAccount(),
        ["/account/wachtwoord-instellen"] = SweepRecipe.Of("/account/wachtwoord-instellen?t=onbekend").SameForEveryAccount(),
        ["/account/uitloggen"] = SweepRecipe.Of("/account/uitloggen").SameForEveryAccount(),
        ["/nieuwsbrieven/afmelden"] = SweepRecipe.Of("/nieuwsbrieven/afmelden?t={token}").SameForEveryAccount(),
        ["/gids"] = SweepRecipe.Of([.. GidsSearches, "/gids?q=schulden&leefgebied=financien&taal=ar", "/gids?leefgebied=huisvesting&pagina=40"])
            .SameForEveryAccount(typicalToo: true),
        ["/gids/organisatie/{id:int}"] = SweepRecipe.Of("/gids/organisatie/{organisation}").SameForEveryAccount(typicalToo: true),
        ["/gids/professional/{id:int}"] = SweepRecipe.Of("/gids/professional/{professional}").SameForEveryAccount(typicalToo: true),
        ["/gids/print"] = SweepRecipe.Of("/gids/print?professional={professional}").SameForEveryAccount(typicalToo: true),
        ["/api/hsds/"] = SweepRecipe.Of("/api/hsds/").SameForEveryAccount(),
        ["/api/hsds/openapi.json"] = SweepRecipe.Of("/api/hsds/openapi.json").SameForEveryAccount(),
        ["/api/hsds/services"] = SweepRecipe.Of("/api/hsds/services", "/api/hsds/services?per_page=50&page=200",
            "/api/hsds/services?full=true&per_page=50", "/api/hsds/services?full=true&per_page=50&page=200").SameForEveryAccount(),
        ["/api/hsds/services/{id}"] = SweepRecipe.Of("/api/hsds/services/{hsdsservice}").SameForEveryAccount(),
        ["/api/hsds/organizations"] = SweepRecipe.Of("/api/hsds/organizations", "/api/hsds/organizations?per_page=50&page=40").SameForEveryAccount(),
        ["/api/hsds/organizations/{id}"] = SweepRecipe.Of("/api/hsds/organizations/{hsdsorganization}").SameForEveryAccount(),
        ["/api/hsds/service_at_locations"] = SweepRecipe.Of("/api/hsds/service_at_locations",
            "/api/hsds/service_at_locations?per_page=50&page=200").SameForEveryAccount(),
        ["/api/hsds/service_at_locations/{id}"] = SweepRecipe.Of("/api/hsds/service_at_locations/{hsdsserviceatlocation}").SameForEveryAccount(),
        ["/api/hsds/taxonomies"] = SweepRecipe.Of("/api/hsds/taxonomies").SameForEveryAccount(),
        ["/api/hsds/taxonomies/{id}"] = SweepRecipe.Of("/api/hsds/taxonomies/{hsdstaxonomy}").SameForEveryAccount(),
        ["/api/hsds/taxonomy_terms"] = SweepRecipe.Of("/api/hsds/taxonomy_terms").SameForEveryAccount(),
        ["/api/hsds/taxonomy_terms/{id}"] = SweepRecipe.Of("/api/hsds/taxonomy_terms/{hsdsterm}").SameForEveryAccount(),
        ["/spreekuur"] = SweepRecipe.Of("/spreekuur", "/spreekuur?bezoeker={visitor}"),
        ["/verwijzingen"] = new(ReferralLists),
        ["/verwijzingen/nieuw"] = SweepRecipe.Of("/verwijzingen/nieuw", "/verwijzingen/nieuw?plein={plein}",
            "/verwijzingen/nieuw?naar=professional-{professional}"),
        ["/verwijzingen/{id:int}"] = SweepRecipe.Of("/verwijzingen/{referral}"),
        ["/bezoekers/{code:regex(^b-([0-9]{{4}}-[0-9]{{4,6}}|[2-9a-hjkmnp-z]{{4}}-[2-9a-hjkmnp-z]{{4}})$)}"] = SweepRecipe.Of("/bezoekers/{visitor}"),
        ["/nieuwsbrieven/{id:int}"] = SweepRecipe.Of("/nieuwsbrieven/{newsletter}"),
        ["/nieuwsbrieven/{id:int}/pdf"] = SweepRecipe.Of("/nieuwsbrieven/{newsletter}/pdf"),
        ["/veelbezoekers"] = SweepRecipe.Of("/veelbezoekers?plein={plein}"),
        ["/dataset"] = new(Dashboard),
        ["/export"] = SweepRecipe.Of("/export", "/export?plein={plein}&kwartaal=2026-Q1"),
        ["/export/{bestand}"] = SweepRecipe.Of("/export/verwijzingen.csv?plein={plein}&van=2026-09-01&tot=2026-09-30"),
        ["/nieuwsbrieven/beheer"] = SweepRecipe.Of("/nieuwsbrieven/beheer", "/nieuwsbrieven/beheer?plein={plein}"),
        ["/nieuwsbrieven/beheer/{id:int}"] = SweepRecipe.Of("/nieuwsbrieven/beheer/{draft}"),
        ["/nieuwsbrieven/beheer/abonnees"] = SweepRecipe.Of("/nieuwsbrieven/beheer/abonnees?plein={plein}"),
        ["/beheer/accounts"] = SweepRecipe.Of("/beheer/accounts", "/beheer/accounts?Rol=professional&Plein={plein}"),
        ["/beheer/accounts/{id:int}"] = SweepRecipe.Of("/beheer/accounts/{account}"),
        ["/beheer/audit/{handler?}"] = SweepRecipe.Of("/beheer/audit", "/beheer/audit?actie=referral.list&plein={plein}"),
        ["/beheer/bezoekers"] = new(_ => [new("the search form", "/beheer/bezoekers"),
            new("a code found: to the visitor's access report", "/beheer/bezoekers?code={visitor}", Status: 302)]),
        ["/beheer/bezoekers/{id:int}/inzage"] = SweepRecipe.Of("/beheer/bezoekers/{bezoeker}/inzage"),
        ["/beheer/leefgebieden"] = SweepRecipe.Of("/beheer/leefgebieden", "/beheer/leefgebieden?Inactief=true"),
        ["/beheer/leefgebieden/{id:int}"] = SweepRecipe.Of("/beheer/leefgebieden/{leefgebied}"),
        ["/beheer/organisaties"] = SweepRecipe.Of("/beheer/organisaties", "/beheer/organisaties?Q=zorg"),
        ["/beheer/organisaties/{id:int}"] = SweepRecipe.Of("/beheer/organisaties/{organisation}"),
        ["/beheer/professionals"] = SweepRecipe.Of("/beheer/professionals", "/beheer/professionals?Q=jansen"),
        ["/beheer/professionals/{id:int}"] = SweepRecipe.Of("/beheer/professionals/{professional}"),
        ["/hangfire/{**path}"] = SweepRecipe.Of("/hangfire", "/hangfire/jobs/succeeded"),
    };

    /// <summary>Every tab of the referral lists with the filters that change its query, each status, a quarter, a deep page.</summary>
    /// <remarks>
    /// Each tab plain, open, waiting; then on the widest tab (alle, or uitgaand for a professional) every status, a
    /// quarter, a deep page and all three at once. At a typical plein only the widest tab gets the filters: the lists
    /// are bounded by the same indexes, and the sweep has to end within minutes.
    /// </remarks>
    static IEnumerable<SweepVariant> ReferralLists(SweepAsker asker)
    {
        var tabs = asker.Role == Asker.Professional
            ? new[] { ReferralTab.Inkomend, ReferralTab.Uitgaand }
            : [ReferralTab.Inkomend, ReferralTab.Uitgaand, ReferralTab.Alle];
        var widest = tabs[^1];
        yield return new("as it opens (inkomend)", "/verwijzingen");
        foreach (var tab in tabs.Skip(1))
            yield return new(tab, $"/verwijzingen?tab={tab}");
        foreach (var tab in asker.Plein == Typical ? [widest] : tabs)
        {
            yield return new($"{tab}, open", $"/verwijzingen?tab={tab}&status={ReferralTab.AllOpen}");
            yield return new($"{tab}, waiting", $"/verwijzingen?tab={tab}&status={ReferralTab.Waiting}");
        }
        foreach (var status in asker.Plein == Typical ? [ReferralStatus.Afgerond] : ReferralStatus.All)
            yield return new($"{widest}, {status}", $"/verwijzingen?tab={widest}&status={status}");
        yield return new($"{widest}, Q1 2026", $"/verwijzingen?tab={widest}&{Q1}");
        yield return new($"{widest}, page 400", $"/verwijzingen?tab={widest}&pagina=400");
        yield return new($"{widest}, afgerond, Q1 2026, page {ReferralListQuery.MaxPage}",
            $"/verwijzingen?tab={widest}&status={ReferralStatus.Afgerond}&{Q1}&pagina={ReferralListQuery.MaxPage}");
    }

    /// <summary>The dashboard: as it opens (the last completed quarter, kept), the busiest plein-quarter, a typical one, the running quarter.</summary>
    static IEnumerable<SweepVariant> Dashboard(SweepAsker asker)
    {
        yield return new("as it opens", "/dataset?plein={plein}");
        if (asker.Plein is null or Busiest) yield return new("busiest plein-quarter", $"/dataset?plein={Busiest}&kwartaal=2026-Q1", Busiest);
        if (asker.Plein is null or Typical) yield return new("typical plein-quarter", $"/dataset?plein={Typical}&kwartaal=2026-Q2", Typical);
        // Today's quarter. The region ends on 30 September 2026, so from then on it holds only what the benchmarks registered.
        var running = SociaalPlein.Data.Nieuwsbrief.Quarter.Of(SociaalPlein.Data.Infrastructure.PleinTime.Today(TimeProvider.System)).Key;
        if (asker.Role == Asker.Projectleider) yield return new("running quarter (counted live)", $"/dataset?plein={{plein}}&kwartaal={running}");
    }

    /// <summary>The plein's professionals with an account there, by the number of referrals (with a visitor) they sent there, most first.</summary>
    public static async Task<List<(int UserId, string Email, int ProfessionalId)>> SendersAsync(System.Data.Common.DbConnection conn, int plein) =>
        (await conn.QueryAsync<(int UserId, string Email, int ProfessionalId)>("""
            SELECT u.id, u.email, u.professional_id
            FROM referral r
            JOIN app_user u ON u.professional_id = r.from_professional_id
            JOIN app_user_plein up ON up.user_id = u.id AND up.plein_id = r.plein_id
            WHERE r.plein_id = @plein AND u.active AND u.role = 'professional' AND r.visitor_id IS NOT NULL
            GROUP BY u.id
            ORDER BY count(*) DESC, u.id
            """, new { plein })).ToList();

    /// <summary>
    /// The region's objects a plein's asker opens, by the names the matrix uses: the professional who sent the most
    /// referrals there (plein 1: the worst case) or the one in the middle (a typical plein), a referral they sent and its
    /// visitor, a sent newsletter and a draft, a subscriber's token, the gids's objects of the plein.
    /// </summary>
    public static async Task<(Dictionary<string, string> Ids, string ProfessionalEmail)> ArrangeAsync(FixtureDatabase db,
        int plein, bool busiest, Func<int, string> unsubscribeToken)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var senders = await SendersAsync(conn, plein);
        var sender = busiest ? senders[0] : senders[senders.Count / 2];
        var referral = await conn.QueryFirstAsync<(int Id, int VisitorId, string Code)>("""
            SELECT r.id, v.id, v.code FROM referral r JOIN visitor v ON v.id = r.visitor_id
            WHERE r.from_professional_id = @ProfessionalId AND r.plein_id = @plein
            ORDER BY r.id DESC LIMIT 1
            """, new { sender.ProfessionalId, plein });
        var gids = await conn.QueryFirstAsync<(int Professional, int Organisation)>("""
            SELECT p.id, p.organisation_id FROM professional p JOIN professional_plein pp ON pp.professional_id = p.id
            WHERE pp.plein_id = @plein AND p.active AND p.id <> @ProfessionalId ORDER BY p.id LIMIT 1
            """, new { plein, sender.ProfessionalId });
        var leefgebied = await conn.ExecuteScalarAsync<int>("SELECT id FROM leefgebied WHERE code = 'financien'");
        var sent = await conn.ExecuteScalarAsync<int?>("SELECT min(id) FROM newsletter WHERE plein_id = @plein AND status = 'verzonden'", new { plein })
                   ?? await NewsletterArrange.SentAsync(db, plein, 2025, 4);
        var draft = await conn.ExecuteScalarAsync<int?>("SELECT min(id) FROM newsletter WHERE plein_id = @plein AND status <> 'verzonden'", new { plein })
                    ?? await NewsletterArrange.DraftAsync(db, plein, 2025, 3);
        var subscriber = await NewsletterArrange.SubscriberAsync(db, plein, $"sweep-{Guid.NewGuid():N}"[..16] + "@partner.test");
        var ids = new Dictionary<string, string>
        {
            // Every name of ObjectNames, no other.
            ["plein"] = plein.ToString(),
            ["visitor"] = referral.Code,
            ["referral"] = referral.Id.ToString(),
            ["newsletter"] = sent.ToString(),
            ["draft"] = draft.ToString(),
            ["token"] = unsubscribeToken(subscriber),
            ["organisation"] = gids.Organisation.ToString(),
            ["professional"] = gids.Professional.ToString(),
            ["leefgebied"] = leefgebied.ToString(),
            ["account"] = sender.UserId.ToString(),
            ["bezoeker"] = referral.VisitorId.ToString(),
            ["hsdsorganization"] = HsdsIds.For("organisation", gids.Organisation),
            ["hsdsservice"] = HsdsIds.For("professional", gids.Professional),
            ["hsdsserviceatlocation"] = HsdsIds.For("service-at-location", gids.Professional, plein),
            ["hsdstaxonomy"] = HsdsTaxonomies.Domein.Id,
            ["hsdsterm"] = HsdsTaxonomies.TermId(HsdsTaxonomies.DomeinKey, "sociaal"),
        };
        return (ids, sender.Email);
    }

    /// <summary>The region objects <see cref="ArrangeAsync"/> names, the only names in braces a recipe's address may use.</summary>
    public static readonly string[] ObjectNames =
    [
        "plein", "visitor", "referral", "newsletter", "draft", "token", "organisation", "professional", "leefgebied", "account",
        "bezoeker", "hsdsorganization", "hsdsservice", "hsdsserviceatlocation", "hsdstaxonomy", "hsdsterm",
    ];
}
