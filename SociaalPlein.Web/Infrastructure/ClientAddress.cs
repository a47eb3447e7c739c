using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace SociaalPlein.Web.Infrastructure;

/// <summary>
/// Behind a reverse proxy the connection comes from the proxy, so the audit log and the rate limiter would see one
/// address for everyone. <c>SociaalPlein:ForwardedHeaders:KnownProxies</c> (addresses) and <c>…:KnownNetworks</c> (CIDR,
/// "10.0.0.0/8") name the proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> we believe. Off when neither
/// is set: a header anyone can send must never decide the address we log.
/// </summary>
public static class ClientAddress
{
    public const string Section = "SociaalPlein:ForwardedHeaders";

    public static IApplicationBuilder UseForwardedClientAddress(this IApplicationBuilder app, IConfiguration config)
    {
        var proxies = config.GetSection($"{Section}:KnownProxies").Get<string[]>() ?? [];
        var networks = config.GetSection($"{Section}:KnownNetworks").Get<string[]>() ?? [];
        if (proxies.Length == 0 && networks.Length == 0) return app;

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            // One proxy in front of us: only its own entry (the last) of X-Forwarded-For is believed.
            ForwardLimit = config.GetValue($"{Section}:ForwardLimit", 1),
        };
        // Only what is configured: the defaults would trust any process on this machine.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies) options.KnownProxies.Add(IPAddress.Parse(proxy));
        foreach (var network in networks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        return app.UseForwardedHeaders(options);
    }
}
