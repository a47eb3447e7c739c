using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Beheer;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Beheer.Leefgebieden;

/// <summary>Edits a leefgebied; its code is shown, never posted: it is stable for exports and URLs.</summary>
public sealed class BewerkenModel(LeefgebiedAdmin leefgebieden) : PageModel
{
    [BindProperty]
    public LeefgebiedInput Input { get; set; } = new();

    public LeefgebiedEntry Entry { get; private set; } = null!;
    public WijzigingenView History { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Input = LeefgebiedInput.From(Entry.Values);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var (values, errors) = Input.Check(withCode: false);
        if (ModelState.Refuse(errors)) return Page();
        var saved = await leefgebieden.UpdateAsync(id, values, User.UserId(), ct);
        if (saved is null) return NotFound();
        if (ModelState.Refuse(saved.Errors)) return Page();
        TempData[BeheerForm.Notice] = "De wijzigingen zijn opgeslagen.";
        return RedirectToPage(new { id });
    }

    public Task<IActionResult> OnPostDeactiverenAsync(int id, CancellationToken ct) => SetActiveAsync(id, false, ct);

    public Task<IActionResult> OnPostActiverenAsync(int id, CancellationToken ct) => SetActiveAsync(id, true, ct);

    async Task<IActionResult> SetActiveAsync(int id, bool active, CancellationToken ct)
    {
        if (!await leefgebieden.SetActiveAsync(id, active, User.UserId(), ct)) return NotFound();
        TempData[BeheerForm.Notice] = active ? "Het leefgebied is weer actief." : "Het leefgebied is vervallen.";
        return RedirectToPage(new { id });
    }

    async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await leefgebieden.GetAsync(id, ct) is not { } entry) return false;
        Entry = entry;
        History = new WijzigingenView(await leefgebieden.HistoryAsync(id, ct), DirectoryChoices.Empty);
        return true;
    }
}
