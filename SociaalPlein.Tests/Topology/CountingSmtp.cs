using System.Diagnostics;
using MimeKit;

namespace SociaalPlein.Tests.Topology;

/// <summary>
/// A real SMTP server (Debian's aiosmtpd, as the newsletter tests use) that takes <see cref="HandOver"/> to accept
/// each message before it answers 250, so an instance can be killed while a mail is in its hands; every message it
/// accepted is stored in a Maildir and counted per recipient. It requires STARTTLS with a self-signed certificate
/// (<see cref="CertificateFile"/>), as the app sends mail only over TLS outside Development.
/// </summary>
public sealed class CountingSmtp : IAsyncDisposable
{
    public static readonly TimeSpan HandOver = TimeSpan.FromMilliseconds(400);

    // Stored before the 250: a sender killed while waiting for the answer has handed the mail over all the same.
    const string Server = """
        import asyncio, mailbox, ssl, sys, threading
        from aiosmtpd.controller import Controller

        class SlowMailbox:
            def __init__(self, folder, delay):
                self.box = mailbox.Maildir(folder)
                self.delay = delay
            async def handle_DATA(self, server, session, envelope):
                self.box.add(envelope.original_content)
                await asyncio.sleep(self.delay)
                return '250 OK'

        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(sys.argv[5], sys.argv[6])
        controller = Controller(SlowMailbox(sys.argv[3], float(sys.argv[4])), hostname=sys.argv[1], port=int(sys.argv[2]),
                                tls_context=tls, require_starttls=True)
        controller.start()
        print('ready', flush=True)
        threading.Event().wait()
        """;

    readonly Process _process;
    readonly string _folder;

    public int Port { get; }

    /// <summary>The server's certificate, for the instances to trust (SSL_CERT_FILE).</summary>
    public string CertificateFile => Path.Combine(_folder, "cert.pem");

    CountingSmtp(Process process, string folder, int port) => (_process, _folder, Port) = (process, folder, port);

    public static async Task<CountingSmtp> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"sociaalplein-smtp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var script = Path.Combine(folder, "server.py");
        await File.WriteAllTextAsync(script, Server);
        await Nginx.SelfSignedCertificateAsync(folder);
        var port = Nginx.FreePort();
        var process = Process.Start(new ProcessStartInfo("/usr/bin/python3",
            [script, "127.0.0.1", port.ToString(), Path.Combine(folder, "maildir"), HandOver.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
             Path.Combine(folder, "cert.pem"), Path.Combine(folder, "key.pem")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("python3 did not start");
        var smtp = new CountingSmtp(process, folder, port);
        try
        {
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var line = await process.StandardOutput.ReadLineAsync(wait.Token);
            if (line != "ready") throw new InvalidOperationException($"aiosmtpd did not start: {await process.StandardError.ReadToEndAsync()}");
            return smtp;
        }
        catch
        {
            await smtp.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every recipient of every accepted message, once per message.</summary>
    public async Task<IReadOnlyList<string>> RecipientsAsync()
    {
        var folder = Path.Combine(_folder, "maildir", "new");
        if (!Directory.Exists(folder)) return [];
        var recipients = new List<string>();
        foreach (var file in Directory.GetFiles(folder))
        {
            var mail = await MimeMessage.LoadAsync(file);
            recipients.AddRange(mail.To.Mailboxes.Select(m => m.Address.ToLowerInvariant()));
        }
        return recipients;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
