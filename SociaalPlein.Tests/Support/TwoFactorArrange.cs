using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using SociaalPlein.Data.Accounts;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Tests.Support;

/// <summary>
/// Two-factor for arranged accounts: each address gets a secret derived from it, so a login helper can answer the
/// second step with the code the user's app would show, against the app's own clock. Staff accounts are enrolled this
/// way by <see cref="Arrange.UserAsync"/>, because the app requires two-factor of them (as it does in production).
/// </summary>
public static class TwoFactorArrange
{
    // Tests run one at a time: the latest arrangement of an address is the one a test logs in with.
    static readonly ConcurrentDictionary<string, string> DatabaseOf = new();
    static readonly ConcurrentDictionary<string, TimeProvider> ClockOf = new();
    static readonly ConcurrentDictionary<string, IDataProtectionProvider> ProtectionOf = new();

    public static byte[] SecretFor(string email) => SHA1.HashData(Encoding.UTF8.GetBytes($"totp-test:{email.ToLowerInvariant()}"));

    /// <summary>Switches two-factor on for the account, as enrolment leaves it (without recovery codes).</summary>
    public static async Task EnrolAsync(FixtureDatabase db, string email)
    {
        email = email.ToLowerInvariant();
        var protectedSecret = TwoFactor.Protect(ProtectionFor(db), SecretFor(email));
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var updated = await conn.ExecuteAsync("""
            UPDATE app_user SET totp_secret_protected = @protectedSecret, totp_enabled_at = now(), totp_last_step = NULL
            WHERE email = @email
            """, new { email, protectedSecret });
        if (updated != 1) throw new InvalidOperationException($"No account {email} to enrol.");
        DatabaseOf[email] = db.ConnectionString;
    }

    /// <summary>The app on this database reads the time from this clock (<see cref="AppFactory"/> says so).</summary>
    internal static void AppClock(string connectionString, TimeProvider clock) => ClockOf[connectionString] = clock;

    /// <summary>
    /// The code the account's app shows, for a time step the app has not accepted yet (each code works once). When the
    /// account used the codes of this step and the next already, the user waits for a new code: a frozen test clock is
    /// moved on 30 seconds, the real one waited for.
    /// </summary>
    public static async Task<string> NextCodeAsync(string email)
    {
        email = email.ToLowerInvariant();
        if (!DatabaseOf.TryGetValue(email, out var connectionString))
            throw new InvalidOperationException($"{email} has two-factor but was not enrolled through TwoFactorArrange.");
        var clock = ClockOf.GetValueOrDefault(connectionString, TimeProvider.System);
        await using var conn = new NpgsqlConnection(connectionString);
        var lastStep = await conn.ExecuteScalarAsync<long?>("SELECT totp_last_step FROM app_user WHERE email = @email", new { email });
        while (true)
        {
            var now = Totp.StepAt(clock.GetUtcNow());
            var step = Math.Max(now, (lastStep ?? -1) + 1);
            if (step <= now + TwoFactor.ToleratedSteps) return Totp.Code(SecretFor(email), step);
            if (clock is FakeTimeProvider frozen) frozen.Advance(TimeSpan.FromSeconds(Totp.StepSeconds));
            else await Task.Delay(TimeSpan.FromSeconds(Totp.StepSeconds - clock.GetUtcNow().ToUnixTimeSeconds() % Totp.StepSeconds + 0.2));
        }
    }

    /// <summary>DataProtection over the fixture's key ring, as the app has it (keys in data_protection_key).</summary>
    public static IDataProtectionProvider ProtectionFor(FixtureDatabase db) => ProtectionOf.GetOrAdd(db.ConnectionString, _ =>
    {
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("SociaalPlein");
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new PostgresXmlRepository(db.DataSource));
        return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>();
    });
}
