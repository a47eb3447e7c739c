using Dapper;
using Npgsql;
using SociaalPlein.Data.Verwijzingen;

namespace SociaalPlein.Data.Metingen;

/// <summary>
/// What the desk's form says about metingen with a visit: whether the visitor agrees now (only asked while no agreement
/// is in force) and one step per leefgebied (id → 1…5) for the leefgebieden the visit is about.
/// </summary>
public sealed record MetingDraft(bool AgreementGiven, IReadOnlyDictionary<int, short> Steps)
{
    public static readonly MetingDraft None = new(false, new Dictionary<int, short>());
}

/// <summary>What the desk needs to know of a visitor and their plein before it offers or accepts metingen.</summary>
public sealed record MetingDeskState(bool AgreementInForce, DateTime? AgreedAt, bool HealthEnabled, IReadOnlySet<int> HealthLeefgebieden)
{
    /// <summary>Whether leefgebied <paramref name="leefgebiedId"/> takes a meting at this plein.</summary>
    public bool Takes(int leefgebiedId) => HealthEnabled || !HealthLeefgebieden.Contains(leefgebiedId);
}

/// <summary>
/// Recording metingen in the visit's own transaction (VisitRegistration): the agreement first when the visitor gives it
/// now, then one row per step, under the agreement in force. Without agreement no step is accepted; a health
/// leefgebied only where the plein switched them on; a step only for a leefgebied the visit is about. The database
/// refuses the same (db/0060); these checks give the desk a Dutch message next to the field instead.
/// </summary>
public static class MetingRecording
{
    /// <summary>The form field of the agreement, and of the step of one leefgebied (the page binds these names).</summary>
    public const string AgreementField = "Meting.Instemming";
    public static string StepField(int leefgebiedId) => $"{StepFieldPrefix}{leefgebiedId}";
    const string StepFieldPrefix = "Meting.Stap_";

    /// <summary>The leefgebied a <see cref="StepField"/> is about; null for any other field.</summary>
    public static int? LeefgebiedOf(string field) =>
        field.StartsWith(StepFieldPrefix, StringComparison.Ordinal) && int.TryParse(field[StepFieldPrefix.Length..], out var id) ? id : null;

    public static async Task<MetingDeskState> StateAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, int pleinId, int? visitorId,
        CancellationToken ct)
    {
        await using var grid = await conn.QueryMultipleAsync(new CommandDefinition("""
            SELECT given_at FROM meting_agreement WHERE visitor_id = @visitorId AND withdrawn_at IS NULL;
            SELECT coalesce((SELECT health_enabled FROM plein_meting WHERE plein_id = @pleinId), false);
            SELECT id FROM leefgebied WHERE health;
            """, new { pleinId, visitorId }, tx, cancellationToken: ct));
        var agreedAt = await grid.ReadSingleOrDefaultAsync<DateTime?>();
        var health = await grid.ReadSingleAsync<bool>();
        var healthIds = (await grid.ReadAsync<int>()).ToHashSet();
        return new MetingDeskState(agreedAt is not null, agreedAt, health, healthIds);
    }

    public static IEnumerable<EntryProblem> Check(MetingDraft draft, MetingDeskState state, IReadOnlyCollection<int> visitLeefgebieden)
    {
        if (draft.Steps.Count == 0) yield break;
        if (!state.AgreementInForce && !draft.AgreementGiven)
        {
            yield return new EntryProblem(null, AgreementField,
                "Zonder instemming van de bezoeker leg je geen meting vast. Vink de instemming aan, of laat de stappen leeg.");
            yield break;
        }
        foreach (var (leefgebied, step) in draft.Steps)
        {
            if (!visitLeefgebieden.Contains(leefgebied))
                yield return new EntryProblem(null, StepField(leefgebied),
                    "Een meting hoort bij een leefgebied waar het gesprek over ging: kies dat leefgebied bij het bezoek, of laat de stap leeg.");
            else if (!state.Takes(leefgebied))
                yield return new EntryProblem(null, StepField(leefgebied),
                    "Op dit plein worden de gezondheidsleefgebieden niet gemeten (gezondheidsgegevens).");
            else if (step is < 1 or > 5)
                yield return new EntryProblem(null, StepField(leefgebied), "Kies een stap van 1 tot en met 5.");
        }
    }

    /// <summary>
    /// Stores the agreement (when given now) and the steps of visit <paramref name="visitId"/>; the caller checked the
    /// draft with <see cref="Check"/> and commits. Returns the number of metingen stored.
    /// </summary>
    public static async Task<int> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int userId, int pleinId, int visitorId, int visitId,
        DateOnly visitedOn, MetingDraft draft, CancellationToken ct)
    {
        if (draft.AgreementGiven)
            await conn.ExecuteAsync(new CommandDefinition("""
                INSERT INTO meting_agreement (visitor_id, given_by) VALUES (@visitorId, @userId)
                ON CONFLICT (visitor_id) WHERE withdrawn_at IS NULL DO NOTHING
                """, new { visitorId, userId }, tx, cancellationToken: ct));
        if (draft.Steps.Count == 0) return 0;
        return await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO meting (plein_id, visitor_id, visit_id, measured_on, leefgebied_id, step, agreement_id, registered_by)
            SELECT @pleinId, @visitorId, @visitId, @visitedOn, s.leefgebied, s.step, a.id, @userId
            FROM unnest(@leefgebieden, @steps) AS s (leefgebied, step)
            JOIN meting_agreement a ON a.visitor_id = @visitorId AND a.withdrawn_at IS NULL
            """, new
        {
            pleinId, visitorId, visitId, visitedOn, userId,
            leefgebieden = draft.Steps.Keys.ToArray(), steps = draft.Steps.Values.ToArray(),
        }, tx, cancellationToken: ct));
    }
}
