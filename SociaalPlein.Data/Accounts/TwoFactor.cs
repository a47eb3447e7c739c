using System.Net;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;
using SociaalPlein.Data.Audit;

namespace SociaalPlein.Data.Accounts;

public sealed record TwoFactorStatus(bool Enabled, int RecoveryCodesLeft);

/// <summary>
/// TOTP two-factor authentication (db/0018): enrolment with recovery codes, the second login step, switching it off.
/// Each code is accepted once per account (the last accepted time step is stored); a wrong code counts toward the
/// lockout of <see cref="Login"/> like a wrong password.
/// </summary>
public sealed class TwoFactor(NpgsqlDataSource db, AuditLog audit, TimeProvider clock, IDataProtectionProvider protection, Login login)
{
    public const int RecoveryCodeCount = 10;

    /// <summary>The code of the step before and after the current one is accepted too (clocks drift, typing takes time).</summary>
    public const int ToleratedSteps = 1;

    // Bump the version when the stored format changes; DataProtection's purpose keeps these apart from cookies.
    const string Purpose = "SociaalPlein.Accounts.TotpSecret.v1";

    IDataProtector Protector => protection.CreateProtector(Purpose);

    /// <summary>How a secret is stored: protected with the app's key ring, base64 text.</summary>
    internal static string Protect(IDataProtectionProvider protection, byte[] secret) =>
        Convert.ToBase64String(protection.CreateProtector(Purpose).Protect(secret));

    public async Task<TwoFactorStatus> StatusAsync(int userId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleAsync<TwoFactorStatus>(new CommandDefinition("""
            SELECT u.totp_enabled_at IS NOT NULL AS enabled,
                   (SELECT count(*)::int FROM recovery_code r WHERE r.user_id = u.id AND r.used_at IS NULL) AS recovery_codes_left
            FROM app_user u WHERE u.id = @userId
            """, new { userId }, cancellationToken: ct));
    }

