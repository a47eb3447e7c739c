using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SociaalPlein.Web.Pages.Account;

public sealed class GeweigerdModel : PageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
