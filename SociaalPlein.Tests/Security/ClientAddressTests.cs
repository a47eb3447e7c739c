using Microsoft.AspNetCore.Mvc.Testing;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Tests.Security;

/// <summary>
/// Behind a reverse proxy: with the proxy configured (<see cref="ClientAddress"/>), the audit log records the client's
/// address from X-Forwarded-For; without it, the header is ignored, whoever sends it.
/// </summary>
public sealed class ClientAddressTests : DatabaseFixture
{
    const string Proxy = "10.20.30.40";
    const string Resident = "198.51.100.23";

    async Task<string?> AuditedAddressAfterAFailedLoginAsync(IReadOnlyDictionary<string, string>? settings)
    {
        await using var factory = new AppFactory(Db, settings: settings);
        await using var app = ClientFromHeader.In(factory);
        using var browser = ClientFromHeader.Browser(app, Proxy);
        browser.DefaultRequestHeaders.Add("X-Forwarded-For", Resident);
        var email = $"proxy-{Guid.NewGuid():N}"[..20] + "@test.nl";

        await browser.LogInAsync(email, "fout-wachtwoord-123");

        return await BeheerArrange.ScalarAsync<string?>(Db,
            "SELECT host(client_address) FROM audit_log WHERE action = 'login.failure' AND user_email = @email", new { email });
    }

    [Test]
    public async Task With_the_proxy_configured_the_audit_log_has_the_residents_address()
    {
        var address = await AuditedAddressAfterAFailedLoginAsync(new Dictionary<string, string>
        {
            [$"{ClientAddress.Section}:KnownProxies:0"] = Proxy,
        });

        Assert.That(address, Is.EqualTo(Resident));
    }

    [Test]
    public async Task A_network_of_proxies_may_be_configured_as_well()
    {
        var address = await AuditedAddressAfterAFailedLoginAsync(new Dictionary<string, string>
        {
            [$"{ClientAddress.Section}:KnownNetworks:0"] = "10.20.0.0/16",
        });

        Assert.That(address, Is.EqualTo(Resident));
    }

    [Test]
    public async Task Without_configuration_a_forwarded_header_is_ignored()
    {
        Assert.That(await AuditedAddressAfterAFailedLoginAsync(null), Is.EqualTo(Proxy));
    }
}
