using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using SociaalPlein.Data.Export;

namespace SociaalPlein.Data.Audit;

/// <summary>
/// From a pseudonym in an export back to the visitor's code, for the audit log's "betrokkene" filter: only a stable
/// pseudonym (a plein's stored export secret) can be traced; a per-export one has a key that was never stored, by
/// design. Computed over the visitors of the pleinen that have a secret, with the export's own function.
/// </summary>
public sealed partial class StablePseudonyms(NpgsqlDataSource db)
{
    public static bool Looks(string text) => Pattern().IsMatch(text);

    public async Task<string?> CodeOfAsync(string pseudonym, CancellationToken ct = default)
    {
        pseudonym = pseudonym.ToLowerInvariant();
        if (!Looks(pseudonym)) return null;
        await using var conn = await db.OpenConnectionAsync(ct);
        var secrets = (await conn.QueryAsync<(int PleinId, byte[] Secret)>(new CommandDefinition(
            "SELECT plein_id, secret FROM plein_export_secret", cancellationToken: ct))).ToDictionary(s => s.PleinId, s => s.Secret);
        if (secrets.Count == 0) return null;
        await foreach (var v in conn.QueryUnbufferedAsync<(int Id, int PleinId, string Code)>(
                           "SELECT id, plein_id, code FROM visitor WHERE plein_id = ANY (@pleinen)", new { pleinen = secrets.Keys.ToArray() })
                           .WithCancellation(ct))
        {
            if (string.Equals(Pseudonyms.Of(secrets[v.PleinId], v.Id), "P" + pseudonym[1..], StringComparison.Ordinal)) return v.Code;
        }
        return null;
    }

    [GeneratedRegex("^[Pp][0-9a-fA-F]{16}$")]
    private static partial Regex Pattern();
}
