using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Beheer;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Beheer;

/// <summary>
/// The audit log for the beheerder (/beheer/audit): filtered by user, data subject, action, outcome, plein and period,
/// newest first, a page at a time; /beheer/audit/csv downloads every entry of the same filters, and that download is
/// itself an entry (audit.exported). Every filter is a GET, so a search can be bookmarked. The log names visitors by
/// code only, but says who looked at whom: never kept by a browser or proxy cache.
/// </summary>
public sealed partial class AuditModel(AuditSearch search, AuditLog audit, PleinRetention pleinen, StablePseudonyms pseudonyms) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "gebruiker")] public string? Gebruiker { get; set; }
    [BindProperty(SupportsGet = true, Name = "betrokkene")] public string? Betrokkene { get; set; }
    [BindProperty(SupportsGet = true, Name = "actie")] public string? Actie { get; set; }
    [BindProperty(SupportsGet = true, Name = "uitkomst")] public string? Uitkomst { get; set; }
    [BindProperty(SupportsGet = true, Name = "plein")] public string? Plein { get; set; }
    [BindProperty(SupportsGet = true, Name = "van")] public string? Van { get; set; }
    [BindProperty(SupportsGet = true, Name = "tot")] public string? Tot { get; set; }
    [BindProperty(SupportsGet = true, Name = "na")] public string? Na { get; set; }

    public IReadOnlyList<string> Actions { get; private set; } = [];
    public IReadOnlyList<PleinRetentionRow> Pleinen { get; private set; } = [];
    public AuditPage? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await FilterAsync(ct) is not { } filter) return Page();
        Result = await search.PageAsync(filter, AuditCursor.Parse(Na), ct);
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (await FilterAsync(ct) is not { } filter) return Page();
        Response.ContentType = AuditCsv.ContentType;
        Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = "auditlog.csv" }.ToString();
        Response.Headers.XContentTypeOptions = "nosniff";
        long rows = 0;
        var completed = false;
        try
        {
            rows = await AuditCsv.WriteAsync(search.AllAsync(filter, HttpContext.RequestAborted), Response.Body, HttpContext.RequestAborted);
            completed = true;
        }
        finally
        {
            // Written whatever happened, also when the client went away midway.
            await audit.WriteAsync(PageAudit.Entry(this, AuditCsv.ExportAction, allowed: true, "audit_log", subject: filter.Subject,
                pleinId: filter.PleinId, detail: new { filters = Describe(filter), rows, completed }), CancellationToken.None);
        }
        return new EmptyResult();
    }

    /// <summary>
    /// The filters as read; or null, with a Dutch message next to each field that is wrong and a 400, so the page shows
    /// them (never a file). Either way the answer is never cached.
    /// </summary>
    async Task<AuditFilter?> FilterAsync(CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        var filter = await ReadAsync(ct);
        if (filter is null) Response.StatusCode = StatusCodes.Status400BadRequest;
        return filter;
    }

    async Task<AuditFilter?> ReadAsync(CancellationToken ct)
    {
        ModelState.Clear();
        Actions = await search.ActionsAsync(ct);
        // Every plein, also one no longer active: its entries stay in the log.
        Pleinen = await pleinen.ListAsync(ct);

        string? email = Clean(Gebruiker)?.ToLowerInvariant();
        if (email is not null && (email.Length > 254 || !email.Contains('@') || email.Any(char.IsControl)))
            ModelState.AddModelError("gebruiker", "Vul het e-mailadres van een gebruiker in, zoals naam@voorbeeld.nl.");

        string? subject = Clean(Betrokkene);
        if (subject is not null && StablePseudonyms.Looks(subject))
        {
            // A pseudonym from an export: the log knows visitors by code.
            subject = await pseudonyms.CodeOfAsync(subject, ct);
            if (subject is null)
                ModelState.AddModelError("betrokkene", "Bij dit pseudoniem hoort geen bezoeker. Alleen vaste pseudoniemen (per plein) zijn terug te vinden.");
        }
        else if (subject is not null)
        {
            subject = subject.ToUpperInvariant();
            if (!VisitorCode().IsMatch(subject))
                ModelState.AddModelError("betrokkene", "Vul een bezoekerscode in, zoals B-K7QM-4XRA, of een vast pseudoniem uit een export, zoals P3f2a6c0e9b1d4a57.");
        }

        string? action = Clean(Actie);
        if (action is not null && !ActionCode().IsMatch(action))
            ModelState.AddModelError("actie", "Kies een actie uit de lijst.");

        bool? allowed = Clean(Uitkomst) switch
        {
            null => null,
            "allowed" => true,
            "refused" => false,
            _ => Refuse("uitkomst", "Kies toegestaan of geweigerd."),
        };

        int? pleinId = null;
        if (Clean(Plein) is { } plein)
        {
            if (int.TryParse(plein, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && Pleinen.Any(p => p.Id == id)) pleinId = id;
            else ModelState.AddModelError("plein", "Kies een plein uit de lijst.");
        }

        var from = Day("van", Van);
        var to = Day("tot", Tot);
        if (from is not null && to is not null && to < from)
            ModelState.AddModelError("tot", "De einddatum ligt voor de begindatum.");

        return ModelState.IsValid ? new AuditFilter(email, subject, action, allowed, pleinId, from, to) : null;
    }

    bool? Refuse(string field, string message)
    {
        ModelState.AddModelError(field, message);
        return null;
    }

    DateOnly? Day(string field, string? text)
    {
        if (Clean(text) is not { } value) return null;
        if (FormDate.Parse(value) is { Year: >= 2000 and <= 2100 } day) return day;
        ModelState.AddModelError(field, "Vul een datum in als dd-mm-jjjj, tussen 2000 en 2100.");
        return null;
    }

    static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    // For the export's entry: what was filtered on, never more than the beheerder typed (a code, an address, dates).
    static object Describe(AuditFilter f) => new
    {
        user = f.UserEmail, subject = f.Subject, action = f.Action,
        outcome = f.Allowed switch { true => "allowed", false => "refused", null => null },
        plein = f.PleinId, from = f.From?.ToString("yyyy-MM-dd"), to = f.To?.ToString("yyyy-MM-dd"),
    };

    /// <summary>The first message for a filter field, or null.</summary>
    public string? ErrorFor(string field) =>
        ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    /// <summary>The query string of the current filters (without the page), for the export link and "next page".</summary>
    public Dictionary<string, string> FilterRoute() =>
        new (string Key, string? Value)[]
        {
            ("gebruiker", Gebruiker), ("betrokkene", Betrokkene), ("actie", Actie), ("uitkomst", Uitkomst),
            ("plein", Plein), ("van", Van), ("tot", Tot),
        }.Where(f => !string.IsNullOrWhiteSpace(f.Value)).ToDictionary(f => f.Key, f => f.Value!.Trim());

    public static string OutcomeLabel(string outcome) => outcome == "allowed" ? "toegestaan" : "geweigerd";

    [GeneratedRegex(SociaalPlein.Data.Bezoekers.VisitorCode.Pattern)]
    private static partial Regex VisitorCode();

    // Action names are lower-case words with dots and underscores, and may carry digits (2fa.enabled, account.2fa_reset).
    [GeneratedRegex(@"^[a-z0-9][a-z0-9_.]{2,60}$")]
    private static partial Regex ActionCode();
}
