using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Beheer;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Beheer.Leefgebieden;

public sealed class NieuwModel(LeefgebiedAdmin leefgebieden) : PageModel
{
    [BindProperty]
    public LeefgebiedInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (values, errors) = Input.Check(withCode: true);
        if (ModelState.Refuse(errors)) return Page();
        var saved = await leefgebieden.CreateAsync(values, User.UserId(), ct);
        if (ModelState.Refuse(saved.Errors)) return Page();
        TempData[BeheerForm.Notice] = $"{values.Name} is toegevoegd.";
        return RedirectToPage("Bewerken", new { id = saved.Id });
    }
}
