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
    public const int MaxPage = 1000;

    /// <summary>
    /// Counts stop here: a list is never paged beyond <see cref="MaxPage"/>, so counting the rest of a busy plein's
    /// 290,000 referrals would only cost time; the page says "meer dan" instead.
    /// </summary>
    public const int CountCap = MaxPage * PageSize;
}

/// <summary>One referral in a list. <see cref="Outcome"/> is null where the referrer has no consent to feedback.</summary>
public sealed record ReferralListRow(
    int Id, DateOnly ReferredOn, string Plein, string? VisitorCode, string From, string To, string Leefgebied, string Zorgvraag,
    string Status, string? Outcome, bool Spoed, bool WachtOpReactie, DateTime StatusChangedAt);

/// <summary>
/// A page of a list, how many match in all, and the open referrals on each side (for the tabs); each count stops
/// above <see cref="ReferralListQuery.CountCap"/>. <see cref="TooBroad"/>: the selection took longer than a page may,
/// and nothing was read.
/// </summary>
public sealed record ReferralListPage(IReadOnlyList<ReferralListRow> Rows, int Total, int OpenInkomend, int OpenUitgaand, bool TooBroad = false)
{
    public static readonly ReferralListPage Empty = new([], 0, 0, 0);
    public static readonly ReferralListPage TooBroadToShow = new([], 0, 0, 0, TooBroad: true);

    public static bool IsCapped(int count) => count > ReferralListQuery.CountCap;
}

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

/// <summary>
/// The lists, read in two steps so that PostgreSQL plans each for what it is: first the asking account (one row),
/// then, with its role, pleinen and organisation as plain parameters, a query shaped for the tab. A list of a whole
/// plein or region reads one page of ids from an index in the list's order (<c>db/0030_referral_list_indexes.sql</c>)
/// and joins the names for those rows only; counts stop at <see cref="ReferralListQuery.CountCap"/>. Every statement is
/// planned for its own values (a generic plan once estimated 6 rows against 290,161) and may run
/// <see cref="StatementTimeout"/> at most: past it the page says the selection is too large, never an error.
/// </summary>
public sealed class ReferralLists(NpgsqlDataSource db)
{
    /// <summary>Audit action: a page of the referral lists shown.</summary>
    public const string ListAction = "referral.list";

    public const string StatementTimeout = "5s";

    // Properties, not a positional record: Dapper reads an int[] column as System.Array, which no constructor matches.
    sealed class Account
    {
        public int UserId { get; init; }
        public string Role { get; init; } = "";
        public int? ProfessionalId { get; init; }
        public int? OrganisationId { get; init; }
        public int[] Pleinen { get; init; } = [];
        public bool SeesEveryPlein => Role == "beheerder";
    }

    public async Task<ReferralListPage> LoadAsync(int userId, ReferralListQuery q, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        Account? me;
        await using (var first = await conn.QueryMultipleAsync(new CommandDefinition($"""
            SELECT set_config('plan_cache_mode', 'force_custom_plan', true), set_config('statement_timeout', @StatementTimeout, true);
            WITH {NeedToKnow.Me}
            SELECT user_id, role, professional_id, organisation_id, pleinen FROM me;
            """, new { userId, StatementTimeout }, tx, cancellationToken: ct)))
        {
            await first.ReadAsync();
            me = await first.ReadSingleOrDefaultAsync<Account>();
        }
        if (me is null || (q.Tab == ReferralTab.Alle && me.Role == "professional")) return ReferralListPage.Empty;

        var statuses = q.Status switch
        {
            null => null,
            ReferralTab.AllOpen or ReferralTab.Waiting => ReferralStatus.Open.ToArray(),
            _ => new[] { q.Status },
        };
        var args = new
        {
            me.UserId, me.Role, me.ProfessionalId, me.OrganisationId, me.Pleinen, Statuses = statuses, q.Van, q.Tot, now,
            WaitingBefore = q.Status == ReferralTab.Waiting ? now - ReferralStatus.WaitingAfter : (DateTimeOffset?)null,
            Take = ReferralListQuery.PageSize, Skip = (q.Page - 1) * ReferralListQuery.PageSize, Cap = ReferralListQuery.CountCap + 1,
        };
        try
        {
            await using var r = await conn.QueryMultipleAsync(new CommandDefinition($"""
                {Count(q.Tab, me, $"{(statuses is null ? "true" : "r.status = ANY (@Statuses)")} AND {Filter}")};
                {Count(ReferralTab.Inkomend, me, $"r.status IN {ReferralStatus.OpenSql}")};
                {Count(ReferralTab.Uitgaand, me, $"r.status IN {ReferralStatus.OpenSql}")};
                WITH page AS MATERIALIZED ({PageIds(q.Tab, me, statuses is not null)})
                SELECT r.id, r.referred_on, n.name AS plein, v.code AS visitor_code,
                       {ReferralSql.FromName} AS "from", {ReferralSql.ToName} AS "to",
                       l.name AS leefgebied, r.zorgvraag, r.status,
                       CASE WHEN {FeedbackVisible} THEN r.outcome END AS outcome,
                       r.spoed, {ReferralSql.Waiting} AS wacht_op_reactie, r.status_changed_at
                FROM page JOIN referral r ON r.id = page.id
                {ReferralSql.Joins}
                ORDER BY {Order(q.Tab)};
                """, args, tx, cancellationToken: ct));
            var total = await r.ReadSingleAsync<int>();
            var openInkomend = await r.ReadSingleAsync<int>();
            var openUitgaand = await r.ReadSingleAsync<int>();
            var rows = (await r.ReadAsync<ReferralListRow>()).ToList();
            return new ReferralListPage(rows, total, openInkomend, openUitgaand);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.QueryCanceled && !ct.IsCancellationRequested)
        {
            return ReferralListPage.TooBroadToShow;
        }
    }

