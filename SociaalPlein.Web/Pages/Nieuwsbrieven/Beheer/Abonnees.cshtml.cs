using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Nieuwsbrieven.Beheer;

/// <summary>/nieuwsbrieven/beheer/abonnees: who receives the plein's newsletter; add a partner, or stop sending to one.</summary>
public sealed class AbonneesModel(Newsletters newsletters, NewsletterSubscribers subscribers) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "plein")]
    public int? PleinId { get; set; }

    public ManagedPlein? Plein { get; private set; }
    public IReadOnlyList<ManagedPlein> Pleinen { get; private set; } = [];
    public IReadOnlyList<Subscriber> List { get; private set; } = [];

    [BindProperty]
    public SubscriberForm Input { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public sealed class SubscriberForm
    {
        public string? Name { get; set; }
        public string? OrganisationName { get; set; }
        public string? Email { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Plein is null) return NotFound();
        var result = await subscribers.AddAsync(Plein.Id, new SubscriberInput(Input.Name, Input.OrganisationName, Input.Email), ct);
        if (!result.Saved)
        {
            foreach (var e in result.Errors) ModelState.AddModelError($"Input.{e.Field}", e.Message);
            return Page();
        }
        Message = $"{Input.Name?.Trim()} ontvangt vanaf nu de nieuwsbrief.";
        return Redirect($"/nieuwsbrieven/beheer/abonnees?plein={Plein.Id}");
    }

    public async Task<IActionResult> OnPostRemoveAsync(int subscriber, CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Plein is null) return NotFound();
        Message = await subscribers.UnsubscribeAsync(subscriber, Plein.Id, ct)
            ? "Afgemeld: dit adres krijgt de nieuwsbrief niet meer."
            : "Dit adres was al afgemeld.";
        return Redirect($"/nieuwsbrieven/beheer/abonnees?plein={Plein.Id}");
    }

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        Pleinen = await newsletters.ManagedPleinenAsync(User.UserId(), ct);
        Plein = PleinId is int id ? Pleinen.FirstOrDefault(p => p.Id == id) : Pleinen.FirstOrDefault();
        if (Plein is null) return PleinId is null;
        List = await subscribers.ListAsync(Plein.Id, ct);
        return true;
    }
}
