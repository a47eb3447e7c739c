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

    public VisitorCardPage Card { get; private set; } = null!;
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        // Personal data: never kept by a browser or proxy cache.
        Response.Headers.CacheControl = "no-store";
        Today = PleinTime.Today(clock);
        var card = await cards.LoadAsync(User.UserId(), code, Today, ct);
        await audit.WriteAsync(PageAudit.Entry(this, ViewAction, allowed: card is not null, "visitor", card?.Visitor.Id.ToString(), code.Trim().ToUpperInvariant(),
            pleinId: card?.Visitor.PleinId, detail: card is null ? null : new { contact = ContactDetail(card.Visitor) }), ct);
        if (card is null) return NotFound();
        Card = card;
        return Page();
    }

    static string ContactDetail(CardVisitor v) =>
        v.ContactShown ? "shown" : v.MaySeeContact ? "none_stored" : "not_permitted";
}
