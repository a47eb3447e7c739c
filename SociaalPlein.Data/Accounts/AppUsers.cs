using Dapper;
using Npgsql;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Data.Accounts;

public sealed class AppUsers(NpgsqlDataSource db, AuditLog audit)
{
    /// <summary>The same rule as the app_user_email_check constraint, so bad input is caught before the database.</summary>
    public static bool IsValidEmail(string email) => email.Length <= 254 && ContactFormat.IsEmail(email);

    public async Task<bool> ExistsAsync(string email, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM app_user WHERE email = @email)",
            new { email = email.Trim().ToLowerInvariant() }, cancellationToken: ct));
    }

    /// <summary>
    /// Creates a beheerder (the <c>create-admin</c> command makes the first account this way) and audits the
    /// role it was given. Null when the address has an account already.
    /// </summary>
    public async Task<int?> CreateBeheerderAsync(string email, string displayName, string password, CancellationToken ct = default)
    {
        email = email.Trim().ToLowerInvariant();
        await using var conn = await db.OpenConnectionAsync(ct);
        var id = await conn.ExecuteScalarAsync<int?>(new CommandDefinition("""
            INSERT INTO app_user (email, display_name, password_hash, role)
            VALUES (@email, @displayName, @hash, 'beheerder')
            ON CONFLICT (email) DO NOTHING
            RETURNING id
            """, new { email, displayName, hash = Passwords.Hash(password) }, cancellationToken: ct));
        if (id is int created)
            await audit.WriteAsync(new AuditEntry("account.created", Allowed: true, ObjectType: "app_user", ObjectId: created.ToString(),
                Detail: new { role = "beheerder", via = "create-admin" }), ct);
        return id;
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
