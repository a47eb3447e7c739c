using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Benchmarks;

/// <summary>
/// The app on Kestrel over HTTPS on a loopback port, for benchmarks that should pay what production pays: sockets,
/// TLS, HTTP parsing, the Secure session cookie. The certificate is a throwaway self-signed one made here.
/// </summary>
public static class RealServer
{
    public static Uri Start(AppFactory app)
    {
        var certificate = SelfSigned();
        app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new Uri(address);
    }

    /// <summary>A browser-like client of the real server: its own cookies and connections, no redirects followed.</summary>
    public static HttpClient Browser(Uri address) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = true,
        CookieContainer = new CookieContainer(),
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    })
    { BaseAddress = address };

    static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Kestrel needs the private key in a form the platform's TLS can use: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>
    /// The test cluster runs without fsync for speed; a write benchmark must not. Turns durable commits on for the
    /// whole cluster (superuser only) until the returned scope is disposed.
    /// </summary>
    public static async Task<IAsyncDisposable> DurableCommitsAsync(FixtureDatabase db)
    {
        await SetAsync(db, "ALTER SYSTEM SET fsync = on; ALTER SYSTEM SET synchronous_commit = on; ALTER SYSTEM SET full_page_writes = on");
        return new Restore(db);
    }

    static async Task SetAsync(FixtureDatabase db, string statements)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        foreach (var statement in statements.Split(';'))
            await conn.ExecuteAsync(statement);
        await conn.ExecuteAsync("SELECT pg_reload_conf()");
        // The reload reaches backends at their next command; new connections read it at start.
        Npgsql.NpgsqlConnection.ClearAllPools();
    }

    sealed class Restore(FixtureDatabase db) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() =>
            await SetAsync(db, "ALTER SYSTEM RESET fsync; ALTER SYSTEM RESET synchronous_commit; ALTER SYSTEM RESET full_page_writes");
    }

    public static async Task<string> SettingAsync(FixtureDatabase db, string name)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<string>("SELECT current_setting(@name)", new { name }) ?? "";
    }
}
