using Dapper;
using Npgsql;
using SociaalPlein.Data.Metingen;
using SociaalPlein.Data.Verwijzingen;

namespace SociaalPlein.Data.Registreren;

/// <summary>
/// A visit as the spreekuur form enters it; its referrals come alongside as <see cref="ReferralDraft"/>s.
/// <see cref="RepeatConfirmed"/>: "Toch opslaan" for a visit (or a referral of it) that repeats a recent one.
/// </summary>
public sealed record VisitDraft(
    Guid RequestId, int PleinId, int VisitorId, DateOnly VisitedOn, string Kind, int? SpreekuurId, IReadOnlyList<int> LeefgebiedIds, int? HelpedBy,
    bool RepeatConfirmed = false);

/// <summary>
/// One submit of the spreekuur form: the visit, its leefgebieden, zero or more referrals and the visitor's metingen
/// (MetingRecording: with their agreement, one step per leefgebied of the visit), stored together in one transaction or
/// not at all. The form's request id is the visit's; each referral's is derived from it, so a double
/// submit finds the visit already stored and stores nothing. A submit that repeats a recent visit, or one of whose
/// referrals repeats a recent referral, is held back until the user confirms it (Resubmission).
/// </summary>
public sealed class VisitRegistration(NpgsqlDataSource db)
{
    /// <summary>The request id of the form's referral number <paramref name="index"/>, derived from the visit's.</summary>
    public static Guid ReferralRequestId(Guid visitRequestId, int index)
    {
        var bytes = visitRequestId.ToByteArray();
        // Flip the last bytes by index + 1: stable per (form, index), and never the visit's own id.
        var n = index + 1;
        bytes[15] ^= (byte)n; bytes[14] ^= (byte)(n >> 8); bytes[13] ^= 0x5a;
        return new Guid(bytes);
    }

    public async Task<EntryResult> RegisterAsync(int userId, VisitDraft visit, IReadOnlyList<ReferralDraft> referrals, DateOnly today,
        CancellationToken ct = default) => await RegisterAsync(userId, visit, referrals, MetingDraft.None, today, ct);

    public async Task<EntryResult> RegisterAsync(int userId, VisitDraft visit, IReadOnlyList<ReferralDraft> referrals, MetingDraft metingen,
        DateOnly today, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        return await RegisterAsync(conn, tx, userId, visit, referrals, metingen, today, ct);
    }

    /// <summary>
    /// A new visitor's first visit: the visitor is created in the visit's transaction, so a refused or abandoned visit
    /// leaves no visitor behind (an empty visitor would count in every "visitors" figure without ever having visited).
    /// The visitor's request id is the new-visitor form's; a double submit finds both stored. <c>Code</c> is set once
    /// the visit is stored (or was stored by the same form before).
    /// </summary>
    public async Task<(EntryResult Result, string? Code)> RegisterWithNewVisitorAsync(int userId, NewVisitor visitor, VisitDraft visit,
        IReadOnlyList<ReferralDraft> referrals, DateOnly today, CancellationToken ct = default) =>
        await RegisterWithNewVisitorAsync(userId, visitor, visit, referrals, MetingDraft.None, today, ct);

