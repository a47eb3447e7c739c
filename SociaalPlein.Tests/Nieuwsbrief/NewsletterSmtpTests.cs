using System.Net;
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
    SmtpServer? _smtp;
    int _pleinId;

    protected override async Task ArrangeAsync()
    {
        _smtp = await SmtpServer.StartAsync();

        _pleinId = await Arrange.PleinAsync(Db, "Sociaal Plein Smtp");
        await NewsletterArrange.SubscriberAsync(Db, _pleinId, "partner@wijkteam.test");
        await NewsletterArrange.DraftAsync(Db, _pleinId, 2026, 2);
    }

    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["Mail:SmtpHost"] = "127.0.0.1",
        ["Mail:SmtpPort"] = _smtp!.Port.ToString(),
        // The test server speaks plaintext, which only Development allows.
        ["Mail:SmtpSecurity"] = "None",
        ["SociaalPlein:PublicBaseUrl"] = "https://plein.test",
    };

    protected override string Environment => "Development";

    [OneTimeTearDown]
    public void StopSmtp() => _smtp?.Dispose();

    [Test]
    public async Task A_sent_newsletter_arrives_over_smtp_with_its_pdf_and_an_unsubscribe_link_that_works()
    {
        using var scope = App.Services.CreateScope();
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var newsletterId = await conn.ExecuteScalarAsync<int>("SELECT id FROM newsletter WHERE plein_id = @_pleinId", new { _pleinId });
        var sent = await scope.ServiceProvider.GetRequiredService<QueuedNewsletterSender>().SendAsync(newsletterId, null, CancellationToken.None);

        var outcome = await scope.ServiceProvider.GetRequiredService<NieuwsbriefBezorgingJob>().SendAsync(sent.DeliveryIds.Single(), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo("Sent"));
        var file = _smtp!.DeliveredFiles.Single();
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
        var port = SmtpServer.FreePort();
        await using var app = new AppFactory(db, environment: "Development", settings: new Dictionary<string, string>
        {
            ["Mail:SmtpHost"] = "127.0.0.1",
            ["Mail:SmtpPort"] = port.ToString(),
            ["Mail:SmtpSecurity"] = "None",
            ["SociaalPlein:Jobs:RunServer"] = "true",
        });
        var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();

        // Nothing listens on the port yet: the first attempt is refused and Hangfire schedules a retry.
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<QueuedNewsletterSender>().SendAsync(newsletterId, null, CancellationToken.None);
        var jobId = await WaitForAsync(() => monitoring.ScheduledJobs(0, 10).Select(j => j.Key).FirstOrDefault());
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var afterFailure = await conn.QuerySingleAsync<(string, int)>("SELECT status, attempts::int FROM newsletter_delivery");

        using var smtp = await SmtpServer.StartAsync(port);
        // The retry, now rather than after Hangfire's delay.
        app.Services.GetRequiredService<IBackgroundJobClient>().Requeue(jobId);
        await WaitForAsync(() => monitoring.JobDetails(jobId)?.History.FirstOrDefault()?.StateName == "Succeeded" ? "done" : null);

        Assert.That(afterFailure, Is.EqualTo(("mislukt", 1)));
        Assert.That(await conn.QuerySingleAsync<(string, int)>("SELECT status, attempts::int FROM newsletter_delivery"), Is.EqualTo(("verzonden", 2)));
        Assert.That(smtp.DeliveredFiles, Has.Count.EqualTo(1));
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
}
