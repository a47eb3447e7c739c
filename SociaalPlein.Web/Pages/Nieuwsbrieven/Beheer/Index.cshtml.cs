using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Nieuwsbrieven.Beheer;

/// <summary>
/// /nieuwsbrieven/beheer (projectleider of the plein, beheerder): the plein's newsletters by quarter with how far
/// their sending got, the choice between sending automatically and reviewing a draft first, and making the
/// newsletter of any past quarter on demand. A plein the account does not manage is not found.
/// </summary>
public sealed class IndexModel(Newsletters newsletters, NewsletterGenerator generator, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "plein")]
    public int? PleinId { get; set; }

    public IReadOnlyList<ManagedPlein> Pleinen { get; private set; } = [];
    public ManagedPlein? Plein { get; private set; }
    public IReadOnlyList<ManagedNewsletter> List { get; private set; } = [];

    /// <summary>The quarters a newsletter can be made for: from the plein's opening to the last completed one, newest first.</summary>
    public IReadOnlyList<Quarter> Quarters { get; private set; } = [];

    [BindProperty]
    public string? Kwartaal { get; set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostMakeAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Plein is null) return NotFound();
        if (!Quarter.TryParse(Kwartaal, out var quarter) || !Quarters.Contains(quarter))
        {
            ModelState.AddModelError(nameof(Kwartaal), "Kies een kwartaal uit de lijst: een afgelopen kwartaal sinds de opening van het plein.");
            return Page();
        }
        var result = await generator.GenerateAsync(Plein.Id, quarter, ct);
        Message = result.Generated
            ? $"De nieuwsbrief over {quarter} is gemaakt. Bekijk hem, voeg eventueel een notitie toe en verstuur hem."
            : $"De nieuwsbrief over {quarter} is al verstuurd; die blijft zoals de lezers hem kregen.";
        return Redirect($"/nieuwsbrieven/beheer/{result.NewsletterId}");
    }

    public async Task<IActionResult> OnPostAutoSendAsync(bool automatisch, CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Plein is null) return NotFound();
        await newsletters.SetAutoSendAsync(Plein.Id, automatisch, ct);
        Message = automatisch
            ? "Vanaf nu wordt de nieuwsbrief aan het begin van elk kwartaal meteen verstuurd."
            : "Vanaf nu blijft de nieuwsbrief eerst een concept, dat je zelf bekijkt en verstuurt.";
        return Redirect($"/nieuwsbrieven/beheer?plein={Plein.Id}");
    }

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        Pleinen = await newsletters.ManagedPleinenAsync(User.UserId(), ct);
        Plein = PleinId is int id ? Pleinen.FirstOrDefault(p => p.Id == id) : Pleinen.FirstOrDefault();
        if (Plein is null) return PleinId is null;
        List = await newsletters.ForPleinAsync(Plein.Id, ct);
        var last = Quarter.LastCompleted(PleinTime.Today(clock));
        var opened = Quarter.Of(Plein.OpenedOn);
        Quarters = last < opened ? [] : last.LastQuarters(12).Where(q => q >= opened).Reverse().ToList();
        return true;
    }
}
