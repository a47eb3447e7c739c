using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Npgsql;
using SociaalPlein.Data.Accounts;
using SociaalPlein.Data.Demo;
using SociaalPlein.Data.Infrastructure;
using SociaalPlein.Data.Nieuwsbrief;

namespace SociaalPlein.Web.Infrastructure;

/// <summary>Development only: seed the demo plein on an empty database and say how to get in.</summary>
public static class DemoStartup
{
    public static async Task SeedAndAnnounceAsync(WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SociaalPlein.Demo");
        var today = PleinTime.Today(app.Services.GetRequiredService<TimeProvider>());
        var seeded = await new DemoSeed(app.Services.GetRequiredService<NpgsqlDataSource>())
            .RunAsync(today, Passwords.Hash(DemoAccounts.Password), app.Lifetime.ApplicationStopping);
        if (seeded is not null)
        {
            log.LogInformation("Demo data seeded: {Pleinen} pleinen, {Professionals} professionals, {Visits} visits, {Referrals} referrals",
                seeded.Pleinen, seeded.Professionals, seeded.Visits, seeded.Referrals);
            var newsletters = await new DemoNewsletters(app.Services.GetRequiredService<NpgsqlDataSource>(),
                app.Services.GetRequiredService<NewsletterFiguresQuery>(), app.Services.GetRequiredService<TimeProvider>())
                .RunAsync(today, app.Lifetime.ApplicationStopping);
            log.LogInformation("Demo newsletters made: {Newsletters}", newsletters);
        }

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var twoFactor = app.Services.GetRequiredService<TwoFactorRules>().RequiredForStaff
                ? "The beheerder and projectleider set up two-factor at their first login."
                : $"Two-factor is not required here ({TwoFactorRules.Setting} = false, Development only).";
            Console.WriteLine($"""

                Sociaal Plein runs at {string.Join(", ", addresses)}
                Demo logins (password {DemoAccounts.Password}):
                  {DemoAccounts.Beheerder}
                  {DemoAccounts.Projectleider}
                  {DemoAccounts.Professional}
                {twoFactor}

                """);
        });
    }
}
