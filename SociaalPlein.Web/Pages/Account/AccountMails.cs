using SociaalPlein.Data.Accounts;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Mail;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Web.Pages.Account;

/// <summary>
/// The invitation and the reset mail: a short Dutch text and the single-use link to /account/wachtwoord-instellen.
/// The token is only ever in the mail (the database has its hash); nothing else about the account is in it.
/// </summary>
public sealed class AccountMails(Mailer mailer, PublicAddress address, ILogger<AccountMails> log)
{
    public const string SetPasswordPath = "/account/wachtwoord-instellen";

    public string LinkFor(string token) => address.Link($"{SetPasswordPath}?t={Uri.EscapeDataString(token)}");

    /// <summary>Sends the invitation; false when the mail could not be sent (the beheerder may send a new one).</summary>
    public Task<bool> SendInvitationAsync(IssuedLink link, CancellationToken ct) => SendAsync(new OutgoingMail(link.Email,
        "Je account voor Sociaal Plein",
        $"""
        Hallo {link.DisplayName},

        De beheerder van Sociaal Plein heeft een account voor je gemaakt. Kies je wachtwoord via deze link:

        {LinkFor(link.Token)}

        De link werkt één keer en is geldig tot {Moment(link.ExpiresAt)}. Is hij verlopen, vraag dan de beheerder om een
        nieuwe uitnodiging, of gebruik 'Wachtwoord vergeten' op de inlogpagina.

        Verwachtte je deze mail niet? Dan kun je hem negeren.
        """), ct);

    /// <summary>Sends the reset link; false when the mail could not be sent.</summary>
    public Task<bool> SendResetAsync(IssuedLink link, CancellationToken ct) => SendAsync(new OutgoingMail(link.Email,
        "Nieuw wachtwoord voor Sociaal Plein",
        $"""
        Hallo {link.DisplayName},

        Je hebt gevraagd om een nieuw wachtwoord voor Sociaal Plein. Kies het via deze link:

        {LinkFor(link.Token)}

        De link werkt één keer en is een uur geldig (tot {Moment(link.ExpiresAt)}).

        Heb je dit niet zelf gevraagd? Dan kun je deze mail negeren: je wachtwoord blijft zoals het was.
        """), ct);

    async Task<bool> SendAsync(OutgoingMail mail, CancellationToken ct)
    {
        try
        {
            await mailer.SendAsync(mail, ct);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // No address in the log (personal data); the page tells the user the mail did not go.
            log.LogWarning(e, "Account mail ({Subject}) could not be sent", mail.Subject);
            return false;
        }
    }

    static string Moment(DateTimeOffset utc) =>
        PleinTime.Local(utc).ToString("d MMMM yyyy 'om' HH:mm", System.Globalization.CultureInfo.GetCultureInfo("nl-NL"));
}
