using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Beheer;

namespace SociaalPlein.Web.Pages.Beheer.Professionals;

public sealed class IndexModel(ProfessionalAdmin professionals) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Inactief { get; set; }

    public IReadOnlyList<ProfessionalListRow> Rows { get; private set; } = [];
    public int Total { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Q is { Length: > 100 }) Q = Q[..100];
        (Rows, Total) = await professionals.ListAsync(Q, Inactief, ct);
    }
}
