using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Accounts;

namespace SociaalPlein.Web.Pages.Account;

/// <summary>
/// Where the link of an invitation or a reset mail leads: the user chooses a password (Passwords.Problem decides). The
/// link works once; a used, replaced or expired link shows how to get a new one. Setting the password ends every other
/// session of the account (new security stamp) and lifts a lockout; the user then signs in as usual.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class WachtwoordInstellenModel(AccountTokens tokens) : PageModel
{
    /// <summary>The token from the mail's link, carried in the form as well.</summary>
    [BindProperty(SupportsGet = true, Name = "t")]
    public string? Token { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Repeat { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Klaar { get; set; }

    /// <summary>The link's account while the link is usable; null shows the "link no longer works" text.</summary>
    public OpenToken? Link { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!Klaar) Link = await tokens.FindAsync(Token, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Klaar = false;
        Link = await tokens.FindAsync(Token, ct);
        if (Link is null) return Page();
        if (Passwords.Problem(Password, Link.Email) is { } problem) ModelState.AddModelError(nameof(Password), problem);
        else if (Password != Repeat) ModelState.AddModelError(nameof(Repeat), "De twee wachtwoorden zijn niet gelijk. Typ het wachtwoord nog eens.");
        if (ModelState.ErrorCount > 0) return Page();
        var (outcome, refusal) = await tokens.SetPasswordAsync(Token, Password, HttpContext.Connection.RemoteIpAddress, ct);
        switch (outcome)
        {
            case PasswordSetOutcome.Set:
                return RedirectToPage(new { klaar = true });
            case PasswordSetOutcome.Refused:
                ModelState.AddModelError(nameof(Password), refusal!);
                return Page();
            default:
                Link = null;
                return Page();
        }
    }
}