    /// <summary>The page's filter beyond tab and status: the period and "wacht op reactie".</summary>
    const string Filter = """
        (@Van::date IS NULL OR r.referred_on >= @Van) AND (@Tot::date IS NULL OR r.referred_on <= @Tot)
          AND (@WaitingBefore::timestamptz IS NULL OR r.status_changed_at < @WaitingBefore)
        """;

    /// <summary>
    /// The referrals of a tab that the account may see and that match <paramref name="where"/>, as a derived table
    /// <c>r</c> (id, referred_on, spoed, status): <see cref="NeedToKnow.SeesReferral"/> with the account's values filled
    /// in, never a withdrawn referral. A side of two kinds (received by the organisation or by the professional; sent
    /// by the account or as the referring professional) is two index ranges appended, the second without what the first
    /// already holds, instead of an OR that no index answers in order; <paramref name="tail"/> (an ORDER BY and LIMIT)
    /// goes inside each range, since PostgreSQL plans a branch of a UNION ALL without the outer order. Only these fixed fragments reach the SQL; the tab
    /// itself was checked by the page.
    /// </summary>
    static string Source(string tab, Account me, string where, string tail = "")
    {
        var visible = $"r.withdrawn_at IS NULL{(me.SeesEveryPlein ? "" : " AND r.plein_id = ANY (@Pleinen)")} AND {where}";
        const string columns = "SELECT r.id, r.referred_on, r.spoed, r.status FROM referral r";
        return tab switch
        {
            ReferralTab.Inkomend => $"""
                (({columns} WHERE r.to_organisation_id = @OrganisationId AND {visible} {tail})
                 UNION ALL
                 ({columns} WHERE r.to_professional_id = @ProfessionalId AND r.to_organisation_id IS DISTINCT FROM @OrganisationId AND {visible} {tail})) r
                """,
            ReferralTab.Uitgaand => $"""
                (({columns} WHERE r.created_by = @UserId AND {visible} {tail})
                 UNION ALL
                 ({columns} WHERE r.from_professional_id = @ProfessionalId AND r.created_by IS DISTINCT FROM @UserId AND {visible} {tail})) r
                """,
            ReferralTab.Alle => $"({columns} WHERE {visible} {tail}) r",
            _ => throw new ArgumentOutOfRangeException(nameof(tab), tab, "Unknown tab."),
        };
    }

    /// <summary>How many match, counted no further than one beyond the cap.</summary>
    static string Count(string tab, Account me, string where) => $"SELECT count(*)::int FROM (SELECT FROM {Source(tab, me, where)} LIMIT @Cap) c";

    /// <summary>
    /// The ids of the page (the caller orders the joined rows the same way). A personal list (inkomend, uitgaand) is an
    /// organisation's or an account's few thousand (a desk projectleider's 72,000 sent come newest first from their
    /// index). A plein's or the region's list walks one index range per plein and status newest first, each range
    /// stopping after the rows the page can need, and merges them: a status filter or several pleinen never turn into
    /// sorting every referral they match.
    /// </summary>
    static string PageIds(string tab, Account me, bool byStatus)
    {
        if (tab != ReferralTab.Alle)
            return $"""
                SELECT r.id FROM {Source(tab, me, $"{(byStatus ? "r.status = ANY (@Statuses)" : "true")} AND {Filter}",
                    $"ORDER BY {Order(tab)} LIMIT @Take + @Skip")}
                ORDER BY {Order(tab)}
                LIMIT @Take OFFSET @Skip
                """;
        var keys = new List<string>();
        var match = new List<string> { "r.withdrawn_at IS NULL" };
        if (!me.SeesEveryPlein) { keys.Add("unnest(@Pleinen) k(plein_id)"); match.Add("r.plein_id = k.plein_id"); }
        if (byStatus) { keys.Add("unnest(@Statuses) s(status)"); match.Add("r.status = s.status"); }
        if (keys.Count == 0) keys.Add("(VALUES (true)) k(region)");
        return $"""
            SELECT x.id
            FROM {string.Join(" CROSS JOIN ", keys)}
            CROSS JOIN LATERAL (
                SELECT r.id, r.referred_on FROM referral r
                WHERE {string.Join(" AND ", match)} AND {Filter}
                ORDER BY r.referred_on DESC, r.id DESC
                LIMIT @Take + @Skip) x
            ORDER BY x.referred_on DESC, x.id DESC
            LIMIT @Take OFFSET @Skip
            """;
    }

    /// <summary><see cref="ReferralSql.FeedbackVisible"/> with the account's values as parameters.</summary>
    const string FeedbackVisible = """
        (r.consent_feedback OR r.to_professional_id = @ProfessionalId OR r.to_organisation_id = @OrganisationId OR @Role <> 'professional')
        """;

    // The receiver's list puts open urgent referrals on top, so a spoed referral is seen first; closed ones need no hurry any more.
    static string Order(string tab) => tab == ReferralTab.Inkomend
        ? $"(r.spoed AND r.status IN {ReferralStatus.OpenSql}) DESC, r.referred_on DESC, r.id DESC"
        : "r.referred_on DESC, r.id DESC";
}
