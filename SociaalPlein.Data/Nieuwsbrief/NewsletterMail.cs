using SociaalPlein.Data.Mail;

namespace SociaalPlein.Data.Nieuwsbrief;

/// <summary>The absolute links one subscriber's mail carries; no unsubscribe links for a copy to an address without a subscription.</summary>
public sealed record NewsletterMailLinks(string Read, string Archive, string? Unsubscribe, string? OneClickUnsubscribe);

/// <summary>
/// One subscriber's copy of a newsletter: the PDF attached, the accessible web page and the archive linked, and a link
/// to unsubscribe, also as List-Unsubscribe with one click (RFC 8058) so a mail program can offer it.
/// </summary>
public static class NewsletterMail
{
    public static OutgoingMail For(DeliveryMail d, NewsletterMailLinks links) =>
        new(d.Email, $"Nieuwsbrief {d.Quarter} – {d.PleinName}", $"""
            Beste {(d.Name.Length > 0 ? d.Name : "partner")},

            Hierbij de nieuwsbrief van {d.PleinName} over {d.Quarter.Months}: wie er op het plein kwamen, waarvoor, en hoe de verwijzingen tussen zorg en welzijn liepen. Je vindt hem als PDF in de bijlage, en als toegankelijke webpagina (ook voor een schermlezer) op {links.Read}

            De cijfers zijn totalen; er staan geen namen of andere persoonsgegevens in. Eerdere nieuwsbrieven staan na het inloggen op {links.Archive}.

            Met vriendelijke groet,
            {d.PleinName}
            {(links.Unsubscribe is null ? "" : $"\nWil je deze nieuwsbrief niet meer ontvangen? Meld je af via {links.Unsubscribe}")}
            """)
        {
            Attachments = [new MailAttachment(Newsletters.FileName(d.PleinName, d.Quarter), "application/pdf", d.Pdf)],
            Headers = links.OneClickUnsubscribe is not { } oneClick ? new Dictionary<string, string>() : new Dictionary<string, string>
            {
                ["List-Unsubscribe"] = $"<{oneClick}>",
                ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
            },
        };
}
