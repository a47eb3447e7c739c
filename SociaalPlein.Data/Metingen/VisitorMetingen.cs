using Dapper;
using Npgsql;
using SociaalPlein.Data.Audit;
using SociaalPlein.Data.Bezoekers;
using SociaalPlein.Data.Verwijzingen;

namespace SociaalPlein.Data.Metingen;

/// <summary>One meting on the card: its date, leefgebied and step (with the step's label as the scale names it now).</summary>
public sealed record CardMeting(DateOnly MeasuredOn, int LeefgebiedId, string Leefgebied, short Step, string StepLabel);

/// <summary>One agreement of the visitor to metingen: given (who, when) and perhaps withdrawn (who, when).</summary>
public sealed record CardAgreement(DateTime GivenAt, string? GivenBy, DateTime? WithdrawnAt, string? WithdrawnBy);

/// <summary>A visitor's metingen per leefgebied as the card shows them, and their agreements, oldest first.</summary>
public sealed record CardMetingen(IReadOnlyList<CardMeting> Metingen, IReadOnlyList<CardAgreement> Agreements, IReadOnlyList<MetingStep> Steps)
{
    public bool AgreementInForce => Agreements.Any(a => a.WithdrawnAt is null);

    /// <summary>The metingen grouped by leefgebied, in the card's order (the leefgebieden's, then by date).</summary>
    public IEnumerable<IGrouping<string, CardMeting>> PerLeefgebied => Metingen.GroupBy(m => m.Leefgebied);
}

/// <summary>What withdrawing did: the visitor (for the audit entry and the redirect) and how many metingen were erased.</summary>
public sealed record AgreementWithdrawn(int VisitorId, int PleinId, string Code, bool Withdrew, int Erased);

/// <summary>
/// The metingen on the visitor card (<c>/bezoekers/{code}</c>). They follow the visitor's need-to-know exactly as the
/// visits do (VisitorCard): a visitor the account may not see shows nothing; a professional sees the metingen of the
/// visits they registered or helped with, the rest after opening the history with a reason; the projectleider and the
/// beheerder see all. A withdrawn visit's metingen count nowhere and are not shown.
/// </summary>
public sealed class VisitorMetingen(NpgsqlDataSource db)
{
    public const string WithdrawAction = "meting.agreement_withdrawn";

    const string MetingenSql = $"""
        WITH {VisitorCard.Card}
        SELECT m.measured_on, l.id AS leefgebied_id, l.name AS leefgebied, m.step, s.label AS step_label
        FROM card
        CROSS JOIN me
        JOIN meting m ON m.visitor_id = card.id
        JOIN visit x ON x.id = m.visit_id
        JOIN leefgebied l ON l.id = m.leefgebied_id
        JOIN meting_step s ON s.step = m.step
        WHERE x.withdrawn_at IS NULL AND ({VisitorCard.OwnVisit} OR m.registered_by = me.user_id OR card.history_open)
        ORDER BY l.sort_order, l.name, m.measured_on, m.id;
        """;

    const string AgreementsSql = $"""
        WITH {VisitorCard.Card}
        SELECT a.given_at, g.display_name AS given_by, a.withdrawn_at, w.display_name AS withdrawn_by
        FROM card
        JOIN meting_agreement a ON a.visitor_id = card.id
        LEFT JOIN app_user g ON g.id = a.given_by
        LEFT JOIN app_user w ON w.id = a.withdrawn_by
        ORDER BY a.given_at, a.id;

        SELECT step, label, description FROM meting_step ORDER BY step;
        """;

    /// <summary>The card's metingen of the visitor with this code; empty lists when the account may not see them.</summary>
    public async Task<CardMetingen> LoadAsync(int userId, string code, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var read = await conn.QueryMultipleAsync(new CommandDefinition(MetingenSql + AgreementsSql,
            new { userId, code = code.Trim().ToUpperInvariant(), VisitorCard.OpenMinutes }, cancellationToken: ct));
        var metingen = (await read.ReadAsync<CardMeting>()).ToList();
        var agreements = (await read.ReadAsync<CardAgreement>()).ToList();
        var steps = (await read.ReadAsync<MetingStep>()).ToList();
        return new CardMetingen(metingen, agreements, steps);
    }

    /// <summary>
    /// The visitor withdraws their agreement: no new metingen from now on. With <paramref name="erase"/> their earlier
    /// metingen are erased too, all of them, also those the account does not see (it is the visitor's request). Figures
    /// already counted (published newsletters, a closed quarter's kept dashboard figures) stay as they were: they name
    /// nobody (db/0060). Erasing is also possible after an earlier withdrawal without erasure. Audited in the same
    /// transaction as <paramref name="audit"/> with <see cref="WithdrawAction"/>. Null when the account may not see the
    /// visitor or there was nothing to do.
    /// </summary>
    public async Task<AgreementWithdrawn?> WithdrawAsync(int userId, string code, bool erase, AuditEntry audit, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var visitor = await conn.QuerySingleOrDefaultAsync<(int Id, int PleinId, string Code)?>(new CommandDefinition($"""
            WITH {NeedToKnow.Me}
            SELECT v.id, v.plein_id, v.code FROM visitor v CROSS JOIN me
            WHERE v.code = @code AND {NeedToKnow.SeesVisitor}
            FOR UPDATE OF v
            """, new { userId, code = code.Trim().ToUpperInvariant() }, tx, cancellationToken: ct));
        if (visitor is not { } v) return null;

        var withdrew = await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE meting_agreement SET withdrawn_at = now(), withdrawn_by = @userId
            WHERE visitor_id = @Id AND withdrawn_at IS NULL
            """, new { userId, v.Id }, tx, cancellationToken: ct)) > 0;
        var erased = erase
            ? await conn.ExecuteAsync(new CommandDefinition("DELETE FROM meting WHERE visitor_id = @Id", new { v.Id }, tx, cancellationToken: ct))
            : 0;
        if (!withdrew && erased == 0) return null;

        await AuditLog.WriteAsync(conn, tx, audit with
        {
            Action = WithdrawAction, Allowed = true, ObjectType = "visitor", ObjectId = v.Id.ToString(), Subject = v.Code, PleinId = v.PleinId,
            Detail = new { withdrawn = withdrew, erased_metingen = erased },
        }, ct);
        await tx.CommitAsync(ct);
        return new AgreementWithdrawn(v.Id, v.PleinId, v.Code, withdrew, erased);
    }
}
