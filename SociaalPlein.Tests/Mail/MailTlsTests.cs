using Dapper;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SociaalPlein.Data.Mail;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Jobs;

namespace SociaalPlein.Tests.Mail;

/// <summary>
/// Mail goes over TLS or not at all: against a real SMTP server (aiosmtpd) that offers no STARTTLS, as a server does
/// after someone on the way stripped it, the default settings send nothing; plaintext is an explicit setting that only
/// Development starts with; a server's refusal is kept as its status code and a text without the address.
/// </summary>
public sealed class MailTlsTests : DatabaseFixture
{
    static readonly OutgoingMail Mail = new("ontvanger@partner.test", "Nieuw wachtwoord voor Sociaal Plein", "Een link.");

    [Test]
    public async Task With_the_default_settings_a_server_without_starttls_gets_nothing()
    {
        using var smtp = await SmtpServer.StartAsync();
        var mailer = new Mailer(new MailSettings { SmtpHost = "127.0.0.1", SmtpPort = smtp.Port }, NullLogger<Mailer>.Instance);

        var refused = await Assert.ThrowsAsync<MailNotSentException>(() => mailer.SendAsync(Mail));

        Assert.That(refused!.Message, Does.Contain("STARTTLS"));
        Assert.That(smtp.DeliveredFiles, Is.Empty);
    }

    [Test]
    public async Task Plaintext_is_sent_only_when_asked_for_explicitly()
    {
        using var smtp = await SmtpServer.StartAsync();
        var mailer = new Mailer(new MailSettings { SmtpHost = "127.0.0.1", SmtpPort = smtp.Port, SmtpSecurity = MailSettings.None },
            NullLogger<Mailer>.Instance);

        await mailer.SendAsync(Mail);

        Assert.That(smtp.DeliveredFiles, Has.Count.EqualTo(1));
    }

    [TestCase("Production")]
    [TestCase("Testing")]
    public void Plaintext_smtp_stops_the_start_outside_development(string environment)
    {
        using var app = new AppFactory(Db, environment, settings: new Dictionary<string, string>
        {
            ["Mail:SmtpHost"] = "smtp.example.test",
            ["Mail:SmtpSecurity"] = "None",
        });

        Assert.That(() => app.Services, Throws.Exception.With.Message.Contains("Mail:SmtpSecurity=None").Or
            .With.InnerException.Message.Contains("Mail:SmtpSecurity=None"));
    }

    [TestCase(MailSettings.StartTls, true, null)]
    [TestCase(MailSettings.Tls, false, null)]
    [TestCase(MailSettings.None, true, null)]
    [TestCase(MailSettings.None, false, "only allowed in Development")]
    [TestCase("Auto", true, "must be StartTls, Tls or None")]
    public void The_security_setting_is_checked(string security, bool development, string? problem)
    {
        var settings = new MailSettings { SmtpHost = "smtp.example.test", SmtpSecurity = security };

        Assert.That(settings.PlaintextProblem(development), problem is null ? Is.Null : Does.Contain(problem));
    }

    [Test]
    public async Task A_refused_delivery_keeps_the_status_code_and_a_text_without_the_address()
    {
        using var smtp = await SmtpServer.StartAsync(refuseRecipients: true);
        var pleinId = await Arrange.PleinAsync(Db, "Sociaal Plein Geweigerd");
        await NewsletterArrange.SubscriberAsync(Db, pleinId, "onbekend@partner.test");
        var newsletterId = await NewsletterArrange.DraftAsync(Db, pleinId, 2026, 1);
        await using var app = new AppFactory(Db, "Development", settings: new Dictionary<string, string>
        {
            ["Mail:SmtpHost"] = "127.0.0.1",
            ["Mail:SmtpPort"] = smtp.Port.ToString(),
            ["Mail:SmtpSecurity"] = MailSettings.None,
        });
        using var scope = app.Services.CreateScope();
        var sent = await scope.ServiceProvider.GetRequiredService<QueuedNewsletterSender>().SendAsync(newsletterId, null, CancellationToken.None);

        var refused = await Assert.CatchAsync(() => scope.ServiceProvider.GetRequiredService<NieuwsbriefBezorgingJob>()
            .SendAsync(sent.DeliveryIds.Single(), CancellationToken.None));

        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var lastError = await conn.ExecuteScalarAsync<string>("SELECT last_error FROM newsletter_delivery WHERE id = @id",
            new { id = sent.DeliveryIds.Single() });
        Assert.That(lastError, Does.StartWith("SMTP 550: ").And.Contain("[adres]").And.Contain("User unknown"));
        Assert.That(lastError, Does.Not.Contain("onbekend@partner.test"));
        Assert.That(refused!.ToString(), Does.Not.Contain("onbekend@partner.test"), "nor in the exception the job's log and Hangfire keep");
    }
}
