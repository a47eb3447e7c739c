using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Beheer;
using SociaalPlein.Web.Infrastructure;
using SociaalPlein.Web.Pages.Beheer.Accounts;

namespace SociaalPlein.Web.Pages.Beheer.Organisaties;

public sealed class BewerkenModel(OrganisationAdmin organisations, AuditLog audit) : PageModel, IOrganisationForm
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

    /// <summary>The confirmation step of a deactivation, shown on the first POST instead of acting.</summary>
    public Confirmation? Confirm { get; private set; }

    public Task<IActionResult> OnPostDeactiverenAsync(int id, CancellationToken ct) =>
        Confirmation.Given(Request) ? SetActiveAsync(id, false, ct) : ConfirmDeactivationAsync(id, ct);

    async Task<IActionResult> ConfirmDeactivationAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Input = OrganisationInput.From(Entry.Values);
        // Refused before anything is asked: confirming what cannot be done would only waste a click.
        if (await organisations.DeactivationRefusalAsync(id, User.UserId(), ct) is { } refusal)
        {
            Refusal = refusal;
            return Page();
        }
        var name = Entry.Values.Name;
        var people = Entry.ActiveProfessionals switch
        {
            0 => "",
            1 => " Ook de ene actieve professional wordt inactief en diens account gedeactiveerd.",
            var n => $" Ook de {n} actieve professionals worden inactief en hun accounts gedeactiveerd.",
        };
        Confirm = new Confirmation($"Organisatie {name} deactiveren?",
            $"{name} verdwijnt uit de gids en kan geen verwijzingen meer krijgen.{people} Eerdere verwijzingen en bezoeken blijven " +
            "bewaard; je kunt de organisatie later weer activeren.",
            "Deactiveren", $"{name} deactiveren", $"/beheer/organisaties/{id}", "Terug, niet deactiveren")
        { Route = new() { ["id"] = id.ToString() } };
        return Page();
    }

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
