using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using Dapper;
using Npgsql;
using SociaalPlein.Data.Audit;

namespace SociaalPlein.Data.Accounts;

/// <summary>What a set-password link is for (account_token.purpose).</summary>
public static class TokenPurpose
{
    public const string Invitation = "invitation";
    public const string Reset = "reset";
}

/// <summary>An open link: whose it is, so the page can greet them and check the password against their address.</summary>
public sealed record OpenToken(long Id, int UserId, string Email, string Role, string Purpose);

/// <summary>A link to mail: to whom, and the token that goes into it (never stored, only its hash).</summary>
public sealed record IssuedLink(int UserId, string Email, string DisplayName, string Token, DateTimeOffset ExpiresAt);

/// <summary>The outcome of setting a password through a link.</summary>
public enum PasswordSetOutcome { Set, LinkInvalid, Refused }

/// <summary>
/// Single-use, expiring links to set a password (db/0017): the beheerder's invitation (7 days) and the reset a user
/// asks for (1 hour). The token is 32 random bytes, base64url in the link; only its SHA-256 is stored. A new link
/// closes the account's older open one; using a link sets the password, bumps the security stamp (ending every other
/// session), clears the lockout, and closes the link.
/// </summary>
public sealed class AccountTokens(NpgsqlDataSource db, AuditLog audit, TimeProvider clock)
{
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);
    public static readonly TimeSpan ResetLifetime = TimeSpan.FromHours(1);

    public const string ResetRequestedAction = "password.reset_requested";
    public const string PasswordSetAction = "password.set";

    /// <summary>Issues a new link for the account inside the caller's transaction, closing the older open one.</summary>
    internal static async Task<(string Token, DateTimeOffset ExpiresAt)> IssueAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        int userId, string purpose, DateTimeOffset now, CancellationToken ct)
    {
        var bytes = RandomNumberGenerator.GetBytes(32);
        var expiresAt = now + (purpose == TokenPurpose.Invitation ? InvitationLifetime : ResetLifetime);
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE account_token SET closed_at = @now, closed_because = 'replaced' WHERE user_id = @userId AND closed_at IS NULL;
            INSERT INTO account_token (user_id, purpose, token_hash, created_at, expires_at)
            VALUES (@userId, @purpose, @hash, @now, @expiresAt);
            """, new { userId, purpose, hash = SHA256.HashData(bytes), now, expiresAt }, tx, cancellationToken: ct));
        return (Base64Url.EncodeToString(bytes), expiresAt);
    }

    /// <summary>The SHA-256 of the token's 32 bytes; null when the text is not a token at all.</summary>
    static byte[]? HashOf(string? token)
    {
        // TryDecodeFromChars throws on a character outside base64url (a link mangled by a mail client, or tampered):
        // that is not a token either.
        if (string.IsNullOrEmpty(token) || token.Length > 64 || !Base64Url.IsValid(token)) return null;
        var bytes = new byte[48];
        return Base64Url.TryDecodeFromChars(token, bytes, out var written) && written == 32
            ? SHA256.HashData(bytes.AsSpan(0, 32))
            : null;
    }

    /// <summary>The link's account while the link is open, unexpired and the account active; otherwise null.</summary>
    public async Task<OpenToken?> FindAsync(string? token, CancellationToken ct = default)
    {
        if (HashOf(token) is not { } hash) return null;
        await using var conn = await db.OpenConnectionAsync(ct);
        return await FindAsync(conn, null, hash, clock.GetUtcNow(), lockRow: false, ct);
    }

    static Task<OpenToken?> FindAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, byte[] hash, DateTimeOffset now, bool lockRow,
        CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<OpenToken?>(new CommandDefinition($"""
            SELECT t.id, t.user_id, u.email, u.role, t.purpose
            FROM account_token t JOIN app_user u ON u.id = t.user_id
            WHERE t.token_hash = @hash AND t.closed_at IS NULL AND t.expires_at > @now AND u.active
            {(lockRow ? "FOR UPDATE OF t" : "")}
            """, new { hash, now }, tx, cancellationToken: ct));

    /// <summary>
    /// Sets the password through a link. Refused (with the Dutch message) when the password breaks the rules; the link
    /// stays open then. LinkInvalid when the link is unknown, used, replaced, expired or its account inactive.
    /// </summary>
    public async Task<(PasswordSetOutcome Outcome, string? Problem)> SetPasswordAsync(string? token, string? password,
        IPAddress? client, CancellationToken ct = default)
    {
        if (HashOf(token) is not { } hash) return (PasswordSetOutcome.LinkInvalid, null);
        var now = clock.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Locked, so two submits of the same link cannot both set a password.
        if (await FindAsync(conn, tx, hash, now, lockRow: true, ct) is not { } open) return (PasswordSetOutcome.LinkInvalid, null);
        if (Passwords.Problem(password, open.Email) is { } problem) return (PasswordSetOutcome.Refused, problem);
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE account_token SET closed_at = @now, closed_because = 'used' WHERE id = @Id;
            UPDATE app_user
            SET password_hash = @hash, security_stamp = gen_random_uuid(), failed_login_count = 0, locked_until = NULL
            WHERE id = @UserId;
            """, new { open.Id, open.UserId, now, hash = Passwords.Hash(password!) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        await audit.WriteAsync(new AuditEntry(PasswordSetAction, Allowed: true, open.UserId, open.Email, open.Role,
            ObjectType: "app_user", ObjectId: open.UserId.ToString(), ClientAddress: client, Detail: new { via = open.Purpose }), ct);
        return (PasswordSetOutcome.Set, null);
    }

    /// <summary>
    /// A reset asked for by address. Returns the link to mail when the address belongs to an active account, null
    /// otherwise; the caller answers the same either way (no account enumeration). Both are audited, the reason for
    /// sending nothing only in the log.
    /// </summary>
    public async Task<IssuedLink?> RequestResetAsync(string email, IPAddress? client, CancellationToken ct = default)
    {
        email = email.Trim().ToLowerInvariant();
        var now = clock.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var account = await conn.QuerySingleOrDefaultAsync<(int Id, string DisplayName, string Role, bool Active)?>(new CommandDefinition(
            "SELECT id, display_name, role, active FROM app_user WHERE email = @email FOR UPDATE",
            new { email }, tx, cancellationToken: ct));
        if (account is not { Active: true } a)
        {
            await tx.RollbackAsync(ct);
            await audit.WriteAsync(new AuditEntry(ResetRequestedAction, Allowed: false, account?.Id, email, account?.Role,
                ObjectType: "app_user", ObjectId: account?.Id.ToString(), ClientAddress: client,
                Detail: new { reason = account is null ? "unknown_account" : "inactive" }), ct);
            return null;
        }
        var (token, expiresAt) = await IssueAsync(conn, tx, a.Id, TokenPurpose.Reset, now, ct);
        await tx.CommitAsync(ct);
        await audit.WriteAsync(new AuditEntry(ResetRequestedAction, Allowed: true, a.Id, email, a.Role,
            ObjectType: "app_user", ObjectId: a.Id.ToString(), ClientAddress: client), ct);
        return new IssuedLink(a.Id, email, a.DisplayName, token, expiresAt);
    }
}
