using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using SociaalPlein.Data.Mail;

namespace SociaalPlein.Tests.Mail;

public sealed class MailerTests
{
    string _folder = "";

    [SetUp]
    public void NewFolder() => _folder = Path.Combine(Path.GetTempPath(), $"sociaalplein-mail-{Guid.NewGuid():N}");

    [TearDown]
    public void RemoveFolder()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    static readonly OutgoingMail Newsletter = new("partner@test.nl", "Nieuwsbrief Q1 2026", "Zie de bijlage.", "<p>Zie de bijlage.</p>")
    {
        Attachments = [new MailAttachment("nieuwsbrief.pdf", "application/pdf", "%PDF-1.7 test"u8.ToArray())],
    };

    [Test]
    public async Task Without_an_smtp_host_each_mail_is_an_eml_file_in_the_pickup_folder()
    {
        var mailer = new Mailer(new MailSettings { PickupFolder = _folder }, NullLogger<Mailer>.Instance);

        await mailer.SendAsync(Newsletter);
        await mailer.SendAsync(Newsletter with { To = "tweede@test.nl" });

        var files = Directory.GetFiles(_folder);
        Assert.That(files, Has.Length.EqualTo(2).And.All.EndsWith(".eml"));
        var mail = MimeMessage.Load(files.Order().First());
        Assert.That(mail.From.ToString(), Is.EqualTo("\"Sociaal Plein\" <noreply@sociaalplein.local>"));
        Assert.That(mail.Subject, Is.EqualTo("Nieuwsbrief Q1 2026"));
        Assert.That(mail.TextBody?.Trim(), Is.EqualTo("Zie de bijlage."));
        Assert.That(mail.HtmlBody, Does.Contain("<p>Zie de bijlage.</p>"));
        Assert.That(mail.Attachments.OfType<MimePart>().Single().FileName, Is.EqualTo("nieuwsbrief.pdf"));
    }

    [Test]
    public async Task With_an_smtp_host_the_mail_goes_to_the_server()
    {
        await using var server = await FakeSmtpServer.StartAsync();
        var mailer = new Mailer(new MailSettings { SmtpHost = "127.0.0.1", SmtpPort = server.Port, SmtpSecurity = MailSettings.None, From = "Plein <plein@test.nl>", PickupFolder = _folder },
            NullLogger<Mailer>.Instance);

        await mailer.SendAsync(Newsletter);

        var received = await server.Received;
        Assert.That(received.Recipients, Is.EqualTo(new[] { "partner@test.nl" }));
        Assert.That(received.Sender, Is.EqualTo("plein@test.nl"));
        var mail = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(received.Data)));
        Assert.That(mail.Subject, Is.EqualTo("Nieuwsbrief Q1 2026"));
        Assert.That(mail.Attachments.OfType<MimePart>().Single().FileName, Is.EqualTo("nieuwsbrief.pdf"));
        Assert.That(Directory.Exists(_folder), Is.False, "nothing in the pickup folder");
    }

    /// <summary>Just enough SMTP (no TLS, no auth) on a loopback port to receive one mail.</summary>
    sealed class FakeSmtpServer : IAsyncDisposable
    {
        public sealed record Mail(string Sender, List<string> Recipients, string Data);

        readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        Task<Mail> _received = Task.FromException<Mail>(new InvalidOperationException("not started"));

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public Task<Mail> Received => _received.WaitAsync(TimeSpan.FromSeconds(10));

        public static Task<FakeSmtpServer> StartAsync()
        {
            var server = new FakeSmtpServer();
            server._listener.Start();
            server._received = server.ReceiveOneAsync();
            return Task.FromResult(server);
        }

        async Task<Mail> ReceiveOneAsync()
        {
            using var client = await _listener.AcceptTcpClientAsync();
            await using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            string sender = "";
            var recipients = new List<string>();
            var data = new StringBuilder();
            await writer.WriteLineAsync("220 localhost ESMTP test");
            while (await reader.ReadLineAsync() is { } line)
            {
                var verb = line.Split(' ', ':')[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO" or "HELO": await writer.WriteLineAsync("250 localhost"); break;
                    case "MAIL": sender = Address(line); await writer.WriteLineAsync("250 OK"); break;
                    case "RCPT": recipients.Add(Address(line)); await writer.WriteLineAsync("250 OK"); break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        while (await reader.ReadLineAsync() is { } dataLine && dataLine != ".")
                            data.Append(dataLine.StartsWith("..") ? dataLine[1..] : dataLine).Append("\r\n");
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "QUIT": await writer.WriteLineAsync("221 Bye"); return new Mail(sender, recipients, data.ToString());
                    default: await writer.WriteLineAsync("250 OK"); break;
                }
            }
            return new Mail(sender, recipients, data.ToString());
        }

        static string Address(string line) => line[(line.IndexOf('<') + 1)..line.IndexOf('>')];

        public ValueTask DisposeAsync()
        {
            _listener.Stop();
            return ValueTask.CompletedTask;
        }
    }
}
