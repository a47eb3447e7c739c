using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Jobs;

namespace SociaalPlein.Tests.Nieuwsbrief;

/// <summary>
/// A real SMTP round trip: Debian's aiosmtpd (python3-aiosmtpd, installed by .ci/run) listens on a loopback port and
/// stores what it receives in a Maildir; the app sends a newsletter delivery to it through MailKit.
/// </summary>
public sealed class NewsletterSmtpTests : AppFixture
{
    Process? _smtp;
    string _maildir = "";
    int _port;
    int _pleinId;

    protected override async Task ArrangeAsync()
    {
        _maildir = Path.Combine(Path.GetTempPath(), $"sociaalplein-smtp-{Guid.NewGuid():N}");
        _port = FreePort();
        _smtp = Process.Start(new ProcessStartInfo("/usr/bin/python3",
            ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{_port}", "-c", "aiosmtpd.handlers.Mailbox", _maildir])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("python3 did not start");
        await WaitForPortAsync();

        _pleinId = await Arrange.PleinAsync(Db, "Sociaal Plein Smtp");
        await NewsletterArrange.SubscriberAsync(Db, _pleinId, "partner@wijkteam.test");
        await NewsletterArrange.DraftAsync(Db, _pleinId, 2026, 2);
    }

    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["Mail:SmtpHost"] = "127.0.0.1",
        ["Mail:SmtpPort"] = _port.ToString(),
        ["SociaalPlein:PublicBaseUrl"] = "https://plein.test",
    };

    [OneTimeTearDown]
    public void StopSmtp()
    {
        if (_smtp is { HasExited: false }) _smtp.Kill(entireProcessTree: true);
        _smtp?.Dispose();
        if (Directory.Exists(_maildir)) Directory.Delete(_maildir, recursive: true);
    }

    [Test]
    public async Task A_sent_newsletter_arrives_over_smtp_with_its_pdf_and_an_unsubscribe_link_that_works()
    {
        using var scope = App.Services.CreateScope();
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var newsletterId = await conn.ExecuteScalarAsync<int>("SELECT id FROM newsletter WHERE plein_id = @_pleinId", new { _pleinId });
        var sent = await scope.ServiceProvider.GetRequiredService<NewsletterSending>().SendAsync(newsletterId, null, CancellationToken.None);

        var outcome = await scope.ServiceProvider.GetRequiredService<NieuwsbriefBezorgingJob>().SendAsync(sent.DeliveryIds.Single(), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo("Sent"));
        var file = Directory.GetFiles(Path.Combine(_maildir, "new")).Single();
        var mail = await MimeMessage.LoadAsync(file);
        Assert.That(mail.To.Mailboxes.Single().Address, Is.EqualTo("partner@wijkteam.test"));
        Assert.That(mail.Subject, Is.EqualTo("Nieuwsbrief Q2 2026 – Sociaal Plein Smtp"));
        var attachment = mail.Attachments.OfType<MimePart>().Single();
        Assert.That(attachment.ContentType.MimeType, Is.EqualTo("application/pdf"));
        Assert.That(attachment.FileName, Is.EqualTo("Nieuwsbrief Sociaal Plein Smtp Q2 2026.pdf"));
        using var pdf = new MemoryStream();
        await attachment.Content!.DecodeToAsync(pdf);
        Assert.That(pdf.ToArray(), Is.EqualTo(NewsletterArrange.Pdf));
        Assert.That(mail.Headers["List-Unsubscribe-Post"], Is.EqualTo("List-Unsubscribe=One-Click"));

        var link = System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? "", @"https://plein\.test(/nieuwsbrieven/afmelden\?t=\S+)").Groups[1].Value;
        var page = await App.Browser().GetAsync(link);
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("Sociaal Plein Smtp"));
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    async Task WaitForPortAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (_smtp!.HasExited)
                throw new InvalidOperationException("aiosmtpd stopped at once; is python3-aiosmtpd installed (apt-get install python3-aiosmtpd)? "
                    + await _smtp.StandardError.ReadToEndAsync());
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, _port);
                return;
            }
            catch (SocketException) { await Task.Delay(100); }
        }
        throw new TimeoutException($"aiosmtpd did not listen on port {_port} within 15 seconds.");
    }
}
