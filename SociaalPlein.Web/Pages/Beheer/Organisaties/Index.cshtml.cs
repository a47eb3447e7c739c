using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Beheer;

namespace SociaalPlein.Web.Pages.Beheer.Organisaties;

public sealed class IndexModel(OrganisationAdmin organisations) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Inactief { get; set; }

    public IReadOnlyList<OrganisationListRow> Rows { get; private set; } = [];
    public int Total { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        // A search longer than any name finds nothing anyway; cut it rather than send it on.
        if (Q is { Length: > 100 }) Q = Q[..100];
        (Rows, Total) = await organisations.ListAsync(Q, Inactief, ct);
    }
}
