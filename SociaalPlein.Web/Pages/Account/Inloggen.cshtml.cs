using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Accounts;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Account;

public sealed class InloggenModel(Login login, TwoFactorRules twoFactorRules) : PageModel
{
    // One message for an unknown address, a wrong password, a locked or deactivated account.
    public const string Failed = "Het e-mailadres of het wachtwoord klopt niet.";

    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "Vul je e-mailadres in.")]
        [StringLength(254, ErrorMessage = "Dit e-mailadres is te lang.")]
        [EmailAddress(ErrorMessage = "Dit is geen geldig e-mailadres.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Vul je wachtwoord in.")]
        [StringLength(256, ErrorMessage = "Dit wachtwoord is te lang.")]
        public string Password { get; set; } = "";
    }

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? LocalRedirect(SafeReturnUrl) : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var user = await login.AttemptAsync(Input.Email, Input.Password, HttpContext.Connection.RemoteIpAddress, ct);
        if (user is null)
        {
            ModelState.AddModelError(string.Empty, Failed);
            Input.Password = "";
            return Page();
        }
        // The password alone signs in only accounts that need no second step.
        if (user.HasTwoFactor)
        {
            await PendingSignIn.StartAsync(HttpContext, user, PendingSignIn.Code);
            return RedirectToPage("/Account/Inloggen/Code", new { ReturnUrl = SafeReturnUrl });
        }
        if (twoFactorRules.RequiredFor(user.Role))
        {
            await PendingSignIn.StartAsync(HttpContext, user, PendingSignIn.Enrolment);
            return RedirectToPage("/Account/Tweestapsverificatie");
        }
        await SessionValidation.SignInAsync(HttpContext, user);
        return LocalRedirect(SafeReturnUrl);
    }

    string SafeReturnUrl => LocalReturnUrl(Url, ReturnUrl);

    /// <summary>Where to go after logging in: only an address on this site, so a link cannot send users elsewhere.</summary>
    public static string LocalReturnUrl(IUrlHelper url, string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
