using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace SociaalPlein.Data.Infrastructure;

/// <summary>
/// A row id in a link that works without an account: signed and encrypted with the app's DataProtection keys (kept
/// in PostgreSQL, so every instance reads it), URL-safe, without an expiry (a mail read a year later still works).
/// Each purpose has its own protector, so a token for one kind of link never opens another.
/// </summary>
public sealed class SignedId(IDataProtectionProvider protection, string purpose)
{
    readonly IDataProtector _protector = protection.CreateProtector(purpose);

    public string Token(int id) => WebEncoders.Base64UrlEncode(_protector.Protect(BitConverter.GetBytes(id)));

    /// <summary>The id a token carries; null for anything forged, cut or too long.</summary>
    public int? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 500) return null;
        try
        {
            var bytes = _protector.Unprotect(WebEncoders.Base64UrlDecode(token));
            return bytes.Length == sizeof(int) ? BitConverter.ToInt32(bytes) : null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException) { return null; }
    }
}
