using Dapper;
using Npgsql;
using SociaalPlein.Data.Audit;

namespace SociaalPlein.Data.Metingen;

/// <summary>One step of the five-step self-reliance scale: 1 the lowest ("acute problemen"), 5 the highest.</summary>
public sealed record MetingStep(short Step, string Label, string Description);

/// <summary>A plein's meting switches: the health leefgebieden (off by default) and the follow-up list's months.</summary>
public sealed record PleinMetingSettings(int PleinId, string Plein, bool HealthEnabled, short FollowupMonths);

/// <summary>What the desk offers for metingen at one plein (and for one known visitor): their agreement, the steps.</summary>
public sealed record DeskMeting(MetingDeskState State, IReadOnlyList<MetingStep> Steps);

/// <summary>
/// The scale's words and the pleinen's meting settings, as the beheerder edits them (/beheer/metingen). The words are our
/// own, so a beheerder may put them in the plein's own language of the desk; the steps' numbers never change, so what
/// was recorded keeps its meaning.
/// </summary>
public sealed class MetingScale(NpgsqlDataSource db)
{
    public const int MaxLabel = 40, MaxDescription = 200;
    public const short DefaultFollowupMonths = 3;
    /// <summary>The same default as SQL, for queries that fill it in where a plein has no settings row.</summary>
    internal const string DefaultFollowupMonthsSql = "3";
    public const short MinFollowupMonths = 1, MaxFollowupMonths = 24;
    public const string StepsAction = "meting.steps_changed", SettingsAction = "meting.plein_settings_changed";

    public async Task<IReadOnlyList<MetingStep>> StepsAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<MetingStep>(new CommandDefinition(StepsSql, cancellationToken: ct))).ToList();
    }

    const string StepsSql = "SELECT step, label, description FROM meting_step ORDER BY step";

    /// <summary>
    /// The problems of new words for the steps, per step (key: the step's number), in Dutch; empty when all are fine.
    /// </summary>
    public static IReadOnlyDictionary<short, string> Check(IReadOnlyList<MetingStep> steps)
    {
        var problems = new Dictionary<short, string>();
        foreach (var s in steps)
        {
            var label = s.Label.Trim();
            var description = s.Description.Trim();
            if (label.Length is < 2 or > MaxLabel)
                problems[s.Step] = $"Geef stap {s.Step} een naam van 2 tot {MaxLabel} tekens.";
            else if (description.Length is < 5 or > MaxDescription)
                problems[s.Step] = $"Beschrijf stap {s.Step} in één regel van 5 tot {MaxDescription} tekens.";
            else if (steps.Count(o => string.Equals(o.Label.Trim(), label, StringComparison.OrdinalIgnoreCase)) > 1)
                problems[s.Step] = $"Stap {s.Step} heeft dezelfde naam als een andere stap.";
        }
        return problems;
    }

    /// <summary>Stores the words of the five steps (already checked), with its audit entry, in one transaction.</summary>
    public async Task SaveStepsAsync(int userId, IReadOnlyList<MetingStep> steps, AuditEntry audit, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var changed = 0;
        foreach (var s in steps)
            changed += await conn.ExecuteAsync(new CommandDefinition("""
                UPDATE meting_step SET label = @label, description = @description, updated_by = @userId, updated_at = now()
                WHERE step = @Step AND (label, description) IS DISTINCT FROM (@label, @description)
                """, new { s.Step, label = s.Label.Trim(), description = s.Description.Trim(), userId }, tx, cancellationToken: ct));
        await AuditLog.WriteAsync(conn, tx, audit with { Action = StepsAction, Allowed = true, ObjectType = "meting_step", Detail = new { changed } }, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// The desk's metingen part for plein <paramref name="pleinId"/>: whether visitor <paramref name="visitorId"/> (none
    /// for a new visitor) agreed, the plein's health switch, and the steps' words.
    /// </summary>
    public async Task<DeskMeting> ForDeskAsync(int pleinId, int? visitorId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var state = await MetingRecording.StateAsync(conn, null, pleinId, visitorId, ct);
        var steps = (await conn.QueryAsync<MetingStep>(new CommandDefinition(StepsSql, cancellationToken: ct))).ToList();
        return new DeskMeting(state, steps);
    }

    /// <summary>Every active plein with its settings (the defaults where none are stored).</summary>
    public async Task<IReadOnlyList<PleinMetingSettings>> SettingsAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<PleinMetingSettings>(new CommandDefinition("""
            SELECT n.id AS plein_id, n.name AS plein, coalesce(s.health_enabled, false) AS health_enabled,
                   coalesce(s.followup_months, @DefaultFollowupMonths) AS followup_months
            FROM plein n LEFT JOIN plein_meting s ON s.plein_id = n.id
            WHERE n.active
            ORDER BY n.name
            """, new { DefaultFollowupMonths }, cancellationToken: ct))).ToList();
    }

    /// <summary>
    /// Stores one plein's settings with its audit entry (switching the health leefgebieden on or off is a decision about
    /// health data, AVG art. 9); false when there is no such plein.
    /// </summary>
    public async Task<bool> SaveSettingsAsync(int userId, int pleinId, bool healthEnabled, short followupMonths, AuditEntry audit,
        CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var stored = await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO plein_meting (plein_id, health_enabled, followup_months, updated_by)
            SELECT id, @healthEnabled, @followupMonths, @userId FROM plein WHERE id = @pleinId
            ON CONFLICT (plein_id) DO UPDATE
            SET health_enabled = EXCLUDED.health_enabled, followup_months = EXCLUDED.followup_months,
                updated_by = EXCLUDED.updated_by, updated_at = now()
            """, new { userId, pleinId, healthEnabled, followupMonths }, tx, cancellationToken: ct)) == 1;
        if (!stored) return false;
        await AuditLog.WriteAsync(conn, tx, audit with
        {
            Action = SettingsAction, Allowed = true, ObjectType = "plein", ObjectId = pleinId.ToString(), PleinId = pleinId,
            Detail = new { health_enabled = healthEnabled, followup_months = followupMonths },
        }, ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
