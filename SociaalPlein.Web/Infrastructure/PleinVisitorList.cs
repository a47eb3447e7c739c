using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Web.Infrastructure;

/// <summary>
/// A projectleider's list of one plein's visitors (/veelbezoekers, /opvolging; who may open it is the folder's policy):
/// the plein from <c>?plein=</c>, else the account's first. A plein the account may not list is not found (404); an
/// account with no plein to list gets the page without a list. Never cached; each view is audited with the plein and
/// the number of visitors shown, since the list names visitors by code.
/// </summary>
/// <param name="load">The feature's query: null when the account may list no plein, or not the one asked for.</param>
/// <param name="listAction">The audit action of a view.</param>
/// <param name="shown">What the audit entry records of a list shown: its plein and how many visitors it names.</param>
public abstract class PleinVisitorListModel<TList>(
    AuditLog audit, TimeProvider clock, string listAction,
    Func<int, int?, DateOnly, CancellationToken, Task<TList?>> load, Func<TList, (int PleinId, int Count)> shown) : PageModel
    where TList : class
{
    [BindProperty(SupportsGet = true, Name = "plein")]
    public int? PleinId { get; set; }

    /// <summary>Null when the account has no plein to list (a projectleider not yet linked to one).</summary>
    public TList? List { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        List = await load(User.UserId(), PleinId, PleinTime.Today(clock), ct);
        if (List is null) return PleinId is null ? Page() : NotFound();
        var (plein, count) = shown(List);
        await audit.WriteAsync(PageAudit.Entry(this, listAction, allowed: true, "visitor", pleinId: plein,
            detail: new { plein, count }), ct);
        return Page();
    }
}

/// <summary>The plein picker of a <see cref="PleinVisitorListModel{TList}"/>'s page (Shared/_PleinKeuze).</summary>
public sealed record PleinChoice(IReadOnlyList<(int Id, string Name)> Pleinen, int Chosen);
