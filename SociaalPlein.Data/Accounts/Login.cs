using System.Net;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Npgsql;
using SociaalPlein.Data.Audit;

namespace SociaalPlein.Data.Accounts;

/// <summary>
/// An account whose password was right. With <see cref="HasTwoFactor"/> it is not signed in yet: the second step
/// (<see cref="TwoFactor.SecondStepAsync"/>) still has to pass, and <see cref="PleinIds"/> is empty until then.
/// </summary>
public sealed record SignedInUser(int Id, string Email, string DisplayName, string Role, Guid SecurityStamp, int[] PleinIds,
    bool HasTwoFactor = false);

/// <summary>
/// Checks a login: password, active account, lockout. Unknown address, wrong password, locked and
/// deactivated accounts all fail the same way, so the answer never tells which accounts exist.
/// </summary>
public sealed class Login(NpgsqlDataSource db, AuditLog audit, TimeProvider clock)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockoutPeriod = TimeSpan.FromMinutes(15);

    internal sealed record Account(int Id, string Email, string DisplayName, string? PasswordHash, string Role, bool Active,
        short FailedLoginCount, DateTime? LockedUntil, Guid SecurityStamp, bool HasTwoFactor);

    internal const string AccountSql = """
        SELECT id, email, display_name, password_hash, role, active, failed_login_count, locked_until, security_stamp,
               totp_enabled_at IS NOT NULL AS has_two_factor
        FROM app_user
        """;

    public async Task<SignedInUser?> AttemptAsync(string email, string password, IPAddress? client, CancellationToken ct = default)
    {
        email = email.Trim().ToLowerInvariant();
        await using var conn = await db.OpenConnectionAsync(ct);
        var account = await conn.QuerySingleOrDefaultAsync<Account>(new CommandDefinition(
            AccountSql + " WHERE email = @email", new { email }, cancellationToken: ct));

        var now = clock.GetUtcNow().UtcDateTime;
        var hash = account?.PasswordHash ?? Passwords.DecoyHash;
        var passwordOk = Passwords.Verify(hash, password) != PasswordVerificationResult.Failed;
        var locked = account?.LockedUntil > now;

        if (account is null || !account.Active || locked || !passwordOk || account.PasswordHash is null)
        {
            if (account is not null && !locked) await RecordFailureAsync(conn, account.Id, now, ct);
            await audit.WriteAsync(new AuditEntry("login.failure", Allowed: false, account?.Id, email, account?.Role,
                ObjectType: "app_user", ObjectId: account?.Id.ToString(), ClientAddress: client, Detail: new { reason = FailureReason(account, locked, passwordOk) }), ct);
            return null;
        }

        // The failure count is kept until the second step passes too, so guessing codes cannot be spread over
        // password retries.
        if (account.HasTwoFactor)
            return new SignedInUser(account.Id, account.Email, account.DisplayName, account.Role, account.SecurityStamp, [], HasTwoFactor: true);
        return await CompleteAsync(conn, account, now, client, detail: null, ct);
    }

    /// <summary>Every step passed: the failure count starts again and the login is audited.</summary>
    internal async Task<SignedInUser> CompleteAsync(NpgsqlConnection conn, Account account, DateTime now, IPAddress? client,
        object? detail, CancellationToken ct)
    {
        var pleinIds = (await conn.QueryAsync<int>(new CommandDefinition("""
            UPDATE app_user SET failed_login_count = 0, locked_until = NULL, last_login_at = @now WHERE id = @Id;
            SELECT plein_id FROM app_user_plein WHERE user_id = @Id ORDER BY plein_id;
            """, new { account.Id, now }, cancellationToken: ct))).ToArray();
        await audit.WriteAsync(new AuditEntry("login.success", Allowed: true, account.Id, account.Email, account.Role,
            ObjectType: "app_user", ObjectId: account.Id.ToString(), ClientAddress: client, Detail: detail), ct);
        return new SignedInUser(account.Id, account.Email, account.DisplayName, account.Role, account.SecurityStamp, pleinIds,
            account.HasTwoFactor);
    }

    // The fifth failure in a row locks the account and starts counting again after the lockout.
    internal static Task RecordFailureAsync(NpgsqlConnection conn, int id, DateTime now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            UPDATE app_user
            SET failed_login_count = CASE WHEN failed_login_count + 1 >= @MaxFailures THEN 0 ELSE failed_login_count + 1 END,
                locked_until = CASE WHEN failed_login_count + 1 >= @MaxFailures THEN @lockedUntil ELSE locked_until END
            WHERE id = @id
            """, new { id, MaxFailures, lockedUntil = now + LockoutPeriod }, cancellationToken: ct));

    // For the audit log only; the user always sees the same message.
    static string FailureReason(Account? account, bool locked, bool passwordOk) => account switch
    {
        null => "unknown_account",
        _ when locked => "locked",
        { Active: false } => "inactive",
        { PasswordHash: null } => "no_password_set",
        _ when !passwordOk => "wrong_password",
        _ => "unknown",
    };
}
