using System.Text.RegularExpressions;

namespace SociaalPlein.Data.Infrastructure;

/// <summary>
/// The e-mail address and phone number formats the database's CHECKs hold (organisation, professional, app_user,
/// referral_contact; db/0002, db/0003, db/0073), written once so each form refuses what the database would.
/// </summary>
public static partial class ContactFormat
{
    /// <summary>Something, an @, a domain with a dot; no spaces. The length and an empty value are each form's own rule.</summary>
    public static bool IsEmail(string value) => EmailPattern().IsMatch(value);

    /// <summary>Digits, spaces and + ( ) -, at most 20 characters; empty is a phone number not given.</summary>
    public static bool IsPhone(string value) => PhonePattern().IsMatch(value);

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^[0-9 +()-]{0,20}$")]
    private static partial Regex PhonePattern();
}
