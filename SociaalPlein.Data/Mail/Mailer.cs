using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace SociaalPlein.Data.Mail;

/// <summary>
/// One e-mail to one address. Our mails never carry personal data of residents (design.md §4): a short Dutch text
/// and a link to the platform; a newsletter adds its PDF of aggregates.
/// </summary>
public sealed record OutgoingMail(string To, string Subject, string Text, string? Html = null)
{
    public IReadOnlyList<MailAttachment> Attachments { get; init; } = [];

    /// <summary>Extra headers, such as List-Unsubscribe on a newsletter.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}

public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>The <c>Mail</c> section of the configuration.</summary>
public sealed record MailSettings
{
    public const string DefaultFrom = "Sociaal Plein <noreply@sociaalplein.local>";

    /// <summary>The SMTP server; when empty, mails are written to <see cref="PickupFolder"/> instead.</summary>
    public string? SmtpHost { get; init; }
    public int SmtpPort { get; init; } = 587;
    public string? SmtpUserName { get; init; }
    public string? SmtpPassword { get; init; }
    public string From { get; init; } = DefaultFrom;
    public string PickupFolder { get; init; } = "";
}

/// <summary>
/// Sends mail through SMTP (MailKit) when an SMTP host is configured; otherwise (Development, tests) writes each
/// message as an .eml file into the pickup folder, where any mail program opens it.
/// </summary>
public sealed class Mailer(MailSettings settings, ILogger<Mailer> log)
{
    readonly MailboxAddress _from = MailboxAddress.Parse(settings.From);

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(settings.SmtpHost);

    public string PickupFolder => settings.PickupFolder;

    /// <summary>Sends one mail; throws when the address is not valid or the server refuses it, so the caller can retry.</summary>
    public async Task SendAsync(OutgoingMail mail, CancellationToken ct = default)
    {
        var message = Compose(mail);
        if (string.IsNullOrWhiteSpace(settings.SmtpHost)) await WriteToPickupFolderAsync(message, ct);
        else await SendBySmtpAsync(settings.SmtpHost, message, ct);
        // The message id only: addresses are personal data and stay out of the log.
        log.LogInformation("Mail {MessageId} sent ({Subject})", message.MessageId, mail.Subject);
    }

    MimeMessage Compose(OutgoingMail mail)
    {
        var body = new BodyBuilder { TextBody = mail.Text, HtmlBody = mail.Html };
        foreach (var a in mail.Attachments)
            body.Attachments.Add(a.FileName, a.Content, ContentType.Parse(a.ContentType));
        var message = new MimeMessage
        {
            Subject = mail.Subject,
            Body = body.ToMessageBody(),
            Date = DateTimeOffset.UtcNow,
        };
        foreach (var (name, value) in mail.Headers) message.Headers.Add(name, value);
        message.From.Add(_from);
        message.To.Add(new MailboxAddress("", mail.To));
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(_from.Domain);
        return message;
    }

    async Task SendBySmtpAsync(string host, MimeMessage message, CancellationToken ct)
    {
        using var smtp = new SmtpClient();
        // Auto: TLS on connect for 465, STARTTLS when the server offers it otherwise.
        await smtp.ConnectAsync(host, settings.SmtpPort, SecureSocketOptions.Auto, ct);
        if (!string.IsNullOrEmpty(settings.SmtpUserName))
            await smtp.AuthenticateAsync(settings.SmtpUserName, settings.SmtpPassword ?? "", ct);
        await smtp.SendAsync(message, ct);
        await smtp.DisconnectAsync(quit: true, ct);
    }

    async Task WriteToPickupFolderAsync(MimeMessage message, CancellationToken ct)
    {
        Directory.CreateDirectory(settings.PickupFolder);
        var name = $"{DateTime.UtcNow:yyyyMMdd'T'HHmmssfff}-{Guid.NewGuid():N}";
        var partial = Path.Combine(settings.PickupFolder, name + ".partial");
        // Written under another name first, so a reader of the folder never sees half a message.
        await message.WriteToAsync(partial, ct);
        File.Move(partial, Path.Combine(settings.PickupFolder, name + ".eml"));
    }
}