    public async Task<(EntryResult Result, string? Code)> RegisterWithNewVisitorAsync(int userId, NewVisitor visitor, VisitDraft visit,
        IReadOnlyList<ReferralDraft> referrals, MetingDraft metingen, DateOnly today, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await Visitors.InsertAsync(conn, tx, userId, visitor, visit.VisitedOn, ct) is not { } created)
            return (EntryResult.Refused([new EntryProblem(null, Fields.Plein, "Je kunt alleen bezoekers aanmaken voor een plein waar je werkt.")]), null);
        // A new visitor has no earlier visit or referral to repeat.
        var result = await RegisterAsync(conn, tx, userId, visit with { PleinId = visitor.PleinId, VisitorId = created.Id, RepeatConfirmed = true },
            referrals, metingen, today, ct);
        return (result, result.Stored ? created.Code : null);
    }

    // Everything is checked and stored in the caller's transaction; it is committed here only when all of it is stored.
    static async Task<EntryResult> RegisterAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int userId, VisitDraft visit,
        IReadOnlyList<ReferralDraft> referrals, MetingDraft metingen, DateOnly today, CancellationToken ct)
    {
        var facts = await EntryFacts.LoadAsync(conn, tx, userId, visit.PleinId, visit.VisitorId, referrals, visit.LeefgebiedIds,
            visit.HelpedBy, visit.SpreekuurId, ct);
        var problems = facts.CheckPlein(today, visit.VisitedOn)
            .Concat(facts.CheckVisit(visit.LeefgebiedIds, visit.HelpedBy, visit.SpreekuurId))
            .Concat(referrals.SelectMany((r, i) => facts.CheckReferral(i, r)))
            .ToList();
        if (metingen.Steps.Count > 0)
            problems.AddRange(MetingRecording.Check(metingen, await MetingRecording.StateAsync(conn, tx, visit.PleinId, visit.VisitorId, ct),
                visit.LeefgebiedIds));
        if (problems.Count > 0) return EntryResult.Refused(problems);
        if (!visit.RepeatConfirmed) await Resubmission.SerialiseAsync(conn, tx, userId, visit.VisitorId, ct);
        if (await StoredAsync(conn, tx, visit.RequestId, ct) is int before) return new EntryResult(before, true, []);
        if (!visit.RepeatConfirmed && await RepeatedAsync(conn, tx, userId, visit, referrals, facts, ct) is { } earlier)
            return EntryResult.Repeating(earlier);

        var visitId = await conn.QuerySingleOrDefaultAsync<int?>(new CommandDefinition("""
            WITH v AS (
                INSERT INTO visit (plein_id, visitor_id, visited_on, kind, spreekuur_id, helped_by, registered_by, request_id)
                VALUES (@PleinId, @VisitorId, @VisitedOn, @Kind, @SpreekuurId, @HelpedBy, @userId, @RequestId)
                ON CONFLICT (request_id) DO NOTHING
                RETURNING id),
            leefgebieden AS (
                INSERT INTO visit_leefgebied (visit_id, leefgebied_id) SELECT v.id, l FROM v, unnest(@LeefgebiedIds) AS l),
            first_visit AS (
                UPDATE visitor SET first_visit_on = @VisitedOn WHERE id = @VisitorId AND first_visit_on > @VisitedOn AND EXISTS (SELECT 1 FROM v))
            SELECT id FROM v
            """, new
        {
            visit.PleinId, visit.VisitorId, visit.VisitedOn, visit.Kind, visit.SpreekuurId, visit.HelpedBy, userId, visit.RequestId,
            LeefgebiedIds = visit.LeefgebiedIds.Distinct().ToArray(),
        }, tx, cancellationToken: ct));
        if (visitId is null) return new EntryResult(await StoredAsync(conn, tx, visit.RequestId, ct), true, []);

        var context = new ReferralContext(visit.PleinId, visit.VisitorId, visitId);
        for (var i = 0; i < referrals.Count; i++)
        {
            var draft = referrals[i] with { RequestId = ReferralRequestId(visit.RequestId, i), ReferredOn = visit.VisitedOn };
            int? stored;
            try { stored = await ReferralEntry.InsertAsync(conn, tx, userId, context, draft, facts, ct); }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CheckViolation)
            {
                // Nothing is committed: the visit and the referrals before this one go with the transaction.
                return EntryResult.Refused([ReferralEntry.ProblemFor(e, i)]);
            }
            if (stored is null)
                throw new InvalidOperationException($"Referral {i} of visit request {visit.RequestId} was stored before its visit.");
        }
        await MetingRecording.InsertAsync(conn, tx, userId, visit.PleinId, visit.VisitorId, visitId.Value, visit.VisitedOn, metingen, ct);
        await tx.CommitAsync(ct);
        return new EntryResult(visitId, false, []);
    }

    static Task<int?> StoredAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid requestId, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
            "SELECT id FROM visit WHERE request_id = @requestId", new { requestId }, tx, cancellationToken: ct));

    // The visit first: it is what the desk most often sends twice; then each referral as /verwijzingen/nieuw checks it.
    static async Task<EarlierEntry?> RepeatedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int userId, VisitDraft visit,
        IReadOnlyList<ReferralDraft> referrals, EntryFacts facts, CancellationToken ct)
    {
        if (await Resubmission.VisitAsync(conn, tx, visit.VisitorId, visit.VisitedOn, visit.Kind, visit.SpreekuurId, ct) is { } earlier)
            return earlier;
        var context = new ReferralContext(visit.PleinId, visit.VisitorId);
        foreach (var referral in referrals)
            if (await Resubmission.ReferralAsync(conn, tx, userId, context, referral, facts, ct) is { } repeated) return repeated;
        return null;
    }
}
