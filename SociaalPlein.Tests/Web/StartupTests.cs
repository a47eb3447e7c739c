using System.Net;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using SociaalPlein.Data.Database;
using SociaalPlein.Data.Demo;
using SociaalPlein.Tests.Support;

namespace SociaalPlein.Tests.Web;

/// <summary>What start-up does in each environment: demo data and accounts only where they are safe.</summary>
public sealed class StartupTests
{
    [TestCase("Production")]
    [TestCase("Development")]
    public async Task On_a_configured_server_no_account_and_no_demo_data_is_created(string environment)
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var app = new AppFactory(db, environment);

        var health = await app.Browser().GetAsync("/health");

        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await using var conn = await db.DataSource.OpenConnectionAsync();
        Assert.That(await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM app_user"), Is.Zero);
        Assert.That(await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM plein"), Is.Zero);
    }

    [Test]
    public async Task Development_with_seeding_asked_for_seeds_the_demo_and_its_accounts_sign_in()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var app = new AppFactory(db, "Development", settings: new Dictionary<string, string> { ["SociaalPlein:SeedDemo"] = "true" });
        var browser = app.Browser();

        var login = await browser.LogInAsync(DemoAccounts.Projectleider, DemoAccounts.Password);

        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await browser.GetStringAsync("/"), Does.Contain("Sociaal Plein Nieuwland"));
        await using var conn = await db.DataSource.OpenConnectionAsync();
        Assert.That(await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM referral"), Is.GreaterThan(1000));
    }

    [Test]
    public async Task An_unreachable_server_gives_one_message_naming_host_and_port_but_not_the_password()
    {
        var startup = new DatabaseStartup();

        var error = await Assert.ThrowsAsync<DatabaseStartupException>(() => startup.StartAsync(
            "Host=127.0.0.1;Port=1;Database=sp;Username=sp;Password=geheim-wachtwoord;Timeout=2", "", localAllowed: false,
            NullLogger.Instance, CancellationToken.None));

        Assert.That(error!.Message, Does.StartWith("Cannot use PostgreSQL at 127.0.0.1:1/sp"));
        Assert.That(error.Message, Does.Not.Contain("geheim"));
    }

    [Test]
    public async Task No_connection_string_outside_development_says_which_setting_to_set()
    {
        var error = await Assert.ThrowsAsync<DatabaseStartupException>(() => new DatabaseStartup().StartAsync(
            null, "", localAllowed: false, NullLogger.Instance, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("ConnectionStrings__SociaalPlein"));
    }
}
