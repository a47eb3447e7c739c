using System.Net;
using System.Net.Sockets;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Nieuwsbrief;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Infrastructure;
using SociaalPlein.Web.Jobs;
using ProxyHeaders = SociaalPlein.Web.Infrastructure.ClientAddress;

namespace SociaalPlein.Tests.Topology;

/// <summary>
/// Several app instances behind nginx on one replicated PostgreSQL, with a real SMTP server: everything started by
/// <see cref="StartAsync"/> on free loopback ports and stopped by <see cref="DisposeAsync"/>, also when starting failed
/// halfway. The instances get the environment deploy/sociaalplein.env describes: the multi-host connection string
/// (<c>Target Session Attributes=primary</c>), nginx as the only proxy they believe, lagging reads from the standby.
/// </summary>
public sealed class Topology : IAsyncDisposable
{
    /// <summary>The browsers' address: neither the proxy's nor the one the instances listen on.</summary>
    public const string ClientAddress = "127.0.0.3";

    readonly List<AppInstance> _instances = [];
    ReplicatedPostgres? _postgres;
    CountingSmtp? _smtp;
    Nginx? _nginx;
    FixtureDatabase? _db;

    public ReplicatedPostgres Postgres => _postgres!;
    public CountingSmtp Smtp => _smtp!;
    public Nginx Nginx => _nginx!;
    public IReadOnlyList<AppInstance> Instances => _instances;

    /// <summary>The primary's database as the test arranges and checks it (superuser), as it was before any failover.</summary>
    public FixtureDatabase Db => _db!;

    public static async Task<Topology> StartAsync(int instances, bool synchronous = true)
    {
        var topology = new Topology();
        try
        {
            topology._postgres = await ReplicatedPostgres.StartAsync(synchronous);
            topology._smtp = await CountingSmtp.StartAsync();
            var nginxPort = Nginx.FreePort();
            var ports = Enumerable.Range(0, instances).Select(_ => Nginx.FreePort()).ToList();
            var environment = topology.Environment(nginxPort);
            // All at once, as a deployment restarts them: the migrations run once, under the advisory lock.
            for (var i = 0; i < instances; i++)
                topology._instances.Add(AppInstance.Start($"app{i + 1}", ports[i], environment));
            await Task.WhenAll(topology._instances.Select(a => a.WaitReadyAsync(TimeSpan.FromSeconds(180))));
            topology._db = new FixtureDatabase(global::SociaalPlein.Data.Database.DatabaseStartup.DatabaseName, topology._postgres.PrimaryConnectionString);
            topology._nginx = await Nginx.StartAsync(nginxPort, ports);
            return topology;
        }
        catch
        {
            await topology.DisposeAsync();
            throw;
        }
    }

    Dictionary<string, string> Environment(int nginxPort) => new()
    {
        ["ConnectionStrings__SociaalPlein"] = Postgres.AppConnectionString,
        ["SociaalPlein__PublicBaseUrl"] = $"https://localhost:{nginxPort}",
        [$"{ProxyHeaders.Section.Replace(":", "__")}__KnownProxies__0"] = Nginx.ProxyAddress,
        [LaggingReads.Setting.Replace(":", "__")] = "true",
        ["Mail__SmtpHost"] = "127.0.0.1",
        ["Mail__SmtpPort"] = Smtp.Port.ToString(),
        // Mail goes over STARTTLS, as in production; the instances trust the test server's self-signed certificate
        // (OpenSSL's SSL_CERT_FILE, which .NET reads on Linux) and only that, which is all they talk TLS to here.
        ["SSL_CERT_FILE"] = Smtp.CertificateFile,
        // A killed instance's jobs come back after this; its claimed delivery is judged interrupted after the claim timeout.
        [BackgroundJobs.InvisibilityTimeoutSetting.Replace(":", "__")] = "00:00:08",
        [NewsletterDeliveries.ClaimTimeoutSetting.Replace(":", "__")] = "00:00:04",
        // Every instance looks for work each second, so a short newsletter is shared out over all of them.
        [BackgroundJobs.QueuePollIntervalSetting.Replace(":", "__")] = "00:00:01",
        // One client address for every browser of the test: the per-address limits are for a plein's office, not a load test.
        [$"{RateLimits.Section.Replace(":", "__")}__AccountPostsPerAddressPerMinute"] = "100000",
        [$"{RateLimits.Section.Replace(":", "__")}__AccountPostsPerEmailPer15Minutes"] = "100000",
        ["DOTNET_USE_POLLING_FILE_WATCHER"] = "true",
    };

    /// <summary>A browser through nginx over TLS, from <see cref="ClientAddress"/>: its own cookies, no redirects followed.</summary>
    public HttpClient Browser() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = true,
        CookieContainer = new CookieContainer(),
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        ConnectCallback = async (_, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(ClientAddress), 0));
                await socket.ConnectAsync(IPAddress.Loopback, Nginx.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = Nginx.Address };

    /// <summary>The instance that answered, by the port nginx names in X-Upstream.</summary>
    public AppInstance AnsweredBy(HttpResponseMessage response)
    {
        var upstream = response.Headers.TryGetValues("X-Upstream", out var values) ? values.Last() : "";
        // With a retry to the next instance nginx lists both ("127.0.0.1:1, 127.0.0.1:2"): the last one answered.
        var port = int.Parse(upstream.Split(',').Last().Trim().Split(':').Last());
        return _instances.Single(i => i.Port == port);
    }

    /// <summary>The last lines of every instance's log, for a failed test's message.</summary>
    public string Logs() => string.Join("\n\n", _instances.Select(i => $"--- {i.Name} ---\n{i.LogTail(15)}"));

    public async ValueTask DisposeAsync()
    {
        // Each part on its own: one that fails to stop must not leave the others running.
        await Quietly(async () => { if (_nginx is not null) await _nginx.DisposeAsync(); });
        await Task.WhenAll(_instances.Select(i => Quietly(() => i.DisposeAsync().AsTask())));
        await Quietly(async () => { if (_db is not null) await _db.DataSource.DisposeAsync(); });
        await Quietly(async () => { if (_smtp is not null) await _smtp.DisposeAsync(); });
        await Quietly(async () => { if (_postgres is not null) await _postgres.DisposeAsync(); });
    }

    static async Task Quietly(Func<Task> stop)
    {
        try { await stop(); }
        catch (Exception e) { TestContext.Progress.WriteLine($"Stopping part of the topology failed: {e.Message}"); }
    }
}
