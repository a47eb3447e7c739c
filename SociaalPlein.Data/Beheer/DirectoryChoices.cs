using Dapper;
using Npgsql;

namespace SociaalPlein.Data.Beheer;

public sealed record PleinChoice(int Id, string Name, bool Active);
public sealed record LeefgebiedChoice(int Id, string Code, string Name, bool Active);
public sealed record LanguageChoice(string Code, string Name);
public sealed record WijkChoice(int Id, int PleinId, string Name);
public sealed record OrganisationChoice(int Id, string Name, bool Active);

/// <summary>What a beheer form or an import row may choose from: pleinen, leefgebieden, languages, wijken.</summary>
public sealed record DirectoryChoices(
    IReadOnlyList<PleinChoice> Pleinen,
    IReadOnlyList<LeefgebiedChoice> Leefgebieden,
    IReadOnlyList<LanguageChoice> Languages,
    IReadOnlyList<WijkChoice> Wijken)
{
    /// <summary>Nothing to choose from: for showing a history without link sets (a leefgebied's).</summary>
    public static readonly DirectoryChoices Empty = new([], [], [], []);

    /// <summary>Active pleinen, plus the retired ones an entry already belongs to.</summary>
    public IReadOnlySet<int> PleinIdsFor(IEnumerable<int> current) =>
        Pleinen.Where(p => p.Active).Select(p => p.Id).Concat(current).ToHashSet();
    public IReadOnlySet<string> LanguageCodes => Languages.Select(l => l.Code).ToHashSet();

    public int[] LeefgebiedIds(IEnumerable<string> codes) =>
        Leefgebieden.Where(l => codes.Contains(l.Code)).Select(l => l.Id).ToArray();

    /// <summary>Active leefgebieden, plus the retired ones an entry already has (it may keep, not gain, them).</summary>
    public IReadOnlySet<string> LeefgebiedCodesFor(IEnumerable<string> current) =>
        Leefgebieden.Where(l => l.Active).Select(l => l.Code).Concat(current).ToHashSet();

    /// <summary>All pleinen, wijken, leefgebieden and languages, in form order; retired ones are marked.</summary>
    public static async Task<DirectoryChoices> LoadAsync(NpgsqlDataSource db, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        using var grid = await conn.QueryMultipleAsync(new CommandDefinition("""
            SELECT id, name, active FROM plein ORDER BY name;
            SELECT id, code, name, active FROM leefgebied ORDER BY sort_order, name;
            SELECT code, name FROM language ORDER BY name;
            SELECT id, plein_id, name FROM wijk ORDER BY name;
            """, cancellationToken: ct));
        return new DirectoryChoices(
            (await grid.ReadAsync<PleinChoice>()).ToList(),
            (await grid.ReadAsync<LeefgebiedChoice>()).ToList(),
            (await grid.ReadAsync<LanguageChoice>()).ToList(),
            (await grid.ReadAsync<WijkChoice>()).ToList());
    }

    /// <summary>The names of the given organisations, active or not (for showing a professional's history).</summary>
    public static async Task<IReadOnlyDictionary<int, string>> OrganisationNamesAsync(NpgsqlDataSource db, int[] ids,
        CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<(int Id, string Name)>(new CommandDefinition(
            "SELECT id, name FROM organisation WHERE id = ANY (@ids)", new { ids }, cancellationToken: ct))).ToDictionary(o => o.Id, o => o.Name);
    }

    /// <summary>The organisations a professional may belong to; an inactive one only if it is already theirs.</summary>
    public static async Task<IReadOnlyList<OrganisationChoice>> OrganisationsAsync(NpgsqlDataSource db, int? current,
        CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<OrganisationChoice>(new CommandDefinition("""
            SELECT id, name, active FROM organisation WHERE active OR id = @current ORDER BY name, id
            """, new { current }, cancellationToken: ct))).ToList();
    }
}
