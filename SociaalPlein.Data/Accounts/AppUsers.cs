using Dapper;
using Npgsql;

namespace SociaalPlein.Data.Accounts;

public sealed class AppUsers(NpgsqlDataSource db)
{
    /// <summary>
    /// True while the account is active and its security stamp unchanged: checked on every request, so a
    /// deactivation or role change ends sessions at once instead of when the cookie expires.
    /// </summary>
    public async Task<bool> SessionIsValidAsync(int userId, Guid securityStamp, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM app_user WHERE id = @userId AND active AND security_stamp = @securityStamp)",
            new { userId, securityStamp }, cancellationToken: ct));
    }

    public async Task<bool> ExistsAsync(string email, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM app_user WHERE email = @email)",
            new { email = email.Trim().ToLowerInvariant() }, cancellationToken: ct));
    }

    /// <summary>Creates a beheerder; used by the <c>create-admin</c> command to make the first account.</summary>
    public async Task<int> CreateBeheerderAsync(string email, string displayName, string password, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<int>(new CommandDefinition("""
            INSERT INTO app_user (email, display_name, password_hash, role)
            VALUES (@email, @displayName, @hash, 'beheerder')
            RETURNING id
            """, new { email = email.Trim().ToLowerInvariant(), displayName, hash = Passwords.Hash(password) },
            cancellationToken: ct));
    }

    public async Task<IReadOnlyList<string>> PleinNamesAsync(int userId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<string>(new CommandDefinition("""
            SELECT p.name FROM app_user_plein m JOIN plein p ON p.id = m.plein_id
            WHERE m.user_id = @userId ORDER BY p.name
            """, new { userId }, cancellationToken: ct))).ToList();
    }
}
