using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace SociaalPlein.Data.Gids;

public sealed record ApiKeyRow(int Id, int PleinId, string Plein, string Name, DateTime CreatedAt, string? CreatedBy, DateTime? RevokedAt,
    bool WorkContacts);

/// <summary>Who called with a valid key: the key, the one plein whose directory it may read, and whether with work contact details.</summary>
public sealed record ApiKeyCaller(int KeyId, int PleinId, string Name, bool WorkContacts);

/// <summary>A new key: <see cref="Key"/> is its only copy, shown to the beheerder once and never stored.</summary>
public sealed record CreatedApiKey(int Id, string Key);

/// <summary>
/// API keys with which another sociale kaart reads one plein's directory. A key is 32 random bytes, base64url
/// (43 characters); the database keeps only the SHA-256 of its text, so a copy of the database opens nothing.
/// </summary>
public sealed class ApiKeys(NpgsqlDataSource db)
{
    public const int NameMinLength = 2;
    public const int NameMaxLength = 80;
    const int KeyLength = 43;

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public async Task<CreatedApiKey> CreateAsync(int pleinId, string name, int? createdBy, CancellationToken ct = default,
        bool workContacts = false)
    {
        var key = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        await using var conn = await db.OpenConnectionAsync(ct);
        var id = await conn.ExecuteScalarAsync<int>(new CommandDefinition("""
            INSERT INTO plein_api_key (plein_id, name, key_hash, created_by, work_contacts)
            VALUES (@pleinId, @name, @hash, @createdBy, @workContacts)
            RETURNING id
            """, new { pleinId, name = name.Trim(), hash = Hash(key), createdBy, workContacts }, cancellationToken: ct));
        return new CreatedApiKey(id, key);
    }

    /// <summary>Whether the plein already has a key in use under this name (so a resubmitted form makes no second key).</summary>
    public async Task<bool> NameInUseAsync(int pleinId, string name, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition("""
            SELECT EXISTS (SELECT 1 FROM plein_api_key
                           WHERE plein_id = @pleinId AND lower(name) = lower(@name) AND revoked_at IS NULL)
            """, new { pleinId, name = name.Trim() }, cancellationToken: ct));
    }

    /// <summary>Revokes a key in use; returns its plein, or null when there is no such key in use.</summary>
    public async Task<int?> RevokeAsync(int id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<int?>(new CommandDefinition("""
            UPDATE plein_api_key SET revoked_at = now() WHERE id = @id AND revoked_at IS NULL RETURNING plein_id
            """, new { id }, cancellationToken: ct));
    }

    /// <summary>Allows or withdraws a key in use the work contact details; returns its plein, or null when there is no such key in use.</summary>
    public async Task<int?> SetWorkContactsAsync(int id, bool allowed, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<int?>(new CommandDefinition("""
            UPDATE plein_api_key SET work_contacts = @allowed WHERE id = @id AND revoked_at IS NULL RETURNING plein_id
            """, new { id, allowed }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<ApiKeyRow>> ListAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<ApiKeyRow>(new CommandDefinition("""
            SELECT k.id, k.plein_id, p.name AS plein, k.name, k.created_at, u.display_name AS created_by, k.revoked_at, k.work_contacts
            FROM plein_api_key k
            JOIN plein p ON p.id = k.plein_id
            LEFT JOIN app_user u ON u.id = k.created_by
            ORDER BY p.name, k.revoked_at IS NOT NULL, k.created_at DESC, k.id DESC
            """, cancellationToken: ct))).ToList();
    }

    /// <summary>The caller behind a key, when the key exists, is not revoked and its plein is active.</summary>
    public async Task<ApiKeyCaller?> AuthenticateAsync(string key, CancellationToken ct = default)
    {
        // Anything that cannot be one of our keys is refused without asking the database.
        if (key.Length != KeyLength || !Base64Url.IsValid(key)) return null;
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ApiKeyCaller>(new CommandDefinition("""
            SELECT k.id AS key_id, k.plein_id, k.name, k.work_contacts
            FROM plein_api_key k JOIN plein p ON p.id = k.plein_id
            WHERE k.key_hash = @hash AND k.revoked_at IS NULL AND p.active
            """, new { hash = Hash(key) }, cancellationToken: ct));
    }
}
