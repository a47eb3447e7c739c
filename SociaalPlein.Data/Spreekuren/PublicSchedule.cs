using Dapper;
using Npgsql;

namespace SociaalPlein.Data.Spreekuren;

/// <summary>One weekly spreekuur or inloop as the public may see it: organisations and times, never people.</summary>
public sealed record ScheduleEntry(
    int PleinId,
    string Plein,
    int Weekday,
    TimeOnly StartsAt,
    TimeOnly EndsAt,
    string Kind,
    string Title,
    string Organisation,
    string Location,
    string Leefgebieden);

public sealed record PleinOption(int Id, string Name, string Address);

/// <summary>The week's spreekuren and inloop of every active plein, valid on a given date.</summary>
public sealed class PublicSchedule(NpgsqlDataSource db)
{
    public async Task<IReadOnlyList<ScheduleEntry>> WeekAsync(DateOnly onDate, int? pleinId, int? weekday = null,
        CancellationToken ct = default)
    {
        const string sql = """
            SELECT p.id AS plein_id, p.name AS plein, s.weekday::int AS weekday, s.starts_at, s.ends_at, s.kind, s.title,
                   o.name AS organisation, s.location,
                   coalesce(string_agg(l.name, ' · ' ORDER BY l.sort_order), '') AS leefgebieden
            FROM spreekuur s
            JOIN plein p ON p.id = s.plein_id
            JOIN organisation o ON o.id = s.organisation_id
            LEFT JOIN spreekuur_leefgebied sl ON sl.spreekuur_id = s.id
            LEFT JOIN leefgebied l ON l.id = sl.leefgebied_id AND l.active
            WHERE p.active AND o.active
              AND spreekuur_valid_on(s, @onDate)
              AND (@pleinId::int IS NULL OR p.id = @pleinId)
              AND (@weekday::int IS NULL OR s.weekday = @weekday)
            GROUP BY p.id, p.name, s.id, o.name
            ORDER BY p.name, s.weekday, s.starts_at, o.name
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<ScheduleEntry>(new CommandDefinition(sql, new { onDate, pleinId, weekday },
            cancellationToken: ct))).ToList();
    }

    public async Task<IReadOnlyList<PleinOption>> PleinenAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<PleinOption>(new CommandDefinition(
            "SELECT id, name, address FROM plein WHERE active ORDER BY name", cancellationToken: ct))).ToList();
    }
}
