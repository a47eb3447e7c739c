using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Metingen;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Opvolging;

/// <summary>
/// /opvolging (projectleider and beheerder, by the folder's policy): the plein's visitors who still visit but whose last
/// meting is older than the plein's follow-up months. Another plein is not found (404); each view is audited.
/// </summary>
public sealed class IndexModel(FollowUpList list, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "plein")]
    public int? PleinId { get; set; }

    public FollowUpPage? List { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        List = await list.LoadAsync(User.UserId(), PleinId, PleinTime.Today(clock), ct);
        if (List is null) return PleinId is null ? Page() : NotFound();
        await audit.WriteAsync(PageAudit.Entry(this, FollowUpList.ListAction, allowed: true, "visitor", pleinId: List.Plein.Id,
            detail: new { plein = List.Plein.Id, count = List.Visitors.Count }), ct);
        return Page();
    }
}
