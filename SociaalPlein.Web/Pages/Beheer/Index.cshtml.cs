using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SociaalPlein.Web.Pages.Beheer;

/// <summary>The beheerder's start page: where the directory is kept current.</summary>
public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
