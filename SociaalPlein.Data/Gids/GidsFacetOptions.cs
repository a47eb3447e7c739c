using Dapper;
using Npgsql;

namespace SociaalPlein.Data.Gids;

public sealed record FacetOption(string Key, string Label);

/// <summary>The values a gids facet may take, to check the query string against and to label the choices.</summary>
public sealed record GidsOptions(
    IReadOnlyList<FacetOption> Leefgebieden, IReadOnlyList<FacetOption> Languages, IReadOnlyList<FacetOption> Pleinen,
    IReadOnlyList<FacetOption> Wijken, IReadOnlyList<FacetOption> Organisations)
{
    public static readonly GidsOptions Empty = new([], [], [], [], []);
}

public sealed class GidsFacetOptions(NpgsqlDataSource db)
{
    /// <summary>
    /// The small lists whole, and of the organisations only the one asked for: a region has thousands, and
    /// the facet shows the organisations of the current results with their counts anyway.
    /// </summary>
    public async Task<GidsOptions> LoadAsync(int? organisationId, CancellationToken ct = default)
    {
        const string sql = """
            SELECT code AS key, name AS label FROM leefgebied WHERE active ORDER BY sort_order, name;
            SELECT code AS key, name AS label FROM language ORDER BY code <> 'nl', name;
            SELECT id::text AS key, name AS label FROM plein WHERE active ORDER BY name;
            SELECT w.id::text AS key, w.name || ' (' || p.name || ')' AS label FROM wijk w JOIN plein p ON p.id = w.plein_id
            WHERE p.active ORDER BY p.name, w.name;
            SELECT id::text AS key, name AS label FROM organisation WHERE id = @organisationId AND active;
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var r = await conn.QueryMultipleAsync(new CommandDefinition(sql, new { organisationId }, cancellationToken: ct));
        return new GidsOptions(
            (await r.ReadAsync<FacetOption>()).ToList(), (await r.ReadAsync<FacetOption>()).ToList(),
            (await r.ReadAsync<FacetOption>()).ToList(), (await r.ReadAsync<FacetOption>()).ToList(),
            (await r.ReadAsync<FacetOption>()).ToList());
    }
}
