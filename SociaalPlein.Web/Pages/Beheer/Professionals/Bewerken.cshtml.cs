using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Accounts;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Beheer;
using SociaalPlein.Web.Infrastructure;
using SociaalPlein.Web.Pages.Beheer.Accounts;

namespace SociaalPlein.Web.Pages.Beheer.Professionals;

public sealed class BewerkenModel(ProfessionalAdmin professionals, AccountAdmin accounts, AuditLog audit) : PageModel, IProfessionalForm
{
    [BindProperty]
    public ProfessionalInput Input { get; set; } = new();

    public ProfessionalEntry Entry { get; private set; } = null!;
    public DirectoryChoices Choices { get; private set; } = null!;
    public IReadOnlyList<OrganisationChoice> Organisations { get; private set; } = [];
    public WijzigingenView History { get; private set; } = null!;
    public string? Refusal { get; private set; }

    /// <summary>The professional's login, if they have one; otherwise the page offers to invite them.</summary>
    public int? AccountId { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Input = ProfessionalInput.From(Entry.Values);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var (values, errors) = Input.Check(Choices, Organisations.Select(o => o.Id).ToHashSet(), Entry.Values);
        if (ModelState.Refuse(errors)) return Page();
        if (await professionals.UpdateAsync(id, values, User.UserId(), ct) is null) return NotFound();
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
        Input = ProfessionalInput.From(Entry.Values);
        // Refused before anything is asked: confirming what cannot be done would only waste a click.
        if (await professionals.DeactivationRefusalAsync(id, User.UserId(), ct) is { } refusal)
        {
            Refusal = refusal;
            return Page();
        }
        var name = Entry.Values.Name;
        Confirm = new Confirmation($"{name} deactiveren?",
            $"{name} ({Entry.Values.Function} bij {Entry.Organisation}) verdwijnt uit de gids en kan geen verwijzingen meer krijgen" +
            (AccountId is null ? "." : "; het account wordt ook gedeactiveerd, dus die persoon kan niet meer inloggen.") +
            " Eerdere verwijzingen en bezoeken blijven bewaard; je kunt de professional later weer activeren.",
            "Deactiveren", $"{name} deactiveren", $"/beheer/professionals/{id}", "Terug, niet deactiveren")
        { Route = new() { ["id"] = id.ToString() } };
        return Page();
    }

    public Task<IActionResult> OnPostActiverenAsync(int id, CancellationToken ct) => SetActiveAsync(id, true, ct);

    async Task<IActionResult> SetActiveAsync(int id, bool active, CancellationToken ct)
    {
        var (found, refusal, deactivatedAccounts) = await professionals.SetActiveAsync(id, active, User.UserId(), ct);
        if (!found) return NotFound();
        await audit.AccountsDeactivatedAsync(this, deactivatedAccounts, "professional", ct);
        if (refusal is not null)
        {
            await LoadAsync(id, ct);
            Input = ProfessionalInput.From(Entry.Values);
            Refusal = refusal;
            return Page();
        }
        TempData[BeheerForm.Notice] = active ? "De professional is weer actief." : "De professional is gedeactiveerd.";
        return RedirectToPage(new { id });
    }

    async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await professionals.GetAsync(id, ct) is not { } entry) return false;
        Entry = entry;
        AccountId = await accounts.ForProfessionalAsync(id, ct);
        Choices = await professionals.ChoicesAsync(ct);
        Organisations = await professionals.OrganisationsAsync(entry.Values.OrganisationId, ct);
        var history = await professionals.HistoryAsync(id, ct);
        var organisationIds = history.Where(h => h.Field == "organisation_id")
            .SelectMany(h => new[] { h.OldValue, h.NewValue }).Select(v => int.TryParse(v, out var o) ? o : 0).Distinct().ToArray();
        History = new WijzigingenView(history, Choices, await professionals.OrganisationNamesAsync(organisationIds, ct));
        return true;
    }
}
