using System.Net;
using Dapper;
using Microsoft.Extensions.Time.Testing;
using SociaalPlein.Data.Accounts;
using SociaalPlein.Data.Audit;
using SociaalPlein.Tests.Support;
using SociaalPlein.Web.Infrastructure;

namespace SociaalPlein.Tests.Accounts;

/// <summary>`dotnet run --project SociaalPlein.Web -- create-admin EMAIL`, with the password on standard input.</summary>
public sealed class AdminCommandTests : AppFixture
{
    async Task<(int Exit, string Error)> RunAsync(string stdin, params string[] args)
    {
        var error = new StringWriter();
        var exit = await AdminCommand.RunAsync(App.Services, args, new StringReader(stdin), TextWriter.Null, error);
        return (exit, error.ToString());
    }

    [Test]
    public async Task Create_admin_makes_a_beheerder_who_can_sign_in()
    {
        var (exit, _) = await RunAsync("een-heel-lang-wachtwoord\n", "create-admin", "Eerste@Gemeente.nl");

        Assert.That(exit, Is.Zero);
        var login = new Login(Db.DataSource, new AuditLog(Db.DataSource), new FakeTimeProvider(DateTimeOffset.UtcNow));
        var user = await login.AttemptAsync("eerste@gemeente.nl", "een-heel-lang-wachtwoord", IPAddress.Loopback);
        Assert.That(user?.Role, Is.EqualTo("beheerder"));
    }

    [Test]
    public async Task Create_admin_refuses_a_short_password_and_stores_nothing()
    {
        var (exit, error) = await RunAsync("kort\n", "create-admin", "kort@gemeente.nl");

        Assert.That(exit, Is.Not.Zero);
        Assert.That(error, Does.Contain("minstens 12 tekens"));
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        Assert.That(await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM app_user WHERE email = 'kort@gemeente.nl'"), Is.Zero);
    }

    [Test]
    public async Task Create_admin_refuses_an_address_that_has_an_account_already()
    {
        await Arrange.UserAsync(Db, "bestaat@gemeente.nl");

        var (exit, error) = await RunAsync("een-heel-lang-wachtwoord\n", "create-admin", "bestaat@gemeente.nl");

        Assert.That(exit, Is.Not.Zero);
        Assert.That(error, Does.Contain("exists already"));
    }

    [TestCase("foo@bar")]
    [TestCase("geen-adres")]
    [TestCase("")]
    public async Task Create_admin_refuses_an_invalid_address_with_a_message_and_stores_nothing(string email)
    {
        var (exit, error) = await RunAsync("een-heel-lang-wachtwoord\n", "create-admin", email);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("valid e-mail address"));
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        Assert.That(await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM app_user WHERE email = @email", new { email }), Is.Zero);
    }

    [Test]
    public async Task Create_admin_with_a_one_letter_name_part_uses_the_whole_address_as_name_and_audits_the_role()
    {
        var (exit, _) = await RunAsync("een-heel-lang-wachtwoord\n", "create-admin", "a@gemeente.nl");

        Assert.That(exit, Is.Zero);
        await using var conn = await Db.DataSource.OpenConnectionAsync();
        var (name, id) = await conn.QuerySingleAsync<(string, int)>("SELECT display_name, id FROM app_user WHERE email = 'a@gemeente.nl'");
        Assert.That(name, Is.EqualTo("a@gemeente.nl"));
        Assert.That(await conn.ExecuteScalarAsync<string>(
            "SELECT detail->>'role' FROM audit_log WHERE action = 'account.created' AND object_id = @id", new { id = id.ToString() }),
            Is.EqualTo("beheerder"));
    }
}
