using Dapper;
using Npgsql;
using SociaalPlein.Data.Verwijzingen;

namespace SociaalPlein.Data.Nieuwsbrief;

/// <summary>A plein whose figures the account may see on /dataset; its opening sets the first quarter to choose.</summary>
public sealed record DatasetPlein(int Id, string Name, DateOnly OpenedOn);

/// <summary>
/// The pleinen whose figures an account may see (/dataset): every plein for the beheerder, their own for a
/// projectleider, none for a professional (NeedToKnow.OverseesPlein, the rule of /veelbezoekers too).
/// </summary>
public sealed class DatasetPleinen(NpgsqlDataSource db)
{
    /// <summary>In name order; empty when the account oversees no plein.</summary>
    public async Task<IReadOnlyList<DatasetPlein>> ForAccountAsync(int userId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition($"""
            WITH {NeedToKnow.Me}
            SELECT n.id, n.name, n.opened_on FROM plein n CROSS JOIN me
            WHERE {NeedToKnow.OverseesPlein}
            ORDER BY n.name, n.id
            """, new { userId }, cancellationToken: ct));
        return rows.Select(r => new DatasetPlein(r.Id, r.Name, r.OpenedOn)).ToList();
    }

    // A class: Dapper fills a DateOnly property from a date column, but matches no constructor parameter to it.
    sealed class Row
    {
        public int Id { get; init; }
        public string Name { get; init; } = "";
        public DateOnly OpenedOn { get; init; }
    }
}
