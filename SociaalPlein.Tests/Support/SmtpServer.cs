using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SociaalPlein.Tests.Support;

/// <summary>
/// A real SMTP server for a test: Debian's aiosmtpd (python3-aiosmtpd, installed by .ci/run) on a loopback port, storing
/// what it receives in a Maildir, or refusing every recipient with the server text real servers send (which names the
/// address). It offers no STARTTLS, so it also stands for a server whose STARTTLS someone on the way stripped.
/// </summary>
public sealed class SmtpServer : IDisposable
{
    readonly Process _process;
    readonly string _folder;

    SmtpServer(Process process, int port, string folder)
    {
        _process = process;
        Port = port;
        _folder = folder;
    }

    public int Port { get; }

    /// <summary>The Maildir's folder of delivered messages.</summary>
    public string Delivered => Path.Combine(_folder, "maildir", "new");

    public IReadOnlyList<string> DeliveredFiles => Directory.Exists(Delivered) ? Directory.GetFiles(Delivered) : [];

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the server on the port (a free one by default); returns once it accepts connections.</summary>
    public static async Task<SmtpServer> StartAsync(int? port = null, bool refuseRecipients = false)
    {
        var p = port ?? FreePort();
        var folder = Path.Combine(Path.GetTempPath(), $"sociaalplein-smtp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{p}" }) info.ArgumentList.Add(a);
        if (refuseRecipients)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "refusing.py"), """
                class Refuse:
                    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                        return f'550 5.1.1 <{address}>: Recipient address rejected: User unknown'
                """);
            info.Environment["PYTHONPATH"] = folder;
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("refusing.Refuse");
        }
        else
        {
            foreach (var a in new[] { "-c", "aiosmtpd.handlers.Mailbox", Path.Combine(folder, "maildir") }) info.ArgumentList.Add(a);
        }
        var smtp = Process.Start(info) ?? throw new InvalidOperationException("python3 did not start");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (smtp.HasExited)
                throw new InvalidOperationException("aiosmtpd stopped at once; is python3-aiosmtpd installed (apt-get install python3-aiosmtpd)? "
                    + await smtp.StandardError.ReadToEndAsync());
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, p);
                return new SmtpServer(smtp, p, folder);
            }
            catch (SocketException) { await Task.Delay(100); }
        }
        smtp.Kill(entireProcessTree: true);
        throw new TimeoutException($"aiosmtpd did not listen on port {p} within 15 seconds.");
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