    /// <summary>
    /// Switches two-factor on once the user typed a valid code for the new secret; returns the recovery codes (shown
    /// once, stored hashed), or null for a wrong code or an account that has it on already.
    /// </summary>
    public async Task<IReadOnlyList<string>?> EnableAsync(int userId, byte[] secret, string code, IPAddress? client,
        CancellationToken ct = default)
    {
        var step = MatchingStep(secret, code, lastStep: null);
        if (step is null) return null;
        var codes = Enumerable.Range(0, RecoveryCodeCount).Select(_ => NewRecoveryCode()).ToList();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var user = await conn.QuerySingleOrDefaultAsync<AuditedUser>(new CommandDefinition("""
            UPDATE app_user SET totp_secret_protected = @protectedSecret, totp_enabled_at = @now, totp_last_step = @step
            WHERE id = @userId AND totp_enabled_at IS NULL AND active
            RETURNING email, role
            """, new { userId, protectedSecret = Protect(protection, secret), now = clock.GetUtcNow(), step },
            tx, cancellationToken: ct));
        if (user is null) return null;
        await conn.ExecuteAsync(new CommandDefinition("""
            DELETE FROM recovery_code WHERE user_id = @userId;
            INSERT INTO recovery_code (user_id, code_hash) SELECT @userId, unnest(@hashes);
            """, new { userId, hashes = codes.Select(RecoveryCodeHash).ToArray() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        await audit.WriteAsync(new AuditEntry("2fa.enabled", Allowed: true, userId, user.Email, user.Role,
            ObjectType: "app_user", ObjectId: userId.ToString(), ClientAddress: client), ct);
        return codes;
    }

    /// <summary>Switches two-factor off after a valid current code (not a recovery code); false otherwise.</summary>
    public async Task<bool> DisableAsync(int userId, string code, IPAddress? client, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var state = await StateAsync(conn, userId, ct);
        if (state?.SecretProtected is null || await AcceptTotpAsync(conn, userId, state, code, ct) is false)
            return false;
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE app_user SET totp_secret_protected = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = @userId;
            DELETE FROM recovery_code WHERE user_id = @userId;
            """, new { userId }, cancellationToken: ct));
        await audit.WriteAsync(new AuditEntry("2fa.disabled", Allowed: true, userId, state.Email, state.Role,
            ObjectType: "app_user", ObjectId: userId.ToString(), ClientAddress: client), ct);
        return true;
    }

    /// <summary>
    /// The second login step: a current code or an unused recovery code. Null for a wrong code, a code used before, a
    /// locked or deactivated account, or one whose security stamp changed since the password step.
    /// </summary>
    public async Task<SignedInUser?> SecondStepAsync(int userId, Guid securityStamp, string code, IPAddress? client,
        CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenConnectionAsync(ct);
        var account = await conn.QuerySingleOrDefaultAsync<Login.Account>(new CommandDefinition(
            Login.AccountSql + " WHERE id = @userId", new { userId }, cancellationToken: ct));
        var state = await StateAsync(conn, userId, ct);
        var locked = account?.LockedUntil > now;
        if (account is null || state is null || !account.Active || locked || account.SecurityStamp != securityStamp
            || !account.HasTwoFactor)
            return await RefuseAsync(conn, account, now, client, locked ? "locked" : "account_changed", countFailure: !locked, ct);

        if (await AcceptTotpAsync(conn, userId, state, code, ct))
            return await login.CompleteAsync(conn, account, now, client, new { second_factor = "totp" }, ct);
        if (await UseRecoveryCodeAsync(conn, userId, code, now, ct))
        {
            await audit.WriteAsync(new AuditEntry("recovery_code.used", Allowed: true, userId, account.Email, account.Role,
                ObjectType: "app_user", ObjectId: userId.ToString(), ClientAddress: client), ct);
            return await login.CompleteAsync(conn, account, now, client, new { second_factor = "recovery_code" }, ct);
        }
        return await RefuseAsync(conn, account, now, client, "wrong_code", countFailure: true, ct);
    }

    async Task<SignedInUser?> RefuseAsync(NpgsqlConnection conn, Login.Account? account, DateTime now, IPAddress? client,
        string reason, bool countFailure, CancellationToken ct)
    {
        if (account is not null && countFailure) await Login.RecordFailureAsync(conn, account.Id, now, ct);
        await audit.WriteAsync(new AuditEntry("login.second_factor_failed", Allowed: false, account?.Id, account?.Email, account?.Role,
            ClientAddress: client, Detail: new { reason }), ct);
        return null;
    }

    sealed record AuditedUser(string Email, string Role);

    sealed record TotpState(string Email, string Role, string? SecretProtected, long? LastStep);

    static Task<TotpState?> StateAsync(NpgsqlConnection conn, int userId, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<TotpState?>(new CommandDefinition("""
            SELECT email, role, totp_secret_protected AS secret_protected, totp_last_step AS last_step FROM app_user WHERE id = @userId
            """, new { userId }, cancellationToken: ct));

    // The step is claimed in the same statement that checks it is newer than the last one, so two requests racing
    // with one code cannot both pass.
    async Task<bool> AcceptTotpAsync(NpgsqlConnection conn, int userId, TotpState state, string code, CancellationToken ct)
    {
        if (state.SecretProtected is null) return false;
        var secret = Protector.Unprotect(Convert.FromBase64String(state.SecretProtected));
        var step = MatchingStep(secret, code, state.LastStep);
        return step is not null && await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE app_user SET totp_last_step = @step
            WHERE id = @userId AND (totp_last_step IS NULL OR totp_last_step < @step)
            """, new { userId, step }, cancellationToken: ct)) == 1;
    }

    /// <summary>The time step whose code this is (the current one or a neighbour), newer than <paramref name="lastStep"/>.</summary>
    long? MatchingStep(byte[] secret, string code, long? lastStep)
    {
        code = code.Replace(" ", "").Trim();
        if (code.Length != Totp.Digits || !code.All(char.IsAsciiDigit)) return null;
        var now = Totp.StepAt(clock.GetUtcNow());
        for (var step = now - ToleratedSteps; step <= now + ToleratedSteps; step++)
            if ((lastStep is null || step > lastStep)
                && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Totp.Code(secret, step)), Encoding.ASCII.GetBytes(code)))
                return step;
        return null;
    }

    async Task<bool> UseRecoveryCodeAsync(NpgsqlConnection conn, int userId, string code, DateTime now, CancellationToken ct) =>
        NormalizeRecoveryCode(code).Length == RecoveryCodeLength
        && await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE recovery_code SET used_at = @now WHERE user_id = @userId AND code_hash = @hash AND used_at IS NULL
            """, new { userId, hash = RecoveryCodeHash(code), now }, cancellationToken: ct)) == 1;

    const int RecoveryCodeLength = 16; // base32: 80 random bits

    static string NewRecoveryCode()
    {
        var text = Totp.ToBase32(RandomNumberGenerator.GetBytes(10));
        return string.Join('-', text.Chunk(4).Select(c => new string(c)));
    }

    static string NormalizeRecoveryCode(string code) =>
        new(code.ToUpperInvariant().Where(c => c is not (' ' or '-')).ToArray());

    static byte[] RecoveryCodeHash(string code) => SHA256.HashData(Encoding.ASCII.GetBytes(NormalizeRecoveryCode(code)));
}
