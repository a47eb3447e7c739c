using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Npgsql;
using SociaalPlein.Data.Infrastructure;

namespace SociaalPlein.Data.Nieuwsbrief;

/// <summary>
/// The /dataset dashboard's figures of one plein and quarter. A closed quarter's figures are counted once, by
/// <see cref="NewsletterFiguresQuery"/>, and kept (db/0032): a big plein's quarter takes seconds to count and does not
/// change, except through a late registration, a withdrawal or a correction, whose triggers delete the kept figures
/// they make out of date. The running quarter is counted live and never kept; when the previous quarter's figures are
/// kept (the nightly job keeps them, <see cref="KeepAsync(int, Quarter, CancellationToken)"/>), only the running
/// quarter itself is counted, and its previous quarter's kerncijfers and the trend's earlier quarters are taken from them.
/// </summary>
public sealed class DatasetFigures(NpgsqlDataSource db, NewsletterFiguresQuery query)
{
    public async Task<NewsletterFigures> LoadAsync(int pleinId, Quarter quarter, CancellationToken ct = default)
    {
        var (kept, state) = await ReadKeptAsync(pleinId, quarter, ct);
        if (kept is not null) return kept;

        // The running quarter: what came before is closed, and kept by the nightly job (counting it again every time
        // cost seconds at a big plein). Not kept (yet, or no longer after a late change), everything is counted.
        var previous = state == QuarterState.Running ? (await ReadKeptAsync(pleinId, quarter.Previous, ct)).Kept : null;
        var (figures, seen) = await query.LoadAsync([pleinId], quarter, (conn, tx) => conn.QuerySingleAsync<Seen>(
            new CommandDefinition("""
                SELECT coalesce((SELECT version FROM dataset_figures_version WHERE plein_id = @pleinId), 0) AS version,
                       @end <= timezone(@zone, now())::date AS closed
                """, new { pleinId, end = quarter.End, zone = PleinTime.Zone.Id }, tx, cancellationToken: ct)), ct, previous);
        // Figures partly taken from another snapshot are never kept (the quarter may have closed while counting).
        if (seen.Closed && previous is null) await KeepAsync(pleinId, quarter, figures, seen.Version, ct);
        return figures;
    }

    /// <summary>
    /// Counts and keeps <paramref name="quarter"/>'s figures for every active plein whose figures are not kept (the
    /// dataset-cijfers job's night work); a plein already kept costs one lookup. Returns which pleinen were counted now,
    /// of how many active ones.
    /// </summary>
    public async Task<(IReadOnlyList<int> Kept, int Active)> KeepForActivePleinenAsync(Quarter quarter, CancellationToken ct = default)
    {
        List<int> pleinen;
        await using (var conn = await db.OpenConnectionAsync(ct))
            pleinen = (await conn.QueryAsync<int>(new CommandDefinition(
                "SELECT id FROM plein WHERE active ORDER BY id", cancellationToken: ct))).ToList();
        var kept = new List<int>();
        foreach (var plein in pleinen)
            if (await KeepAsync(plein, quarter, ct)) kept.Add(plein);
        return (kept, pleinen.Count);
    }

    /// <summary>
    /// Counts and keeps a closed quarter's figures unless they are kept already (the nightly job, so that the first
    /// dashboard after a quarter's end, or after a late change to it, finds it kept); false when the quarter is not closed.
    /// </summary>
    public async Task<bool> KeepAsync(int pleinId, Quarter quarter, CancellationToken ct = default)
    {
        var (kept, state) = await ReadKeptAsync(pleinId, quarter, ct);
        if (state != QuarterState.Closed) return false;
        if (kept is null) await LoadAsync(pleinId, quarter, ct);
        return true;
    }

    enum QuarterState { Closed, Running, Later }

    async Task<(NewsletterFigures? Kept, QuarterState State)> ReadKeptAsync(int pleinId, Quarter quarter, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        // The version row must exist before the snapshot is taken: a change then has to update it (and wait for,
        // or be waited for by, the keeping below) rather than insert one this snapshot cannot see.
        var (kept, closed, previousClosed) = await conn.QuerySingleAsync<(string?, bool, bool)>(new CommandDefinition("""
            INSERT INTO dataset_figures_version (plein_id) SELECT id FROM plein WHERE id = @pleinId ON CONFLICT DO NOTHING;
            SELECT (SELECT figures::text FROM dataset_figures WHERE plein_id = @pleinId AND quarter_start = @start),
                   @end <= timezone(@zone, now())::date, @start <= timezone(@zone, now())::date;
            """, new { pleinId, start = quarter.Start, end = quarter.End, zone = PleinTime.Zone.Id }, cancellationToken: ct));
        var state = closed ? QuarterState.Closed : previousClosed ? QuarterState.Running : QuarterState.Later;
        return (kept is null ? null : JsonSerializer.Deserialize<NewsletterFigures>(kept, Json)!, state);
    }

    sealed record Seen(long Version, bool Closed);

    /// <summary>
    /// Keeps the figures counted while the plein's version was <paramref name="versionSeen"/>, unless a change has
    /// raised it since; false when not kept.
    /// </summary>
    internal async Task<bool> KeepAsync(int pleinId, Quarter quarter, NewsletterFigures figures, long versionSeen,
        CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        // FOR SHARE waits for a change that holds the version row and then reads its new version (so nothing is kept);
        // a change that comes after waits for this insert's commit and then deletes what it kept.
        return await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO dataset_figures (plein_id, quarter_start, figures)
            SELECT v.plein_id, @start, @figures::jsonb
            FROM (SELECT plein_id FROM dataset_figures_version WHERE plein_id = @pleinId AND version = @versionSeen FOR SHARE) v
            ON CONFLICT (plein_id, quarter_start) DO NOTHING
            """, new { pleinId, start = quarter.Start, figures = JsonSerializer.Serialize(figures, Json), versionSeen },
            cancellationToken: ct)) == 1;
    }

    internal static readonly JsonSerializerOptions Json = new() { Converters = { new QuarterJson() } };

    // A quarter as its key ("2026-Q1"); its own properties are computed, so the default would write what it cannot read.
    sealed class QuarterJson : JsonConverter<Quarter>
    {
        public override Quarter Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Quarter.TryParse(reader.GetString(), out var quarter) ? quarter : throw new JsonException("Not a quarter.");

        public override void Write(Utf8JsonWriter writer, Quarter value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.Key);
    }
}
