using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Beheer;

namespace SociaalPlein.Web.Pages.Beheer.Leefgebieden;

public sealed class IndexModel(LeefgebiedAdmin leefgebieden) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public bool Inactief { get; set; }

    public IReadOnlyList<LeefgebiedListRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Rows = await leefgebieden.ListAsync(Inactief, ct);
}
