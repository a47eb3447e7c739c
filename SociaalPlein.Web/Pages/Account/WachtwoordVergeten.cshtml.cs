using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Accounts;

namespace SociaalPlein.Web.Pages.Account;

/// <summary>
/// Asks for a reset link by address. The answer is the same whether or not the address has an account (no account
/// enumeration), and so is the work behind it: the request is only queued (PasswordResetOutbox); the wachtwoord-mails
/// job looks the address up and mails an active account a link that works once, for an hour.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class WachtwoordVergetenModel(PasswordResetOutbox outbox) : PageModel
{
    public const string Answer =
        "Als er een account is met dit e-mailadres, krijg je binnen een paar minuten een mail met een link om een nieuw " +
        "wachtwoord te kiezen. De link werkt één keer en is een uur geldig. Kijk ook in je map met ongewenste mail.";

    [BindProperty]
    public string? Email { get; set; }

    public bool Asked { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var email = (Email ?? "").Trim().ToLowerInvariant();
        if (email.Length == 0) ModelState.AddModelError(nameof(Email), "Vul je e-mailadres in.");
        else if (!AppUsers.IsValidEmail(email)) ModelState.AddModelError(nameof(Email), "Dit is geen geldig e-mailadres.");
        if (ModelState.ErrorCount > 0) return Page();
        await outbox.QueueAsync(email, HttpContext.Connection.RemoteIpAddress, ct);
        Asked = true;
        return Page();
    }
}
