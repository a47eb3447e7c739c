using Dapper;
using Npgsql;

namespace SociaalPlein.Data.Verwijzingen;

/// <summary>The lists of <c>/verwijzingen</c>: what came in, what went out, and (projectleider, beheerder) everything visible.</summary>
public static class ReferralTab
{
    public const string Inkomend = "inkomend";
    public const string Uitgaand = "uitgaand";
    public const string Alle = "alle";

    /// <summary>Status filter values beyond the statuses themselves.</summary>
    public const string AllOpen = "open";
    public const string Waiting = "wacht";
}

/// <summary>A filter of a list as the page's query string names it, already checked by the page.</summary>
public sealed record ReferralListQuery(string Tab, string? Status, DateOnly? Van, DateOnly? Tot, int Page)
{
    public const int PageSize = 25;
}

/// <summary>One referral in a list. <see cref="Outcome"/> is null where the referrer has no consent to feedback.</summary>
public sealed record ReferralListRow(
    int Id, DateOnly ReferredOn, string Plein, string? VisitorCode, string From, string To, string Leefgebied, string Zorgvraag,
    string Status, string? Outcome, bool Spoed, bool WachtOpReactie, DateTime StatusChangedAt);

/// <summary>A page of a list, how many match in all, and the open referrals on each side (for the tabs).</summary>
public sealed record ReferralListPage(IReadOnlyList<ReferralListRow> Rows, int Total, int OpenInkomend, int OpenUitgaand);

/// <summary>The SQL the lists and the detail page share: names of both sides, the waiting mark, feedback consent.</summary>
internal static class ReferralSql
{
    /// <summary>The referral (alias r) with the names of its plein, visitor, leefgebied and both sides.</summary>
    public const string Joins = """
        JOIN plein n ON n.id = r.plein_id
        JOIN leefgebied l ON l.id = r.leefgebied_id
        JOIN organisation tor ON tor.id = r.to_organisation_id
        LEFT JOIN professional tp ON tp.id = r.to_professional_id
        LEFT JOIN organisation fo ON fo.id = r.from_organisation_id
        LEFT JOIN professional fp ON fp.id = r.from_professional_id
        LEFT JOIN visitor v ON v.id = r.visitor_id
        """;

    public const string FromName = """
        CASE r.from_kind WHEN 'eigen_initiatief' THEN 'Eigen initiatief'
                         WHEN 'organisation' THEN fo.name
                         ELSE fp.name || ' (' || fo.name || ')' END
        """;

    public const string ToName = "coalesce(tp.name || ' (' || tor.name || ')', tor.name)";

    /// <summary>Open and unchanged for more than 14 days (<see cref="ReferralStatus.WaitingAfter"/>), at <c>@now</c>.</summary>
    public const string Waiting = $"(r.status IN {ReferralStatus.OpenSql} AND r.status_changed_at < @now - interval '14 days')";

    /// <summary>
    /// The outcome and the receiver's notes reach the referrer only with the visitor's consent to feedback; the
    /// receiving side and the plein's projectleider (the dataset) always see them.
    /// </summary>
    public const string FeedbackVisible = $"(r.consent_feedback OR {NeedToKnow.Receives} OR me.role <> 'professional')";
}

public sealed class ReferralLists(NpgsqlDataSource db)
{
    public async Task<ReferralListPage> LoadAsync(int userId, ReferralListQuery q, DateTimeOffset now, CancellationToken ct = default)
    {
        var filter = $"""
            {NeedToKnow.SeesReferral} AND r.withdrawn_at IS NULL AND {TabCondition(q.Tab)}
              AND (@Status::text IS NULL OR r.status = @Status
                   OR (@Status = '{ReferralTab.AllOpen}' AND r.status IN {ReferralStatus.OpenSql})
                   OR (@Status = '{ReferralTab.Waiting}' AND {ReferralSql.Waiting}))
              AND (@Van::date IS NULL OR r.referred_on >= @Van)
              AND (@Tot::date IS NULL OR r.referred_on <= @Tot)
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var r = await conn.QueryMultipleAsync(new CommandDefinition($"""
            WITH {NeedToKnow.Me}
            SELECT count(*) FILTER (WHERE {filter})::int AS total,
                   count(*) FILTER (WHERE r.status IN {ReferralStatus.OpenSql} AND {NeedToKnow.Receives})::int AS open_inkomend,
                   count(*) FILTER (WHERE r.status IN {ReferralStatus.OpenSql} AND {NeedToKnow.Sent})::int AS open_uitgaand
            FROM referral r CROSS JOIN me
            WHERE {NeedToKnow.SeesReferral} AND r.withdrawn_at IS NULL AND ({filter} OR {NeedToKnow.Receives} OR {NeedToKnow.Sent});

            WITH {NeedToKnow.Me}
            SELECT r.id, r.referred_on, n.name AS plein, v.code AS visitor_code,
                   {ReferralSql.FromName} AS "from", {ReferralSql.ToName} AS "to",
                   l.name AS leefgebied, r.zorgvraag, r.status,
                   CASE WHEN {ReferralSql.FeedbackVisible} THEN r.outcome END AS outcome,
                   r.spoed, {ReferralSql.Waiting} AS wacht_op_reactie, r.status_changed_at
            FROM referral r CROSS JOIN me
            {ReferralSql.Joins}
            WHERE {filter}
            ORDER BY {Order(q.Tab)}
            LIMIT @Take OFFSET @Skip;
            """, new
        {
            userId, q.Status, q.Van, q.Tot, now,
            Take = ReferralListQuery.PageSize, Skip = (q.Page - 1) * ReferralListQuery.PageSize,
        }, cancellationToken: ct));
        var counts = await r.ReadSingleAsync<(int Total, int OpenInkomend, int OpenUitgaand)>();
        var rows = (await r.ReadAsync<ReferralListRow>()).ToList();
        return new ReferralListPage(rows, counts.Total, counts.OpenInkomend, counts.OpenUitgaand);
    }

    // Only these fixed fragments reach the SQL; the tab itself was checked by the page.
    static string TabCondition(string tab) => tab switch
    {
        ReferralTab.Inkomend => NeedToKnow.Receives,
        ReferralTab.Uitgaand => NeedToKnow.Sent,
        ReferralTab.Alle => "me.role <> 'professional'",
        _ => throw new ArgumentOutOfRangeException(nameof(tab), tab, "Unknown tab."),
    };

    // The receiver's list puts open urgent referrals on top (issue 4); closed ones need no hurry any more.
    static string Order(string tab) => tab == ReferralTab.Inkomend
        ? $"(r.spoed AND r.status IN {ReferralStatus.OpenSql}) DESC, r.referred_on DESC, r.id DESC"
        : "r.referred_on DESC, r.id DESC";
}
