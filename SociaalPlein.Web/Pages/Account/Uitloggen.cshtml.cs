using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Account;

public sealed class UitloggenModel : PageModel
{
    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        await SessionValidation.SignOutAsync(HttpContext);
        return RedirectToPage("/Index");
    }
}
