using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SociaalPlein.Tests.Topology;

/// <summary>
/// Debian's nginx (/usr/sbin/nginx) as a child process with its own configuration, pid file, logs and temporary
/// folders in a temporary folder: TLS on a loopback port with a self-signed certificate made by openssl, round robin
/// over the app instances without sticky sessions, connecting to them from <see cref="ProxyAddress"/> so that the
/// instances can tell the proxy from anyone else on the machine. The site is deploy/nginx/sociaalplein.conf, with
/// one addition for the test: <c>X-Upstream</c> names the instance that answered.
/// </summary>
public sealed class Nginx : IAsyncDisposable
{
    public const string Program = "/usr/sbin/nginx";
    public const string OpenSsl = "/usr/bin/openssl";
    /// <summary>The address nginx connects to the instances from; the only one they believe X-Forwarded-* of.</summary>
    public const string ProxyAddress = "127.0.0.2";

    readonly Process _process;
    readonly string _folder;

    public int Port { get; }
    public Uri Address => new($"https://localhost:{Port}");

    Nginx(Process process, string folder, int port) => (_process, _folder, Port) = (process, folder, port);

    public static async Task<Nginx> StartAsync(int port, IReadOnlyList<int> instancePorts)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"sociaalplein-nginx-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        foreach (var temp in new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" })
        {
            var dir = Directory.CreateDirectory(Path.Combine(folder, temp));
            // nginx's workers run as nobody when the master is root; they write request bodies here.
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(dir.FullName, (UnixFileMode)0b111_111_111);
        }
        await SelfSignedCertificateAsync(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), Config(folder, port, instancePorts));

        var process = Process.Start(new ProcessStartInfo(Program, ["-p", folder, "-c", Path.Combine(folder, "nginx.conf"),
            "-e", Path.Combine(folder, "error.log"), "-g", "daemon off;"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("nginx did not start");
        var nginx = new Nginx(process, folder, port);
        try
        {
            await WaitForPortAsync(port, process, () => File.ReadAllText(Path.Combine(folder, "error.log")));
            return nginx;
        }
        catch
        {
            await nginx.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// deploy/nginx/sociaalplein.conf with this machine's ports, certificate and addresses put in, inside a main
    /// configuration of the test's own (pid, logs, temporary folders). Each substitution must match, so the deploy file
    /// cannot drift away from what this test runs.
    /// </summary>
    static string Config(string folder, int port, IReadOnlyList<int> instancePorts)
    {
        var site = File.ReadAllText(Path.Combine(AppInstance.SolutionFolder, "deploy", "nginx", "sociaalplein.conf"));
        var upstreams = string.Join("\n    ", instancePorts.Select(p => $"server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;"));
        site = Substitute(site, @"(\s*server \d+\.\d+\.\d+\.\d+:\d+ [^;]*;)+", "\n    " + upstreams);
        site = Substitute(site, @"listen 443 ssl http2;", $"listen 127.0.0.1:{port} ssl http2;");
        site = Substitute(site, @"listen 80;", $"listen 127.0.0.1:{FreePort()};");
        site = Substitute(site, @"ssl_certificate \S+;", $"ssl_certificate {folder}/cert.pem;");
        site = Substitute(site, @"ssl_certificate_key \S+;", $"ssl_certificate_key {folder}/key.pem;");
        // The one addition for the test: which instance answered.
        site = Substitute(site, @"proxy_bind \S+;", $"proxy_bind {ProxyAddress};\n        add_header X-Upstream $upstream_addr always;");
        return $$"""
            {{(Environment.UserName == "root" ? "user nobody nogroup;" : "")}}
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path {{folder}}/client_body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
            {{site}}
            }
            """;
    }

    static string Substitute(string text, string pattern, string replacement)
    {
        var regex = new System.Text.RegularExpressions.Regex(pattern);
        if (!regex.IsMatch(text)) throw new InvalidOperationException($"deploy/nginx/sociaalplein.conf no longer has '{pattern}'");
        return regex.Replace(text, replacement.Replace("$", "$$"), 1);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        // Workers that outlive the master would keep the port; the tree kill took them too.
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static async Task WaitForPortAsync(int port, Process process, Func<string> whyNot, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"{process.StartInfo.FileName} exited ({process.ExitCode}): {whyNot()}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"Nothing listened on port {port} within {seconds} s: {whyNot()}");
    }

    /// <summary>A self-signed certificate for localhost and 127.0.0.1, valid a day: cert.pem and key.pem in the folder.</summary>
    public static Task SelfSignedCertificateAsync(string folder) =>
        RunAsync(OpenSsl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout", Path.Combine(folder, "key.pem"), "-out", Path.Combine(folder, "cert.pem"));

    static async Task RunAsync(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} failed: {await error}");
    }
}
