using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Bezoekers;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Bezoekers;

/// <summary>
/// The visitor card at /bezoekers/{code}: demographics, visits and referrals over time, and the contact details for
/// those with a need to know them. A visitor the account may not see is not found (404). Every view, refused ones
/// included, is written to the audit log before anything is shown.
/// </summary>
public sealed class IndexModel(VisitorCard cards, AuditLog audit, TimeProvider clock) : PageModel
{
    public const string ViewAction = "visitor.view";
    public const string HistoryOpenedAction = "visitor.history_opened";

    public VisitorCardPage Card { get; private set; } = null!;
    public DateOnly Today { get; private set; }

    /// <summary>Why the account opens the whole history ("break the glass"); kept for the projectleider's review.</summary>
    [BindProperty]
    public string? Reden { get; set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct) => await ShowAsync(code, ct) ?? Page();

    /// <summary>
    /// Opens the rest of the visitor's history with a reason: stored (visitor_history_opening) and audited as
    /// visitor.history_opened before anything more is shown; then the card again, now with the whole history.
    /// </summary>
    public async Task<IActionResult> OnPostOpenenAsync(string code, CancellationToken ct)
    {
        var reason = (Reden ?? "").Trim();
        if (reason.Length < 10)
            ModelState.AddModelError(nameof(Reden), "Schrijf in een paar woorden waarom je de hele geschiedenis nodig hebt (minstens 10 tekens).");
        else if (reason.Length > 300)
            ModelState.AddModelError(nameof(Reden), "Houd de reden kort: hoogstens 300 tekens.");
        if (!ModelState.IsValid) return await ShowAsync(code, ct) ?? Page();

        var opened = await cards.OpenHistoryAsync(User.UserId(), code, reason, ct);
        await audit.WriteAsync(PageAudit.Entry(this, HistoryOpenedAction, allowed: opened is not null, "visitor", opened?.VisitorId.ToString(),
            code.Trim().ToUpperInvariant(), pleinId: opened?.PleinId, detail: opened is null ? null : new { opening = opened.Id, minutes = VisitorCard.OpenMinutes }), ct);
        if (opened is null) return NotFound();
        return RedirectToPage(new { code = code.Trim().ToUpperInvariant() });
    }

    /// <summary>Loads and audits the card; a result only when there is none to show (404).</summary>
    async Task<IActionResult?> ShowAsync(string code, CancellationToken ct)
    {
        // Personal data: never kept by a browser or proxy cache.
        Response.Headers.CacheControl = "no-store";
        Today = PleinTime.Today(clock);
        var card = await cards.LoadAsync(User.UserId(), code, Today, ct);
        await audit.WriteAsync(PageAudit.Entry(this, ViewAction, allowed: card is not null, "visitor", card?.Visitor.Id.ToString(), code.Trim().ToUpperInvariant(),
            pleinId: card?.Visitor.PleinId, detail: card is null ? null : new
            {
                contact = ContactDetail(card.Visitor),
                history = card.Visitor.HistoryOpen ? "whole" : "own",
                visits = card.Visits.Count,
                referrals = card.Referrals.Count,
            }), ct);
        if (card is null) return NotFound();
        Card = card;
        return null;
    }

    static string ContactDetail(CardVisitor v) =>
        v.ContactShown ? "shown" : v.MaySeeContact ? "none_stored" : "not_permitted";
}
