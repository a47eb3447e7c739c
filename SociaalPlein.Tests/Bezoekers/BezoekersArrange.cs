using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SociaalPlein.Data.Registreren;
using SociaalPlein.Data.Verwijzingen;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Bezoekers;

/// <summary>Visits and referrals for the visitor-card tests, stored through the app's own register commands.</summary>
public static class BezoekersArrange
{
    /// <summary>The tests' today: Monday 23 November 2026 (window of 90 days: 26 August up to and including today).</summary>
    public static readonly DateOnly Today = new(2026, 11, 23);

    /// <summary>A visit registered by <paramref name="userId"/> about the given leefgebieden.</summary>
    public static async Task<int> VisitAsync(FixtureDatabase db, RegisterPlein p, int userId, VisitorSummary visitor, DateOnly on,
        int[] leefgebieden, int? helpedBy = null)
    {
        var result = await new VisitRegistration(db.DataSource).RegisterAsync(userId,
            new VisitDraft(Guid.NewGuid(), p.PleinId, visitor.Id, on, "spreekuur", null, leefgebieden, helpedBy, RepeatConfirmed: true), [], Today);
        return result.Id ?? throw new InvalidOperationException("Visit refused: " + string.Join("; ", result.Problems));
    }

    /// <summary>A referral of the visitor, entered by <paramref name="userId"/> at <paramref name="pleinId"/>.</summary>
    public static async Task<int> ReferralAsync(FixtureDatabase db, int userId, int pleinId, VisitorSummary visitor, ReferralDraft draft)
    {
        var result = await new ReferralEntry(db.DataSource).CreateAsync(userId, new ReferralContext(pleinId, visitor.Id), draft with { RepeatConfirmed = true }, Today);
        return result.Id ?? throw new InvalidOperationException("Referral refused: " + string.Join("; ", result.Problems));
    }

    /// <summary>The referral with the visitor's consent to share name and phone with the receiver, and those details.</summary>
    public static ReferralDraft WithContact(this ReferralDraft draft, string name, string phone) =>
        draft with { ConsentShareContact = true, Contact = new ContactDraft(name, phone) };
}

/// <summary>
/// The real app on the fixture's database with the clock at <see cref="BezoekersArrange.Today"/> (10:00 in Amsterdam)
/// and every request coming from <see cref="ClientAddress"/>, so the audit log's address can be checked.
/// </summary>
public abstract class BezoekersAppFixture : DatabaseFixture
{
    public static readonly IPAddress ClientAddress = IPAddress.Parse("192.0.2.44");

    AppFactory? _factory;
    WebApplicationFactory<Program>? _app;

    protected WebApplicationFactory<Program> App => _app ??= CreateApp();

    WebApplicationFactory<Program> CreateApp()
    {
        var today = BezoekersArrange.Today.ToDateTime(new TimeOnly(9, 0));
        _factory = new AppFactory(Db, clock: new FakeTimeProvider(new DateTimeOffset(today, TimeSpan.Zero)));
        return _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter>(new FixedClientAddress())));
    }

    [OneTimeTearDown]
    public async Task StopApp()
    {
        if (_app is not null) await _app.DisposeAsync();
        if (_factory is not null) await _factory.DisposeAsync();
    }

    /// <summary>A browser as <see cref="AppFactory.Browser"/> makes it, signed in with the test password.</summary>
    protected async Task<HttpClient> SignedInAsync(string email)
    {
        var browser = App.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            BaseAddress = new Uri("https://localhost"),
        });
        var login = await browser.LogInAsync(email, Arrange.Password);
        if (login.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Login as {email} failed.");
        return browser;
    }

    sealed class FixedClientAddress : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = ClientAddress;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
