using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dapper;
using Hangfire;
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
        _smtp = await StartSmtpAsync(_port, _maildir);

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

    [Test]
    public async Task A_delivery_refused_while_the_mail_server_is_down_is_retried_by_hangfire_and_arrives_once()
    {
        await using var db = await TestDatabase.CreateAsync();
        var pleinId = await Arrange.PleinAsync(db, "Sociaal Plein Herhaal");
        await NewsletterArrange.SubscriberAsync(db, pleinId, "geduld@partner.test");
        var newsletterId = await NewsletterArrange.DraftAsync(db, pleinId, 2026, 3);
        var port = FreePort();
        var maildir = Path.Combine(Path.GetTempPath(), $"sociaalplein-smtp-{Guid.NewGuid():N}");
        await using var app = new AppFactory(db, settings: new Dictionary<string, string>
        {
            ["Mail:SmtpHost"] = "127.0.0.1",
            ["Mail:SmtpPort"] = port.ToString(),
            ["SociaalPlein:Jobs:RunServer"] = "true",
        });
        var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();

        // Nothing listens on the port yet: the first attempt is refused and Hangfire schedules a retry.
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<NewsletterSending>().SendAsync(newsletterId, null, CancellationToken.None);
        var jobId = await WaitForAsync(() => monitoring.ScheduledJobs(0, 10).Select(j => j.Key).FirstOrDefault());
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var afterFailure = await conn.QuerySingleAsync<(string, int)>("SELECT status, attempts::int FROM newsletter_delivery");

        using var smtp = await StartSmtpAsync(port, maildir);
        try
        {
            // The retry, now rather than after Hangfire's delay.
            app.Services.GetRequiredService<IBackgroundJobClient>().Requeue(jobId);
            await WaitForAsync(() => monitoring.JobDetails(jobId)?.History.FirstOrDefault()?.StateName == "Succeeded" ? "done" : null);

            Assert.That(afterFailure, Is.EqualTo(("mislukt", 1)));
            Assert.That(await conn.QuerySingleAsync<(string, int)>("SELECT status, attempts::int FROM newsletter_delivery"), Is.EqualTo(("verzonden", 2)));
            Assert.That(Directory.GetFiles(Path.Combine(maildir, "new")), Has.Length.EqualTo(1));
        }
        finally
        {
            smtp.Kill(entireProcessTree: true);
            Directory.Delete(maildir, recursive: true);
        }
    }

    static async Task<string> WaitForAsync(Func<string?> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } found) return found;
            await Task.Delay(200);
        }
        throw new TimeoutException("The background job did not get there within 60 seconds.");
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>aiosmtpd on the port, storing what it receives in a Maildir; returns once it accepts connections.</summary>
    static async Task<Process> StartSmtpAsync(int port, string maildir)
    {
        var smtp = Process.Start(new ProcessStartInfo("/usr/bin/python3",
            ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", maildir])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("python3 did not start");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (smtp.HasExited)
                throw new InvalidOperationException("aiosmtpd stopped at once; is python3-aiosmtpd installed (apt-get install python3-aiosmtpd)? "
                    + await smtp.StandardError.ReadToEndAsync());
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return smtp;
            }
            catch (SocketException) { await Task.Delay(100); }
        }
        smtp.Kill(entireProcessTree: true);
        throw new TimeoutException($"aiosmtpd did not listen on port {port} within 15 seconds.");
    }
}
