using Microsoft.AspNetCore.Identity;

namespace SociaalPlein.Data.Accounts;

/// <summary>ASP.NET Core's PasswordHasher (PBKDF2, versioned format) without the rest of Identity.</summary>
public static class Passwords
{
    public const int MinimumLength = 12;

    static readonly PasswordHasher<object> Hasher = new();
    static readonly object NoUser = new();

    public static string Hash(string password) => Hasher.HashPassword(NoUser, password);

    public static PasswordVerificationResult Verify(string hash, string password) =>
        Hasher.VerifyHashedPassword(NoUser, hash, password);

    // Verified against when the e-mail address is unknown, so that a wrong address takes as long as a
    // wrong password and response times do not reveal which accounts exist.
    internal static readonly string DecoyHash = Hash(Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
}
