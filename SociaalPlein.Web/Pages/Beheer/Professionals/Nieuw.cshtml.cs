using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Beheer;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Beheer.Professionals;

/// <summary>What the professional fields partial needs from its page.</summary>
public interface IProfessionalForm
{
    ProfessionalInput Input { get; }
    DirectoryChoices Choices { get; }
    IReadOnlyList<OrganisationChoice> Organisations { get; }
}

public sealed class NieuwModel(ProfessionalAdmin professionals) : PageModel, IProfessionalForm
{
    [BindProperty]
    public ProfessionalInput Input { get; set; } = new();

    public DirectoryChoices Choices { get; private set; } = null!;
    public IReadOnlyList<OrganisationChoice> Organisations { get; private set; } = [];

    /// <summary>From an organisation's page, "organisatie" preselects it.</summary>
    public async Task OnGetAsync([FromQuery(Name = "organisatie")] int? organisation, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Organisations.Any(o => o.Id == organisation)) Input.OrganisationId = organisation;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var (values, errors) = Input.Check(Choices, Organisations.Select(o => o.Id).ToHashSet());
        if (ModelState.Refuse(errors)) return Page();
        var saved = await professionals.CreateAsync(values, User.UserId(), ct);
        TempData[BeheerForm.Notice] = $"{values.Name} is toegevoegd.";
        return RedirectToPage("Bewerken", new { id = saved.Id });
    }

    async Task LoadAsync(CancellationToken ct)
    {
        Choices = await professionals.ChoicesAsync(ct);
        Organisations = await professionals.OrganisationsAsync(null, ct);
    }
}
