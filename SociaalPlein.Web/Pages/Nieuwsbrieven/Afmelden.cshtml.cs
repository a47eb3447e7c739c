using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Nieuwsbrieven;

/// <summary>
/// /nieuwsbrieven/afmelden?t=…: no login needed. The GET only asks (mail scanners open links), the button unsubscribes.
/// </summary>
public sealed class AfmeldenModel(UnsubscribeLinks links, NewsletterSubscribers subscribers) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "t")]
    public string? Token { get; set; }

    public string? PleinName { get; private set; }
    public bool AlreadyOff { get; private set; }
    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : Invalid();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Invalid();
        await subscribers.UnsubscribeAsync(links.SubscriberId(Token)!.Value, pleinId: null, ct);
        Done = true;
        return Page();
    }

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (links.SubscriberId(Token) is not int id || await subscribers.FindAsync(id, ct) is not { } found) return false;
        (PleinName, AlreadyOff) = (found.PleinName, !found.Active);
        return true;
    }

    IActionResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
