using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;

namespace SociaalPlein.Data.Audit;

/// <summary>One line of the NEN 7513-style access log. Never carries personal data itself.</summary>
public sealed record AuditEntry(
    string Action,
    bool Allowed,
    int? UserId = null,
    string? UserEmail = null,
    string? Role = null,
    string? ObjectType = null,
    string? ObjectId = null,
    string? Subject = null,
    int? PleinId = null,
    IPAddress? ClientAddress = null,
    object? Detail = null);

public sealed class AuditLog(NpgsqlDataSource db)
{
    // The table's CHECKs: a longer value (a typed address, a code from the URL) is cut, never refused with a 500.
    const int MaxEmail = 254, MaxObjectId = 60, MaxSubject = 60;

    public async Task WriteAsync(AuditEntry e, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await WriteAsync(conn, null, e, ct);
    }

    /// <summary>
    /// Writes the entry on the caller's connection, inside its transaction: the entry is stored exactly when the change
    /// it records is (a referral's status change, an erasure).
    /// </summary>
    public static Task WriteAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, AuditEntry e, CancellationToken ct = default)
    {
        const string sql = """
            INSERT INTO audit_log (user_id, user_email, role, action, object_type, object_id, subject, plein_id,
                                   client_address, outcome, detail)
            VALUES (@UserId, @UserEmail, @Role, @Action, @ObjectType, @ObjectId, @Subject, @PleinId,
                    @ClientAddress::inet, @Outcome, @Detail::jsonb)
            """;
        return conn.ExecuteAsync(new CommandDefinition(sql, new
        {
            e.UserId,
            UserEmail = Inert(e.UserEmail, MaxEmail),
            e.Role, e.Action, e.ObjectType,
            ObjectId = Inert(e.ObjectId, MaxObjectId),
            Subject = Inert(e.Subject, MaxSubject),
            e.PleinId,
            ClientAddress = e.ClientAddress?.ToString(),
            Outcome = e.Allowed ? "allowed" : "refused",
            Detail = InertJson(e.Detail),
        }, tx, cancellationToken: ct));
    }

    /// <summary>
    /// Against log injection: a value that came from a user (an address typed at login, a code from the URL) reaches
    /// the log with every control character (newline, carriage return, tab, escape, NUL…) shown as <c>\uXXXX</c>, so
    /// it can never start a line of its own or smuggle terminal codes into a report or export; then cut to fit.
    /// </summary>
    public static string? Inert(string? value, int maxLength = int.MaxValue)
    {
        if (value is null) return null;
        var text = value;
        if (text.Any(IsControl))
        {
            var b = new StringBuilder(text.Length + 16);
            foreach (var c in text) b.Append(IsControl(c) ? $"\\u{(int)c:x4}" : c);
            text = b.ToString();
        }
        if (text.Length <= maxLength) return text;
        // Never half a surrogate pair: PostgreSQL would refuse the invalid UTF-8.
        var cut = char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
        return text[..cut];
    }

    /// <summary>
    /// The detail as JSON with every string in it made inert like the columns: JSON would escape a newline itself, but
    /// PostgreSQL refuses a NUL (<c>\u0000</c>) in jsonb, and a typed value must never fail the request it records.
    /// </summary>
    static string? InertJson(object? detail)
    {
        if (detail is null) return null;
        var node = JsonSerializer.SerializeToNode(detail);
        if (node is JsonValue v && v.TryGetValue<string>(out var text)) return JsonSerializer.Serialize(Inert(text));
        if (node is not null) MakeInert(node);
        return node?.ToJsonString();
    }

    static void MakeInert(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    if (value is JsonValue v && v.TryGetValue<string>(out var text)) o[key] = Inert(text);
                    else if (value is not null) MakeInert(value);
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is JsonValue v && v.TryGetValue<string>(out var text)) a[i] = Inert(text);
                    else if (a[i] is { } item) MakeInert(item);
                }
                break;
        }
    }

    // C0, DEL, C1, and the Unicode line and paragraph separators.
    static bool IsControl(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}
