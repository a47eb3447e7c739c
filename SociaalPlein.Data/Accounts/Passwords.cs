using System.Text;
using Microsoft.AspNetCore.Identity;

namespace SociaalPlein.Data.Accounts;

/// <summary>
/// The password rules (NIST SP 800-63B §3.1.1.2) and ASP.NET Core's PasswordHasher (PBKDF2, versioned format) without
/// the rest of Identity. <see cref="Problem"/> is the one check wherever a password is set: the set-password page
/// (invitation and reset) and the <c>create-admin</c> command.
/// </summary>
public static class Passwords
{
    public const int MinimumLength = 12;

    /// <summary>
    /// In UTF-16 code units, the same limit as the login form's field: any 128 characters fit, even ones outside the
    /// Basic Multilingual Plane (NIST asks for at least 64).
    /// </summary>
    public const int MaximumLength = 256;

    static readonly PasswordHasher<object> Hasher = new();
    static readonly object NoUser = new();

    /// <summary>
    /// NFKC, as NIST asks: the same password typed on another keyboard or device (a composed "é" or e + accent, a
    /// full-width digit) gives the same hash.
    /// </summary>
    public static string Normalise(string password) => WellFormed(password) ? password.Normalize(NormalizationForm.FormKC) : password;

    // A lone surrogate cannot come through a UTF-8 form post, but string.Normalize would throw on one.
    static bool WellFormed(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsLowSurrogate(s[i])) return false;
            if (!char.IsHighSurrogate(s[i])) continue;
            if (i + 1 == s.Length || !char.IsLowSurrogate(s[i + 1])) return false;
            i++;
        }
        return true;
    }

    /// <summary>
    /// Null when the password may be used for the account with this e-mail address; otherwise a Dutch message for
    /// next to the field. No composition rules (NIST): length, the list of common and breached passwords, and words
    /// from the context (the address, the platform's name).
    /// </summary>
    public static string? Problem(string? password, string email)
    {
        password ??= "";
        if (password.Length > MaximumLength) return $"Dit wachtwoord is te lang: hoogstens {MaximumLength} tekens.";
        if (!WellFormed(password)) return "Dit wachtwoord bevat een ongeldig teken. Typ het opnieuw.";
        var normalised = Normalise(password);
        // Characters as people count them (code points), not UTF-16 units.
        if (normalised.EnumerateRunes().Count() < MinimumLength)
            return $"Kies een wachtwoord van minstens {MinimumLength} tekens. Een zin van een paar woorden is sterk en goed te onthouden.";
        if (normalised.EnumerateRunes().Distinct().Count() == 1)
            return "Dit wachtwoord is één teken steeds herhaald. Kies een ander.";
        if (CommonPasswords.Contains(normalised))
            return "Dit wachtwoord wordt veel gebruikt of is eerder uitgelekt. Kies een ander.";
        var lower = normalised.ToLowerInvariant();
        var localPart = email.Trim().ToLowerInvariant().Split('@')[0];
        // A one- or two-letter name part ("jb@…") would refuse half of all passwords; it is no real hint to guess by.
        if (localPart.Length >= 3 && lower.Contains(localPart, StringComparison.Ordinal))
            return "Je wachtwoord mag je e-mailadres (het deel vóór de @) niet bevatten.";
        if (new string(lower.Where(char.IsLetter).ToArray()).Contains("sociaalplein", StringComparison.Ordinal))
            return "Je wachtwoord mag de naam Sociaal Plein niet bevatten.";
        return null;
    }

    public static string Hash(string password) => Hasher.HashPassword(NoUser, Normalise(password));

    public static PasswordVerificationResult Verify(string hash, string password)
    {
        var normalised = Normalise(password);
        var result = Hasher.VerifyHashedPassword(NoUser, hash, normalised);
        // Passwords set before normalisation was introduced were hashed as typed; for ASCII both are the same.
        return result == PasswordVerificationResult.Failed && normalised != password
            ? Hasher.VerifyHashedPassword(NoUser, hash, password)
            : result;
    }

    // Verified against when the e-mail address is unknown, so that a wrong address takes as long as a
    // wrong password and response times do not reveal which accounts exist.
    internal static readonly string DecoyHash = Hash(Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
}

/// <summary>
/// The list of common and breached passwords shipped with the app (<c>common-passwords.txt</c>, embedded): the
/// 49,233 passwords of zxcvbn-ts's <c>@zxcvbn-ts/language-common</c> 4.1.3 (MIT; see
/// <c>common-passwords.NOTICE.md</c>), compared case-insensitively.
/// </summary>
public static class CommonPasswords
{
    const string ResourceName = "SociaalPlein.Data.Accounts.common-passwords.txt";

    static readonly Lazy<HashSet<string>> List = new(Load);

    public static int Count => List.Value.Count;

    public static bool Contains(string password) => List.Value.Contains(password);

    static HashSet<string> Load()
    {
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) set.Add(Passwords.Normalise(line));
        return set;
    }
}
