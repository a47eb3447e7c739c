using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Bezoekers;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Toezicht;

/// <summary>
/// /toezicht (projectleider and beheerder, by the folder's policy): who opened which visitor's whole history, when and
/// why, per professional, for the pleinen the account oversees. It names visitors by code, so each view is audited.
/// </summary>
public sealed class IndexModel(HistoryOpenings openings, AuditLog audit, TimeProvider clock) : PageModel
{
    public HistoryOpeningsPage List { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        List = await openings.LoadAsync(User.UserId(), PleinTime.Today(clock), ct);
        await audit.WriteAsync(PageAudit.Entry(this, HistoryOpenings.ReviewAction, allowed: true, "visitor_history_opening",
            detail: new { openings = List.Openings.Count, accounts = List.Openers.Count }), ct);
        return Page();
    }
}
