using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Beheer;

/// <summary>
/// /beheer/regionieuwsbrief: the beheerder makes one PDF over several pleinen for a past quarter (the same figures,
/// summed, plus a table comparing the pleinen). One per quarter; making it again replaces it. It is not mailed to
/// subscribers (they belong to a plein): the beheerder downloads it and passes it on.
/// </summary>
public sealed class RegionieuwsbriefModel(Newsletters newsletters, NewsletterGenerator generator, TimeProvider clock) : PageModel
{
    public IReadOnlyList<ManagedPlein> Pleinen { get; private set; } = [];
    public IReadOnlyList<Quarter> Quarters { get; private set; } = [];
    public IReadOnlyList<RegionalNewsletter> Made { get; private set; } = [];

    [BindProperty]
    public List<int> Gekozen { get; set; } = [];

    [BindProperty]
    public string? Kwartaal { get; set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var chosen = Gekozen.Distinct().ToList();
        if (chosen.Count < 2)
            ModelState.AddModelError(nameof(Gekozen), "Kies minstens twee pleinen; de nieuwsbrief van één plein maak je bij Nieuwsbrieven.");
        else if (chosen.Any(id => Pleinen.All(p => p.Id != id)))
            ModelState.AddModelError(nameof(Gekozen), "Kies pleinen uit de lijst.");
        if (!Quarter.TryParse(Kwartaal, out var quarter) || !Quarters.Contains(quarter))
            ModelState.AddModelError(nameof(Kwartaal), "Kies een afgelopen kwartaal uit de lijst.");
        if (!ModelState.IsValid) return Page();

        var result = await generator.GenerateRegionalAsync(chosen, quarter, ct);
        Message = $"De regionale nieuwsbrief over {quarter} is gemaakt.";
        return RedirectToPage(new { gemaakt = result.NewsletterId });
    }

    async Task LoadAsync(CancellationToken ct)
    {
        Pleinen = await newsletters.ManagedPleinenAsync(User.UserId(), ct);
        Quarters = Quarter.LastCompleted(PleinTime.Today(clock)).LastQuarters(12).Reverse().ToList();
        Made = await newsletters.RegionalAsync(ct);
    }
}
