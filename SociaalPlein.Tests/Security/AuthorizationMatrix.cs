using System.Text;
using static SociaalPlein.Tests.Security.Answer;

namespace SociaalPlein.Tests.Security;

/// <summary>What a request gets: the status, and for a redirect where it leads.</summary>
public enum Answer
{
    /// <summary>200.</summary>
    Ok,
    /// <summary>302 to /account/inloggen?ReturnUrl=…</summary>
    Login,
    /// <summary>302 to /account/geweigerd, which answers 403: the role may not open this.</summary>
    Denied,
    /// <summary>302 to / (the login page, for an account that is signed in already).</summary>
    Home,
    /// <summary>400.</summary>
    BadRequest,
    /// <summary>401 (the API: JSON, never a redirect).</summary>
    Unauthorized,
    /// <summary>403 straight away.</summary>
    Forbidden,
    /// <summary>404: unknown, or another plein's object (not 403, so that an id reveals nothing).</summary>
    NotFound,
}

/// <summary>
/// One route of the app: its endpoint pattern as the app registers it, the address the test asks (with the arranged
/// objects in braces, see <see cref="SecurityWorld"/>), and the expected answer per asker. <see cref="OtherPlein"/> only
/// for routes that name a plein's object.
/// </summary>
public sealed record MatrixRow(string Pattern, string Url, Answer Anonymous, Answer Professional, Answer Projectleider,
    Answer Beheerder, Answer? OtherPlein = null, string Note = "", string Method = "GET")
{
    public Answer? For(Asker asker) => asker switch
    {
        Asker.Anonymous => Anonymous,
        Asker.Professional => Professional,
        Asker.Projectleider => Projectleider,
        Asker.Beheerder => Beheerder,
        _ => OtherPlein,
    };
}

