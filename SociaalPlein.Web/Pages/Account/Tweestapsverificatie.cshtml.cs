using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QRCoder;
using SociaalPlein.Data.Accounts;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Account;

/// <summary>
/// Setting up two-factor (and, for professionals, switching it off). Opened by a signed-in user from their profile, or
/// by a projectleider or beheerder right after the password step when they have no two-factor yet: they can do
/// nothing else until it is set up (<see cref="PendingSignIn.EnrolmentPolicy"/>).
/// </summary>
public sealed class TweestapsverificatieModel(TwoFactor twoFactor, TwoFactorRules rules, IDataProtectionProvider protection)
    : PageModel
{
    public const string WrongCode = "Deze code klopt niet. Typ de code die nu in je app staat (de codes wisselen elke 30 seconden).";
    public const string Expired = "Het instellen duurde te lang. Voeg Sociaal Plein opnieuw toe aan je app met de nieuwe sleutel hieronder.";
    const string Issuer = "Sociaal Plein";

    // The new secret travels in the form until it is confirmed, protected for this user and for a limited time.
    static readonly TimeSpan EnrolmentTime = TimeSpan.FromMinutes(30);

    public TwoFactorStatus Status { get; private set; } = new(false, 0);
    public string? SecretText { get; private set; }
    public string? KeyUri { get; private set; }

    /// <summary>The key URI as a QR code, inline SVG made here (no user input in it but the account's own address).</summary>
    public string? QrSvg { get; private set; }
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    /// <summary>Half signed in: staff who must set up two-factor before anything else.</summary>
    public bool MustEnrol => PendingSignIn.SignedIn(User) is null;
    public bool MayDisable => !rules.RequiredFor(Current.Role);

    [BindProperty]
    [Required(ErrorMessage = "Vul de code uit je app in.")]
    [StringLength(40, ErrorMessage = "Deze code is te lang.")]
    public string Code { get; set; } = "";

    // Posted by the form that switches two-factor on only.
    [BindProperty]
    public string? ProtectedSecret { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Uitgezet { get; set; }

    SignedInUser Current => PendingSignIn.SignedIn(User) ?? PendingSignIn.Pending(User, PendingSignIn.Enrolment)!;

    ITimeLimitedDataProtector SecretProtector =>
        protection.CreateProtector("SociaalPlein.Accounts.TotpEnrolment", Current.Id.ToString()).ToTimeLimitedDataProtector();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Status = await twoFactor.StatusAsync(Current.Id, ct);
        if (!Status.Enabled) Offer(Totp.NewSecret());
    }

    public async Task<IActionResult> OnPostAanzettenAsync(CancellationToken ct)
    {
        var secret = Unprotect(ProtectedSecret);
        if (secret is null)
        {
            ModelState.AddModelError(nameof(Code), Expired);
            return await ShowAsync(Totp.NewSecret(), ct);
        }
        if (!ModelState.IsValid) return await ShowAsync(secret, ct);

        var codes = await twoFactor.EnableAsync(Current.Id, secret, Code, HttpContext.Connection.RemoteIpAddress, ct);
        if (codes is null)
        {
            ModelState.AddModelError(nameof(Code), WrongCode);
            return await ShowAsync(secret, ct);
        }
        if (MustEnrol) await SessionValidation.SignInAsync(HttpContext, Current);
        RecoveryCodes = codes;
        Status = new(true, codes.Count);
        return Page();
    }

    public async Task<IActionResult> OnPostUitzettenAsync(CancellationToken ct)
    {
        if (MustEnrol || !MayDisable) return Forbid();
        if (ModelState.IsValid && await twoFactor.DisableAsync(Current.Id, Code, HttpContext.Connection.RemoteIpAddress, ct))
            return RedirectToPage(new { uitgezet = true });
        ModelState.Remove(nameof(Code));
        ModelState.AddModelError(nameof(Code), WrongCode);
        Code = "";
        Status = await twoFactor.StatusAsync(Current.Id, ct);
        return Page();
    }

    async Task<IActionResult> ShowAsync(byte[] secret, CancellationToken ct)
    {
        Status = await twoFactor.StatusAsync(Current.Id, ct);
        if (!Status.Enabled) Offer(secret);
        Code = "";
        return Page();
    }

    void Offer(byte[] secret)
    {
        SecretText = string.Join(' ', Totp.ToBase32(secret).Chunk(4).Select(c => new string(c)));
        KeyUri = Totp.KeyUri(Issuer, Current.Email, secret);
        using (var generator = new QRCodeGenerator())
            QrSvg = new SvgQRCode(generator.CreateQrCode(KeyUri, QRCodeGenerator.ECCLevel.M)).GetGraphic(4);
        ProtectedSecret = SecretProtector.Protect(Totp.ToBase32(secret), EnrolmentTime);
        ModelState.Remove(nameof(ProtectedSecret)); // the form shows this secret, not the one posted
    }

    byte[]? Unprotect(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        try
        {
            return Totp.FromBase32(SecretProtector.Unprotect(text, out _)) is { Length: Totp.SecretBytes } secret ? secret : null;
        }
        catch (CryptographicException)
        {
            return null; // expired, tampered with, or made for another user
        }
    }
}
