using Dapper;
using Npgsql;
using SociaalPlein.Data.Bezoekers;
using SociaalPlein.Data.Verwijzingen;

namespace SociaalPlein.Data.Registreren;

/// <summary>A visitor as the spreekuur desk sees them: the pseudonymous code, minimal demographics, the veelbezoeker count.</summary>
public sealed record VisitorSummary(
    int Id, int PleinId, string Code, int? BirthYear, string Gender, string? Postcode, string? Wijk, DateOnly FirstVisitOn,
    int VisitsInWindow, int FrequentVisitorThreshold, int FrequentVisitorWindowDays)
{
    public bool IsVeelbezoeker => VisitsInWindow >= FrequentVisitorThreshold;
}

/// <summary>A new visitor as the desk enters them (design.md §4: nothing more than this).</summary>
public sealed record NewVisitor(Guid RequestId, int PleinId, int? BirthYear, string Gender, string? Postcode, int? WijkId);

/// <summary>A visitor just created (or found by the form's request id): their id and the code they carry.</summary>
public sealed record CreatedVisitor(int Id, string Code);

/// <summary>
/// Finding and creating visitors at the spreekuur. The code is the key a visitor carries, so the desk finds any
/// visitor of its own plein by exact code; finding by name or phone reads contact details and so only goes through the
/// referrals whose contact details the account may see (NeedToKnow.SeesContact). Creating is idempotent by the form's
/// request id; the new visitor's code is random with a check character (VisitorCode), never handed out twice.
/// </summary>
public sealed class Visitors(NpgsqlDataSource db)
{
    /// <summary>
    /// Audit actions: a visitor found by code (at the desk or in the referral form; the answer tells whether the code
    /// exists at the plein), and one entry per visitor a name or phone search matched.
    /// </summary>
    public const string LookupAction = "visitor.lookup", SearchAction = "visitor.search";

    const string Columns = $"""
        v.id, v.plein_id, v.code, v.birth_year::int AS birth_year, v.gender, v.postcode, w.name AS wijk, v.first_visit_on,
        {FrequentVisitors.VisitsInWindow} AS visits_in_window,
        n.frequent_visitor_threshold::int AS frequent_visitor_threshold, n.frequent_visitor_window_days::int AS frequent_visitor_window_days
        """;

    /// <summary>The visitor with this exact code at one of the account's pleinen; null otherwise.</summary>
    public async Task<VisitorSummary?> FindByCodeAsync(int userId, string code, DateOnly today, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<VisitorSummary>(new CommandDefinition($"""
            WITH {NeedToKnow.Me}
            SELECT {Columns}
            FROM visitor v JOIN plein n ON n.id = v.plein_id LEFT JOIN wijk w ON w.id = v.wijk_id CROSS JOIN me
            WHERE v.code = upper(btrim(@code)) AND {NeedToKnow.WorksAt}
            """, new { userId, code, today }, cancellationToken: ct));
    }

    /// <summary>
    /// Visitors of whom a referral the account may read the contact details of (NeedToKnow.SeesContact: that referral's
    /// sides, the projectleider, the beheerder) carried a name resembling <paramref name="text"/> (accents and case
    /// folded, typos tolerated) or a phone number containing its digits; at most 10, best match first. A name another
    /// referral carried never leads a professional to the visitor, and a withdrawn referral leads nowhere.
    /// </summary>
    public async Task<IReadOnlyList<VisitorSummary>> FindByContactAsync(int userId, string text, DateOnly today, CancellationToken ct = default)
    {
        var folded = text.Trim();
        var digits = new string(folded.Where(char.IsAsciiDigit).ToArray());
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<VisitorSummary>(new CommandDefinition($"""
            WITH {NeedToKnow.Me},
            hit AS (
                SELECT c.visitor_id, max(similarity(lower(immutable_unaccent(c.name)), lower(immutable_unaccent(@folded)))) AS score
                FROM referral_contact c JOIN referral r ON r.id = c.referral_id CROSS JOIN me
                WHERE (lower(immutable_unaccent(c.name)) % lower(immutable_unaccent(@folded))
                       OR strpos(lower(immutable_unaccent(c.name)), lower(immutable_unaccent(@folded))) > 0
                       OR (char_length(@digits) >= 6 AND strpos(regexp_replace(c.phone, '[^0-9]', '', 'g'), @digits) > 0))
                  AND r.withdrawn_at IS NULL AND {NeedToKnow.SeesContact}
                GROUP BY c.visitor_id)
            SELECT {Columns}
            FROM hit
            JOIN visitor v ON v.id = hit.visitor_id JOIN plein n ON n.id = v.plein_id LEFT JOIN wijk w ON w.id = v.wijk_id
            ORDER BY hit.score DESC, v.code
            LIMIT 10
            """, new { userId, folded, digits, today }, cancellationToken: ct));
        return rows.ToList();
    }