/// <summary>
/// The authorization matrix, in one place: <c>AuthorizationMatrixTests</c> asks every route as every asker and
/// expects these answers, finds every endpoint of the app here (a new page without a row fails), and keeps the table in
/// docs/security.md equal to <see cref="Markdown"/>. A new page is one line in <see cref="Rows"/>.
/// <para>
/// The professional is the sender of the arranged referral (so the referral and its visitor are theirs to see); the
/// projectleider and beheerder are of the same plein; "other plein" is the projectleider of a second plein.
/// </para>
/// </summary>
public static class AuthorizationMatrix
{
    public static readonly MatrixRow[] Rows =
    [
        // Public
        new("/", "/", Ok, Ok, Ok, Ok, Note: "public welcome; signed in: own pleinen"),
        new("/error", "/error", Ok, Ok, Ok, Ok, Note: "the Dutch status page (re-executed for 4xx/5xx)"),
        new("/spreekuren", "/spreekuren", Ok, Ok, Ok, Ok, Note: "organisations and times only"),
        new("/account/inloggen", "/account/inloggen", Ok, Home, Home, Home, Note: "a return URL to another site is ignored"),
        new("/account/geweigerd", "/account/geweigerd", Forbidden, Forbidden, Forbidden, Forbidden, Note: "the access-denied page itself"),
        new("/account/uitloggen", "/account/uitloggen", Login, Ok, Ok, Ok, Note: "logging out is a POST"),
        new("/account/wachtwoord-vergeten", "/account/wachtwoord-vergeten", Ok, Ok, Ok, Ok,
            Note: "the same answer for every address; a mail only to an active account"),
        new("/account/wachtwoord-instellen", "/account/wachtwoord-instellen?t=onbekend", Ok, Ok, Ok, Ok,
            Note: "sets a password only with an open, unexpired link of an active account"),
        new("/account/inloggen/code", "/account/inloggen/code", Login, Login, Login, Login,
            Note: "only with the half-signed-in cookie of the password step"),
        new("/account/tweestapsverificatie", "/account/tweestapsverificatie", Login, Ok, Ok, Ok,
            Note: "staff without two-factor reach only this page after the password; switching off: professionals only"),
        new("/nieuwsbrieven/afmelden", "/nieuwsbrieven/afmelden?t={token}", Ok, Ok, Ok, Ok,
            Note: "only with a valid signed token (else 400, nothing changed)"),
        new("/nieuwsbrieven/afmelden/een-klik", "/nieuwsbrieven/afmelden/een-klik?t={token}", Ok, Ok, Ok, Ok, Method: "POST",
            Note: "RFC 8058 one-click; the signed token authorises it, no antiforgery token by design"),
        new("/health", "/health", Ok, Ok, Ok, Ok, Note: "status only, never which check failed"),
        new("/health/live", "/health/live", Ok, Ok, Ok, Ok),
        new("/health/ready", "/health/ready", Ok, Ok, Ok, Ok),

        // Every account
        new("/gids", "/gids", Login, Ok, Ok, Ok),
        new("/gids/organisatie/{id:int}", "/gids/organisatie/{organisation}", Login, Ok, Ok, Ok, Ok,
            Note: "the directory is shared by all pleinen; inactive or unknown → 404"),
        new("/gids/professional/{id:int}", "/gids/professional/{professional}", Login, Ok, Ok, Ok, Ok,
            Note: "the directory is shared by all pleinen; inactive or unknown → 404"),
        new("/gids/print", "/gids/print?professional={professional}", Login, Ok, Ok, Ok, Ok, Note: "active professionals only; no visitor data"),
        new("/api/hsds/", "/api/hsds/", Unauthorized, Ok, Ok, Ok,
            Note: "or with a valid X-Api-Key: that key's plein only; another plein's object → 404"),
        new("/api/hsds/openapi.json", "/api/hsds/openapi.json", Unauthorized, Ok, Ok, Ok,
            Note: "or with a valid X-Api-Key: that key's plein only; another plein's object → 404"),
        new("/api/hsds/services", "/api/hsds/services", Unauthorized, Ok, Ok, Ok,
            Note: "or with a valid X-Api-Key: that key's plein only; another plein's object → 404"),
        new("/api/hsds/services/{id}", "/api/hsds/services/{hsdsservice}", Unauthorized, Ok, Ok, Ok,
            Note: "or with a valid X-Api-Key: that key's plein only; another plein's object → 404"),
        new("/api/hsds/organizations", "/api/hsds/organizations", Unauthorized, Ok, Ok, Ok,
            Note: "or with a valid X-Api-Key: that key's plein only; another plein's object → 404"),
        new("/api/hsds/organizations/{id}", "/api/hsds/organizations/{hsdsorganization}", Unauthorized, Ok, Ok, Ok,
            Note: "or with a valid X-Api-Key: that key's plein only; another plein's object → 404"),
        new("/api/hsds/service_at_locations", "/api/hsds/service_at_locations", Unauthorized, Ok, Ok, Ok,
            Note: "or with a valid X-Api-Key: that key's plein only; another plein's object → 404"),
        new("/api/hsds/service_at_locations/{id}", "/api/hsds/service_at_locations/{hsdsserviceatlocation}", Unauthorized, Ok, Ok, Ok,
            Note: "or with a valid X-Api-Key: that key's plein only; another plein's object → 404"),
        new("/api/hsds/taxonomies", "/api/hsds/taxonomies", Unauthorized, Ok, Ok, Ok,
            Note: "or with a valid X-Api-Key: that key's plein only; another plein's object → 404"),
        new("/api/hsds/taxonomies/{id}", "/api/hsds/taxonomies/{hsdstaxonomy}", Unauthorized, Ok, Ok, Ok,
            Note: "or with a valid X-Api-Key: that key's plein only; another plein's object → 404"),
        new("/api/hsds/taxonomy_terms", "/api/hsds/taxonomy_terms", Unauthorized, Ok, Ok, Ok,
            Note: "or with a valid X-Api-Key: that key's plein only; another plein's object → 404"),
        new("/api/hsds/taxonomy_terms/{id}", "/api/hsds/taxonomy_terms/{hsdsterm}", Unauthorized, Ok, Ok, Ok,
            Note: "or with a valid X-Api-Key: that key's plein only; another plein's object → 404"),
        new("/profiel", "/profiel", Login, Ok, Ok, Ok, Note: "own entry only, found through the account"),
        new("/profiel/spreekuren", "/profiel/spreekuren", Login, Ok, Ok, Ok, Note: "own spreekuren only; another's spreekuur id → 404"),
        new("/spreekuur", "/spreekuur", Login, Ok, Ok, Ok, Note: "own pleinen (beheerder: all); name/phone search only through referrals whose contact details one may see (SeesContact), audited"),
        new("/verwijzingen", "/verwijzingen", Login, Ok, Ok, Ok, Note: "professional: referrals sent or received; projectleider: own pleinen"),
        new("/verwijzingen/nieuw", "/verwijzingen/nieuw", Login, Ok, Ok, Ok, Note: "own pleinen; another plein's visitor is refused with a message"),
        new("/verwijzingen/{id:int}", "/verwijzingen/{referral}", Login, Ok, Ok, Ok, NotFound,
            Note: "professional: if sent or received, else 404; the contact details that referral carried to the same people only; every view audited"),
        new("/bezoekers/{code:regex(^b-([0-9]{{4}}-[0-9]{{4,6}}|[2-9a-hjkmnp-z]{{4}}-[2-9a-hjkmnp-z]{{4}})$)}", "/bezoekers/{visitor}", Login, Ok, Ok, Ok, NotFound,
            Note: "need to know (NeedToKnow.cs), else 404; a professional sees own entries, the rest only after opening it with a reason (POST, audited); every view audited"),
        new("/toezicht", "/toezicht", Login, Denied, Ok, Ok,
            Note: "openings of a visitor's whole history at own pleinen (beheerder: all), with their reasons; audited"),
        new("/nieuwsbrieven", "/nieuwsbrieven", Login, Ok, Ok, Ok, Note: "sent newsletters of own pleinen"),
        new("/nieuwsbrieven/{id:int}", "/nieuwsbrieven/{newsletter}", Login, Ok, Ok, Ok, NotFound,
            Note: "the web page: the PDF's rule; with the mail's signed link (?t=) that sent newsletter for anyone"),
        new("/nieuwsbrieven/{id:int}/pdf", "/nieuwsbrieven/{newsletter}/pdf", Login, Ok, Ok, Ok, NotFound,
            Note: "a draft (for a professional), another plein's, a regional one → 404"),

        // Projectleider and beheerder
        new("/veelbezoekers", "/veelbezoekers?plein={plein}", Login, Denied, Ok, Ok, NotFound, Note: "another plein → 404; audited"),
        new("/opvolging", "/opvolging?plein={plein}", Login, Denied, Ok, Ok, NotFound,
            Note: "visitors due a new meting; another plein → 404; audited"),
        new("/dataset", "/dataset?plein={plein}", Login, Denied, Ok, Ok, NotFound,
            Note: "aggregates only, counts 1–4 as <5; another, unknown or malformed plein → 404 with one message"),
        new("/export", "/export", Login, Denied, Ok, Ok, Note: "own pleinen (beheerder: all)"),
        new("/export/codeboek", "/export/codeboek", Login, Denied, Ok, Ok),
        new("/export/{bestand}", "/export/verwijzingen.csv?plein={plein}", Login, Denied, Ok, Ok, NotFound,
            Note: "another or unknown plein → 404 (another's audited as refused); every download audited"),
        new("/nieuwsbrieven/beheer", "/nieuwsbrieven/beheer", Login, Denied, Ok, Ok),
        new("/nieuwsbrieven/beheer/{id:int}", "/nieuwsbrieven/beheer/{draft}", Login, Denied, Ok, Ok, NotFound, Note: "sends audited"),
        new("/nieuwsbrieven/beheer/abonnees", "/nieuwsbrieven/beheer/abonnees", Login, Denied, Ok, Ok),

        // Beheerder
        new("/beheer", "/beheer", Login, Denied, Denied, Ok),
        new("/beheer/accounts", "/beheer/accounts", Login, Denied, Denied, Ok),
        new("/beheer/accounts/uitnodigen", "/beheer/accounts/uitnodigen", Login, Denied, Denied, Ok),
        new("/beheer/accounts/{id:int}", "/beheer/accounts/{account}", Login, Denied, Denied, Ok,
            Note: "not their own role, not deactivate themselves; every change audited"),
        new("/beheer/api-sleutels", "/beheer/api-sleutels", Login, Denied, Denied, Ok),
        new("/beheer/audit/{handler?}", "/beheer/audit", Login, Denied, Denied, Ok,
            Note: "also /beheer/audit/csv (same filters); every download audited"),
        new("/beheer/bezoekers", "/beheer/bezoekers", Login, Denied, Denied, Ok, Note: "find a visitor by code, every plein"),
        new("/beheer/bezoekers/{id:int}/inzage", "/beheer/bezoekers/{bezoeker}/inzage", Login, Denied, Denied, Ok,
            Note: "access report (audited); erasure is a POST with a confirmation (audited)"),
        new("/beheer/pleinen", "/beheer/pleinen", Login, Denied, Denied, Ok, Note: "retention months per plein; changes audited"),
        new("/beheer/metingen", "/beheer/metingen", Login, Denied, Denied, Ok,
            Note: "the steps' words; per plein the health leefgebieden (switching on asks a confirmation) and follow-up months; changes audited"),
        new("/beheer/import", "/beheer/import", Login, Denied, Denied, Ok, Note: "CSV of at most 2 MB"),
        new("/beheer/leefgebieden", "/beheer/leefgebieden", Login, Denied, Denied, Ok),
        new("/beheer/leefgebieden/nieuw", "/beheer/leefgebieden/nieuw", Login, Denied, Denied, Ok),
        new("/beheer/leefgebieden/{id:int}", "/beheer/leefgebieden/{leefgebied}", Login, Denied, Denied, Ok),
        new("/beheer/organisaties", "/beheer/organisaties", Login, Denied, Denied, Ok),
        new("/beheer/organisaties/nieuw", "/beheer/organisaties/nieuw", Login, Denied, Denied, Ok),
        new("/beheer/organisaties/{id:int}", "/beheer/organisaties/{organisation}", Login, Denied, Denied, Ok),
        new("/beheer/professionals", "/beheer/professionals", Login, Denied, Denied, Ok),
        new("/beheer/professionals/nieuw", "/beheer/professionals/nieuw", Login, Denied, Denied, Ok),
        new("/beheer/professionals/{id:int}", "/beheer/professionals/{professional}", Login, Denied, Denied, Ok),
        new("/beheer/prestaties", "/beheer/prestaties", Login, Denied, Denied, Ok, Note: "routes and normalised statements, never values"),
        new("/beheer/regionieuwsbrief", "/beheer/regionieuwsbrief", Login, Denied, Denied, Ok),
        new("/hangfire/{**path}", "/hangfire", Login, Denied, Denied, Ok, Note: "the job dashboard"),
    ];

