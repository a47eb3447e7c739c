using System.Net;
using System.Text.Json;
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
    public async Task WriteAsync(AuditEntry e, CancellationToken ct = default)
    {
        const string sql = """
            INSERT INTO audit_log (user_id, user_email, role, action, object_type, object_id, subject, plein_id,
                                   client_address, outcome, detail)
            VALUES (@UserId, @UserEmail, @Role, @Action, @ObjectType, @ObjectId, @Subject, @PleinId,
                    @ClientAddress::inet, @Outcome, @Detail::jsonb)
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(sql, new
        {
            e.UserId, e.UserEmail, e.Role, e.Action, e.ObjectType, e.ObjectId, e.Subject, e.PleinId,
            ClientAddress = e.ClientAddress?.ToString(),
            Outcome = e.Allowed ? "allowed" : "refused",
            Detail = e.Detail is null ? null : JsonSerializer.Serialize(e.Detail),
        }, cancellationToken: ct));
    }
}
