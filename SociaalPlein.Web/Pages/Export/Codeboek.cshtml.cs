using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Export;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Export;

/// <summary>/export/codeboek: every dataset's columns with their meaning and values, and the leefgebied codes.</summary>
public sealed class CodeboekModel(ExportQuery export) : PageModel
{
    public IReadOnlyList<ExportLeefgebied> Leefgebieden { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Leefgebieden = (await export.ChoicesAsync(User.UserId(), ct)).Leefgebieden;
}
