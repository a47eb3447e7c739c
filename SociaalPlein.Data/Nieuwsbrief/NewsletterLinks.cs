using Microsoft.AspNetCore.DataProtection;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Data.Nieuwsbrief;

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
}

/// <summary>
/// The link to a newsletter's web page in its mail: the newsletter's id, signed (<see cref="SignedId"/>), so a
/// partner without an account can read that one sent newsletter, and no other by changing a number.
/// </summary>
public sealed class NewsletterReadLinks(IDataProtectionProvider protection)
{
    readonly SignedId _ids = new(protection, "SociaalPlein.Nieuwsbrief.Lezen.v1");

    public string Path(int newsletterId) => $"/nieuwsbrieven/{newsletterId}?t={_ids.Token(newsletterId)}";

    public bool Opens(string? token, int newsletterId) => _ids.Read(token) == newsletterId;
}
