using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SociaalPlein.Data.Accounts;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Account.Inloggen;

/// <summary>
/// The second login step: the code from the authenticator app, or a recovery code. Only the half-signed-in cookie of
/// the password step opens this page (<see cref="PendingSignIn.CodePolicy"/>).
/// </summary>
public sealed class CodeModel(TwoFactor twoFactor) : PageModel
{
    // The same answer for a wrong, reused or expired code and a locked account, as on the password step.
    public const string Failed = "Deze code klopt niet. Typ de code die nu in je app staat, of een herstelcode.";

    [BindProperty]
    [Required(ErrorMessage = "Vul de code uit je app in.")]
    [StringLength(40, ErrorMessage = "Deze code is te lang.")]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var pending = PendingSignIn.Pending(User, PendingSignIn.Code)!;
        var user = await twoFactor.SecondStepAsync(pending.Id, pending.SecurityStamp, Code, HttpContext.Connection.RemoteIpAddress, ct);
        if (user is null)
        {
            ModelState.AddModelError(nameof(Code), Failed);
            Code = "";
            return Page();
        }
        await SessionValidation.SignInAsync(HttpContext, user);
        return LocalRedirect(InloggenModel.LocalReturnUrl(Url, ReturnUrl));
    }
}
