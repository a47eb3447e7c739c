using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Nieuwsbrieven;

/// <summary>/nieuwsbrieven: the sent newsletters of the account's pleinen (the beheerder: all), newest first, as PDFs.</summary>
public sealed class IndexModel(Newsletters newsletters) : PageModel
{
    public IReadOnlyList<ArchivedNewsletter> Archive { get; private set; } = [];

    public bool CanManage => User.IsAtLeast(Roles.Projectleider);

    public async Task OnGetAsync(CancellationToken ct) => Archive = await newsletters.ArchiveAsync(User.UserId(), ct);
}