    /// <summary>The line to add for an endpoint that has none, as the failure message shows it.</summary>
    public static string SuggestedRow(string pattern) =>
        $"new(\"{pattern}\", \"{pattern}\", Login, Ok, Ok, Ok),   // choose each role's answer";

    static string Cell(Answer? answer) => answer switch
    {
        Ok => "✓",
        Login => "→ login",
        Denied => "403 (→ /account/geweigerd)",
        Home => "→ /",
        BadRequest => "400",
        Unauthorized => "401",
        Forbidden => "403",
        NotFound => "404",
        _ => "—",
    };

    /// <summary>The table of docs/security.md, generated from <see cref="Rows"/>.</summary>
    public static string Markdown()
    {
        var table = new StringBuilder()
            .AppendLine("| route | asked as | anonymous | professional | projectleider | beheerder | other plein | notes |")
            .AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in Rows)
            table.AppendLine($"| `{(r.Method == "GET" ? "" : r.Method + " ")}{r.Pattern.Replace("|", "\\|")}` | `{r.Url}` | {Cell(r.Anonymous)} | " +
                             $"{Cell(r.Professional)} | {Cell(r.Projectleider)} | {Cell(r.Beheerder)} | {Cell(r.OtherPlein)} | {r.Note} |");
        return table.ToString();
    }
}
