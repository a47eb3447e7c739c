using Dapper;
using Npgsql;
using SociaalPlein.Data.Beheer;

namespace SociaalPlein.Data.Nieuwsbrief;

public sealed record Subscriber(int Id, string Name, string OrganisationName, string Email, DateTime? UnsubscribedAt, DateTime CreatedAt)
{
    public bool Active => UnsubscribedAt is null;
}

/// <summary>The projectleider's form for a new subscriber.</summary>
public sealed record SubscriberInput(string? Name, string? OrganisationName, string? Email);

/// <summary>
/// Who receives a plein's newsletter (<c>newsletter_subscriber</c>): partners added by the projectleider, each able
/// to leave by the link in every mail. Unsubscribing keeps the row (and its past deliveries) and only stops new
/// ones; adding an address that left before subscribes it again.
/// </summary>
public sealed class NewsletterSubscribers(NpgsqlDataSource db)
{
    public async Task<IReadOnlyList<Subscriber>> ListAsync(int pleinId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<Subscriber>(new CommandDefinition("""
            SELECT id, name, organisation_name, email, unsubscribed_at, created_at
            FROM newsletter_subscriber WHERE plein_id = @pleinId
            ORDER BY unsubscribed_at IS NOT NULL, lower(name), id
            """, new { pleinId }, cancellationToken: ct))).ToList();
    }

    public async Task<SaveResult> AddAsync(int pleinId, SubscriberInput input, CancellationToken ct = default)
    {
        var check = new EntryChecks();
        var name = check.Required(nameof(input.Name), input.Name, "de naam", 2, 120);
        var organisation = check.Optional(nameof(input.OrganisationName), input.OrganisationName, "de organisatie", 160);
        var email = check.Email(nameof(input.Email), input.Email).ToLowerInvariant();
        if (email.Length == 0) check.Add(nameof(input.Email), "Vul het e-mailadres in.");
        if (!check.Ok) return SaveResult.Refused(check.Errors);

        await using var conn = await db.OpenConnectionAsync(ct);
        var id = await conn.ExecuteScalarAsync<int?>(new CommandDefinition("""
            INSERT INTO newsletter_subscriber (plein_id, name, organisation_name, email) VALUES (@pleinId, @name, @organisation, @email)
            ON CONFLICT ON CONSTRAINT newsletter_subscriber_email_unique DO UPDATE
                SET name = excluded.name, organisation_name = excluded.organisation_name, unsubscribed_at = NULL
                WHERE newsletter_subscriber.unsubscribed_at IS NOT NULL
            RETURNING id
            """, new { pleinId, name, organisation, email }, cancellationToken: ct));
        return id is int saved
            ? SaveResult.Ok(saved)
            : SaveResult.Refused([new FieldError(nameof(input.Email), "Dit e-mailadres ontvangt de nieuwsbrief al.")]);
    }

    /// <summary>Stops the newsletter for a subscriber of the plein; false when there is no such active subscriber.</summary>
    public async Task<bool> UnsubscribeAsync(int subscriberId, int? pleinId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE newsletter_subscriber SET unsubscribed_at = now()
            WHERE id = @subscriberId AND (@pleinId::int IS NULL OR plein_id = @pleinId) AND unsubscribed_at IS NULL
            """, new { subscriberId, pleinId }, cancellationToken: ct)) == 1;
    }

    /// <summary>The plein's name and whether the subscriber still receives it, for the unsubscribe page.</summary>
    public async Task<(string PleinName, bool Active)?> FindAsync(int subscriberId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<(string PleinName, bool Active)>(new CommandDefinition("""
            SELECT n.name, s.unsubscribed_at IS NULL FROM newsletter_subscriber s JOIN plein n ON n.id = s.plein_id WHERE s.id = @subscriberId
            """, new { subscriberId }, cancellationToken: ct));
        return row.PleinName is null ? null : row;
    }
}
