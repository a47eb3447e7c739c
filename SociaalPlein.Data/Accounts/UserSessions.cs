using System.Net;
using Dapper;
using Npgsql;
using SociaalPlein.Data.Audit;

namespace SociaalPlein.Data.Accounts;

/// <summary>
/// Server-side sessions (db/0018): a login opens a row, the cookie carries its id, and every request checks the row.
/// The cookie's own sliding expiry (8 h) stays; the row adds the absolute expiry and makes logout final.
/// </summary>
sealed record SessionOwner(string Email, string Role);

public sealed class UserSessions(NpgsqlDataSource db, AuditLog audit, TimeProvider clock)
{
    /// <summary>However active the user, a session ends this long after its login.</summary>
    public static readonly TimeSpan AbsoluteExpiry = TimeSpan.FromHours(12);

    // last_seen_at is written at most this often, so an ordinary request stays a read.
    static readonly TimeSpan SeenGranularity = TimeSpan.FromMinutes(5);

    public async Task<Guid> StartAsync(int userId, IPAddress? client, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<Guid>(new CommandDefinition("""
            INSERT INTO user_session (user_id, issued_at, last_seen_at, client_address)
            VALUES (@userId, @now, @now, @client::inet)
            RETURNING id
            """, new { userId, now = clock.GetUtcNow(), client = client?.ToString() }, cancellationToken: ct));
    }

    /// <summary>
    /// True while the session is open and younger than <see cref="AbsoluteExpiry"/>, and its account active with the
    /// same security stamp. One statement on two primary keys; it notes the last request every few minutes.
    /// </summary>
    public async Task<bool> IsValidAsync(Guid sessionId, int userId, Guid securityStamp, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition("""
            WITH valid AS (
                SELECT s.id, s.last_seen_at
                FROM user_session s
                JOIN app_user u ON u.id = s.user_id
                WHERE s.id = @sessionId AND s.user_id = @userId AND s.ended_at IS NULL AND s.issued_at > @oldest
                  AND u.active AND u.security_stamp = @securityStamp
            ), seen AS (
                UPDATE user_session s SET last_seen_at = @now
                FROM valid WHERE s.id = valid.id AND valid.last_seen_at < @seenBefore
            )
            SELECT EXISTS (SELECT 1 FROM valid)
            """, new { sessionId, userId, securityStamp, now, oldest = now - AbsoluteExpiry, seenBefore = now - SeenGranularity },
            cancellationToken: ct));
    }

    /// <summary>Logout: the row is closed, so the same cookie, wherever it was copied to, is refused from now on.</summary>
    public async Task EndAsync(Guid sessionId, int userId, IPAddress? client, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var owner = await conn.QuerySingleOrDefaultAsync<SessionOwner>(new CommandDefinition("""
            UPDATE user_session s SET ended_at = @now, ended_reason = 'logout'
            FROM app_user u
            WHERE s.id = @sessionId AND s.user_id = @userId AND s.ended_at IS NULL AND u.id = s.user_id
            RETURNING u.email, u.role
            """, new { sessionId, userId, now = clock.GetUtcNow() }, cancellationToken: ct));
        if (owner is not null)
            await audit.WriteAsync(new AuditEntry("logout", Allowed: true, userId, owner.Email, owner.Role,
                ObjectType: "user_session", ObjectId: sessionId.ToString(), ClientAddress: client), ct);
    }
}
