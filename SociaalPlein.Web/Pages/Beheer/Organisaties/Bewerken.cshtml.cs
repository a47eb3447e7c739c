using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Beheer;
using SociaalPlein.Web.Infrastructure;
using SociaalPlein.Web.Pages.Beheer.Accounts;

namespace SociaalPlein.Web.Pages.Beheer.Organisaties;

public sealed class BewerkenModel(OrganisationAdmin organisations, AuditLog audit) : PageModel, IOrganisatieFormulier
{
    [BindProperty]
    public OrganisationInput Input { get; set; } = new();

    public OrganisationEntry Entry { get; private set; } = null!;
    public DirectoryChoices Choices { get; private set; } = null!;
    public WijzigingenView History { get; private set; } = null!;
    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Input = OrganisationInput.From(Entry.Values);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var (values, errors) = Input.Check(Choices, Entry.Values);
        if (ModelState.Refuse(errors)) return Page();
        if (await organisations.UpdateAsync(id, values, User.UserId(), ct) is null) return NotFound();
        TempData[BeheerForm.Notice] = "De wijzigingen zijn opgeslagen.";
        return RedirectToPage(new { id });
    }

    public Task<IActionResult> OnPostDeactiverenAsync(int id, CancellationToken ct) => SetActiveAsync(id, false, ct);

    public Task<IActionResult> OnPostActiverenAsync(int id, CancellationToken ct) => SetActiveAsync(id, true, ct);

    async Task<IActionResult> SetActiveAsync(int id, bool active, CancellationToken ct)
    {
        var (found, refusal, deactivatedAccounts) = await organisations.SetActiveAsync(id, active, User.UserId(), ct);
        if (!found) return NotFound();
        await audit.AccountsDeactivatedAsync(this, deactivatedAccounts, "organisation", ct);
        if (refusal is not null)
        {
            await LoadAsync(id, ct);
            Input = OrganisationInput.From(Entry.Values);
            Refusal = refusal;
            return Page();
        }
        TempData[BeheerForm.Notice] = active ? "De organisatie is weer actief." : "De organisatie is gedeactiveerd.";
        return RedirectToPage(new { id });
    }

    async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await organisations.GetAsync(id, ct) is not { } entry) return false;
        Entry = entry;
        Choices = await organisations.ChoicesAsync(ct);
        History = new WijzigingenView(await organisations.HistoryAsync(id, ct), Choices);
        return true;
    }
}