    /// <summary>
    /// Creates the visitor and returns their code; a second submit of the same form returns the first one's code.
    /// Null when the account does not work at the plein or the wijk is not the plein's. The desk does not call this: it
    /// creates a visitor together with their first visit (VisitRegistration.RegisterWithNewVisitorAsync).
    /// </summary>
    public async Task<string?> CreateAsync(int userId, NewVisitor v, DateOnly today, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var created = await InsertAsync(conn, tx, userId, v, today, ct);
        if (created is null) return null;
        await tx.CommitAsync(ct);
        return created.Code;
    }

    /// <summary>
    /// Inserts the visitor inside the caller's transaction and returns their id and code; when the form's request id
    /// was stored before (the other click of a double click, which committed first), that visitor. Null when the account
    /// does not work at the plein or the wijk is not the plein's.
    /// </summary>
    internal static async Task<CreatedVisitor?> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int userId, NewVisitor v,
        DateOnly firstVisitOn, CancellationToken ct)
    {
        var existing = await ByRequestAsync(conn, tx, v.RequestId, ct);
        if (existing is not null) return existing;

        var allowed = await conn.ExecuteScalarAsync<bool>(new CommandDefinition($"""
            WITH {NeedToKnow.Me}
            SELECT EXISTS (SELECT 1 FROM plein n CROSS JOIN me WHERE n.id = @PleinId AND n.active AND {NeedToKnow.WorksAt})
               AND (@WijkId::int IS NULL OR EXISTS (SELECT 1 FROM wijk WHERE id = @WijkId AND plein_id = @PleinId))
            """, new { userId, v.PleinId, v.WijkId }, tx, cancellationToken: ct));
        if (!allowed) return null;

        // A random code: one in 31^7 meets an existing one, and then the UNIQUE refuses it and a new one is drawn (under a
        // savepoint, so the transaction goes on). A concurrent insert of the same request id waits for the other
        // transaction and then inserts nothing: that visitor is read back once it has committed.
        for (var attempt = 1; ; attempt++)
        {
            await tx.SaveAsync("code", ct);
            try
            {
                var row = await conn.QuerySingleOrDefaultAsync<CreatedVisitor?>(new CommandDefinition("""
                    INSERT INTO visitor (plein_id, code, birth_year, gender, postcode, wijk_id, first_visit_on, request_id, created_by)
                    VALUES (@PleinId, @code, @BirthYear, @Gender, @Postcode, @WijkId, @firstVisitOn, @RequestId, @userId)
                    ON CONFLICT (request_id) DO NOTHING
                    RETURNING id, code
                    """, new { code = VisitorCode.New(), v.PleinId, v.BirthYear, v.Gender, v.Postcode, v.WijkId, firstVisitOn, v.RequestId, userId },
                    tx, cancellationToken: ct));
                await tx.ReleaseAsync("code", ct);
                return row ?? await ByRequestAsync(conn, tx, v.RequestId, ct);
            }
            catch (PostgresException e) when (e.ConstraintName == "visitor_code_unique" && attempt < 5)
            {
                await tx.RollbackAsync("code", ct);
            }
        }
    }

    static Task<CreatedVisitor?> ByRequestAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid requestId, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<CreatedVisitor?>(new CommandDefinition(
            "SELECT id, code FROM visitor WHERE request_id = @requestId", new { requestId }, tx, cancellationToken: ct));
}
