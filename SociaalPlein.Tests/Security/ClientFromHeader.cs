using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace SociaalPlein.Tests.Security;

/// <summary>
/// Test only: the test host has no network peer, so a request's client address is the one the test puts in
/// <see cref="Header"/> (set before the app's own pipeline, as a connection's address would be).
/// </summary>
public sealed class ClientFromHeader : IStartupFilter
{
    public const string Header = "X-Test-Client";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var address)) context.Connection.RemoteIpAddress = IPAddress.Parse(address!);
            return nextMiddleware(context);
        });
        next(app);
    };

    /// <summary>The app with this filter in front.</summary>
    public static WebApplicationFactory<Program> In(WebApplicationFactory<Program> app) =>
        app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter>(new ClientFromHeader())));

    /// <summary>A browser (no redirects followed, https) whose requests come from <paramref name="address"/>.</summary>
    public static HttpClient Browser(WebApplicationFactory<Program> app, string address)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        client.DefaultRequestHeaders.Add(Header, address);
        return client;
    }
}
