using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Nieuwsbrieven;

/// <summary>
/// The unsubscribe link in every newsletter mail: the subscriber's id, signed (<see cref="SignedId"/>, without an
/// expiry: a mail read a year later still works). Nobody can unsubscribe another address by changing a number.
/// </summary>
public sealed class UnsubscribeLinks(IDataProtectionProvider protection)
{
    public const string Path = "/nieuwsbrieven/afmelden";
    public const string OneClickPath = "/nieuwsbrieven/afmelden/een-klik";

    readonly SignedId _ids = new(protection, "SociaalPlein.Nieuwsbrief.Afmelden.v1");

    public string Token(int subscriberId) => _ids.Token(subscriberId);

    public int? SubscriberId(string? token) => _ids.Read(token);

    /// <summary>RFC 8058 one-click: the mail program POSTs "List-Unsubscribe=One-Click" to the header's address.</summary>
    public static void MapOneClick(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(OneClickPath, async (string? t, UnsubscribeLinks links, NewsletterSubscribers subscribers, CancellationToken ct) =>
        {
            if (links.SubscriberId(t) is not int id) return Results.BadRequest();
            await subscribers.UnsubscribeAsync(id, pleinId: null, ct);
            return Results.Ok();
        }).AllowAnonymous().DisableAntiforgery();
}

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
