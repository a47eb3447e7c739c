using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Beheer;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Beheer.Organisaties;

/// <summary>What the organisation fields partial needs from its page.</summary>
public interface IOrganisationForm
{
    OrganisationInput Input { get; }
    DirectoryChoices Choices { get; }
}

public sealed class NieuwModel(OrganisationAdmin organisations) : PageModel, IOrganisationForm
{
    [BindProperty]
    public OrganisationInput Input { get; set; } = new();

    public DirectoryChoices Choices { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Choices = await organisations.ChoicesAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Choices = await organisations.ChoicesAsync(ct);
        var (values, errors) = Input.Check(Choices);
        if (ModelState.Refuse(errors)) return Page();
        var saved = await organisations.CreateAsync(values, User.UserId(), ct);
        TempData[BeheerForm.Notice] = $"{values.Name} is toegevoegd.";
        return RedirectToPage("Bewerken", new { id = saved.Id });
    }
}
