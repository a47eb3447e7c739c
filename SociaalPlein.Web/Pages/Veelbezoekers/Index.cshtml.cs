using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Bezoekers;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Web.Infrastructure;
using SociaalPlein.Web.Pages.Bezoekers;

namespace SociaalPlein.Web.Pages.Veelbezoekers;

/// <summary>
/// /veelbezoekers (projectleider and beheerder, by the folder's policy): one plein's frequent visitors with their
/// visits and the leefgebieden involved. A plein the account may not list is not found (404). Each view is audited
/// with the plein and the number of visitors shown.
/// </summary>
public sealed class IndexModel(FrequentVisitorList list, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "plein")]
    public int? PleinId { get; set; }

    /// <summary>Null when the account has no plein to list (a projectleider not yet linked to one).</summary>
    public FrequentVisitorPage? List { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        List = await list.LoadAsync(User.UserId(), PleinId, PleinTime.Today(clock), ct);
        if (List is null) return PleinId is null ? Page() : NotFound();
        await audit.WriteAsync(PageAudit.Entry(this, FrequentVisitorList.ListAction, allowed: true, "visitor", pleinId: List.Plein.Id,
            detail: new { plein = List.Plein.Id, count = List.Visitors.Count }), ct);
        return Page();
    }
}
