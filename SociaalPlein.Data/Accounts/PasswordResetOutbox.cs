using System.Net;
using Dapper;
using Npgsql;

namespace SociaalPlein.Data.Accounts;

/// <summary>One asked-for reset, as the page stored it: the address as typed (normalised) and where the request came from.</summary>
public sealed record QueuedReset(long Id, string Email, string? Client)
{
    public IPAddress? ClientAddress => Client is null ? null : IPAddress.Parse(Client);
}

/// <summary>
/// The outbox of "wachtwoord vergeten": the page only adds a row (the same single INSERT for a known and an unknown
/// address, so neither the answer nor its timing tells whether an account exists); the wachtwoord-mails job takes the
/// rows and does the rest (AccountTokens.RequestResetAsync, the mail).
/// </summary>
public sealed class PasswordResetOutbox(NpgsqlDataSource db)
{
    public async Task QueueAsync(string email, IPAddress? client, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "INSERT INTO password_reset_request (email, client_address) VALUES (@email, @client::inet)",
            new { email = email.Trim().ToLowerInvariant(), client = client?.ToString() }, cancellationToken: ct));
    }

    /// <summary>
    /// Takes (deletes and returns) up to <paramref name="max"/> requests, oldest first. SKIP LOCKED keeps two runs from
    /// taking the same row; a request whose mail then fails is gone, and the user asks again, as the page suggests.
    /// </summary>
    public async Task<IReadOnlyList<QueuedReset>> TakeAsync(int max, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<QueuedReset>(new CommandDefinition("""
            DELETE FROM password_reset_request
            WHERE id IN (SELECT id FROM password_reset_request ORDER BY id LIMIT @max FOR UPDATE SKIP LOCKED)
            RETURNING id, email, host(client_address) AS client
            """, new { max }, cancellationToken: ct));
        return rows.OrderBy(r => r.Id).ToList();
    }
}
