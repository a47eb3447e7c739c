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
    /// <summary>
    /// How the connection is protected: <c>StartTls</c> (the default: the server must offer STARTTLS, or nothing is
    /// sent), <c>Tls</c> (TLS from the first byte, usually port 465), or <c>None</c> (plaintext, only for a local test
    /// server: refused at start-up outside Development, see <see cref="PlaintextProblem"/>).
    /// </summary>
    public string SmtpSecurity { get; init; } = StartTls;
    public const string StartTls = "StartTls", Tls = "Tls", None = "None";
    public string? SmtpUserName { get; init; }
    public string? SmtpPassword { get; init; }
    public string From { get; init; } = DefaultFrom;
    public string PickupFolder { get; init; } = "";

    /// <summary>
    /// Why these settings may not be used: an unknown security mode, or plaintext SMTP outside Development (a stripped
    /// STARTTLS would otherwise expose the SMTP password and every reset link); null when they may.
    /// </summary>
    public string? PlaintextProblem(bool isDevelopment)
    {
        if (string.IsNullOrWhiteSpace(SmtpHost)) return null;
        if (!string.Equals(SmtpSecurity, StartTls, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(SmtpSecurity, Tls, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(SmtpSecurity, None, StringComparison.OrdinalIgnoreCase))
            return $"Mail:SmtpSecurity must be {StartTls}, {Tls} or {None}.";
        if (string.Equals(SmtpSecurity, None, StringComparison.OrdinalIgnoreCase) && !isDevelopment)
            return "Mail:SmtpSecurity=None (plaintext SMTP) is only allowed in Development; use StartTls or Tls.";
        return null;
    }

    internal SecureSocketOptions SocketOptions =>
        string.Equals(SmtpSecurity, Tls, StringComparison.OrdinalIgnoreCase) ? SecureSocketOptions.SslOnConnect
        : string.Equals(SmtpSecurity, None, StringComparison.OrdinalIgnoreCase) ? SecureSocketOptions.None
        : SecureSocketOptions.StartTls;
}

/// <summary>
/// A mail that did not go, told without the addresses an SMTP server's answer may carry ("550 5.1.1 &lt;jan@x.nl&gt;:
/// unknown user"): the status code when there is one, and the server's text with every e-mail address replaced. It
/// deliberately has no inner exception, so neither the log, Hangfire's job state nor a delivery's last_error sees the
/// original text.
/// </summary>
public sealed partial class MailNotSentException(string message) : Exception(message)
{
    public static MailNotSentException From(Exception e) => new(e switch
    {
        SmtpCommandException c => $"SMTP {(int)c.StatusCode}: {Redact(c.Message)}",
        _ => $"{e.GetType().Name}: {Redact(e.Message)}",
    });

    /// <summary>The text with every e-mail address written as <c>[adres]</c>, cut to 500 characters.</summary>
    public static string Redact(string text)
    {
        var redacted = EmailAddress().Replace(text, "[adres]");
        return redacted.Length <= 500 ? redacted : redacted[..500];
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"[^\s<>()\[\],;:""']+@[^\s<>()\[\],;:""']+")]
    private static partial System.Text.RegularExpressions.Regex EmailAddress();
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

    /// <summary>
    /// Sends one mail; throws (a <see cref="MailNotSentException"/> over SMTP) when the address is not valid or the
    /// server refuses it, so the caller can retry.
    /// </summary>
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
        try
        {
            // Never SecureSocketOptions.Auto: it falls back to plaintext when someone on the way strips STARTTLS.
            await smtp.ConnectAsync(host, settings.SmtpPort, settings.SocketOptions, ct);
            if (!string.IsNullOrEmpty(settings.SmtpUserName))
                await smtp.AuthenticateAsync(settings.SmtpUserName, settings.SmtpPassword ?? "", ct);
            await smtp.SendAsync(message, ct);
            await smtp.DisconnectAsync(quit: true, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw MailNotSentException.From(e);
        }
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
