using System.Buffers.Binary;
using System.Security.Cryptography;
using Dapper;
using Npgsql;

namespace SociaalPlein.Data.Export;

/// <summary>
/// The keys that turn a visitor into a pseudonym: HMAC-SHA256 of the visitor's id, its first 8 bytes in hex after a
/// "P" (so Excel never reads one as a number). By default one random key per export, never stored, so two exports
/// cannot be linked; with stable pseudonyms each plein's own secret from <c>plein_export_secret</c>, so the same
/// visitor keeps the same pseudonym in every export of that plein.
/// <para>
/// The HMAC is computed in PostgreSQL with its built-in sha256 (RFC 2104: H(K ⊕ opad ‖ H(K ⊕ ipad ‖ m))), so the rows
/// arrive pseudonymised and the key pads are the only thing sent along; <see cref="Of"/> is the same function in C#.
/// </para>
/// </summary>
public sealed class Pseudonyms
{
    const int KeyLength = 32, BlockLength = 64;

    public int[] Pleinen { get; }
    internal byte[][] InnerPads { get; }
    internal byte[][] OuterPads { get; }

    Pseudonyms(int[] pleinen, byte[][] keys)
    {
        Pleinen = pleinen;
        InnerPads = keys.Select(k => Pad(k, 0x36)).ToArray();
        OuterPads = keys.Select(k => Pad(k, 0x5c)).ToArray();
    }

    /// <summary>One fresh random key for every plein of this export.</summary>
    public static Pseudonyms ForOneExport(IReadOnlyList<int> pleinen)
    {
        var key = RandomNumberGenerator.GetBytes(KeyLength);
        return new([.. pleinen], pleinen.Select(_ => key).ToArray());
    }

    /// <summary>Each plein's stored secret, made (randomly) the first time a plein is exported with stable pseudonyms.</summary>
    public static async Task<Pseudonyms> StableAsync(NpgsqlConnection conn, IReadOnlyList<int> pleinen, CancellationToken ct)
    {
        var ids = pleinen.ToArray();
        var fresh = ids.Select(_ => RandomNumberGenerator.GetBytes(KeyLength)).ToArray();
        var secrets = (await conn.QueryAsync<(int PleinId, byte[] Secret)>(new CommandDefinition("""
            INSERT INTO plein_export_secret (plein_id, secret)
            SELECT * FROM unnest(@ids, @fresh)
            ON CONFLICT (plein_id) DO NOTHING;
            SELECT plein_id, secret FROM plein_export_secret WHERE plein_id = ANY (@ids);
            """, new { ids, fresh }, cancellationToken: ct))).ToDictionary(s => s.PleinId, s => s.Secret);
        return new(ids, ids.Select(id => secrets[id]).ToArray());
    }

    /// <summary>The pseudonym of visitor <paramref name="visitorId"/> under <paramref name="key"/>, as the SQL computes it.</summary>
    public static string Of(byte[] key, int visitorId)
    {
        Span<byte> message = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(message, visitorId);
        return "P" + Convert.ToHexStringLower(HMACSHA256.HashData(key, message)[..8]);
    }

    /// <summary>A plein's stable secret (for tests that check the stable pseudonyms against <see cref="Of"/>).</summary>
    public static async Task<byte[]?> StoredSecretAsync(NpgsqlDataSource db, int pleinId)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<byte[]?>("SELECT secret FROM plein_export_secret WHERE plein_id = @pleinId", new { pleinId });
    }

    /// <summary>The pads of a plein's key, joined to the visitor (alias <paramref name="visitor"/>) by its plein.</summary>
    internal static string KeyJoin(string visitor) => $"""
        LEFT JOIN unnest(@keyPleinen, @innerPads, @outerPads) k (plein_id, inner_pad, outer_pad) ON k.plein_id = {visitor}.plein_id
        """;

    /// <summary>The pseudonym of visitor <paramref name="visitor"/>; NULL when there is no visitor.</summary>
    internal static string Sql(string visitor) =>
        $"'P' || encode(substr(sha256(k.outer_pad || sha256(k.inner_pad || int4send({visitor}.id))), 1, 8), 'hex')";

    static byte[] Pad(byte[] key, byte with)
    {
        var pad = new byte[BlockLength];
        for (var i = 0; i < BlockLength; i++) pad[i] = (byte)((i < key.Length ? key[i] : 0) ^ with);
        return pad;
    }
}
