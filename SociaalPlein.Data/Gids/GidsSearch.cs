using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace SociaalPlein.Data.Gids;

/// <summary>What a user asked the gids: free text plus facets, as they come from the query string.</summary>
public sealed record GidsQuery(
    string Text = "",
    IReadOnlyList<string>? Leefgebieden = null,
    string? Domein = null,
    int? OrganisationId = null,
    string? Language = null,
    int? WijkId = null,
    int? PleinId = null,
    bool HoldsSpreekuur = false,
    string? Open = null,
    string? Capacity = null,
    int Page = 1,
    IReadOnlyList<int>? OwnPleinIds = null)
{
    public const int PageSize = 20;
    public const int MaxTextLength = 200;
    public IReadOnlyList<string> LeefgebiedCodes => Leefgebieden ?? [];
}

/// <summary>One result card.</summary>
public sealed record GidsHit(
    int Id,
    string Name,
    string Function,
    int OrganisationId,
    string Organisation,
    string Domein,
    string Leefgebieden,
    string Languages,
    string Capacity,
    int? CapacityWeeks,
    DateTime VerifiedAt,
    int? NextWeekday,
    TimeOnly? NextStartsAt,
    TimeOnly? NextEndsAt,
    int? NextDaysAhead,
    string Pleinen,
    bool OwnPlein);

/// <summary>How many of the current results have a facet value (e.g. leefgebied "financien": 12).</summary>
public sealed record FacetCount(string Facet, string Key, string Label, int Count);

public sealed record GidsPage(IReadOnlyList<GidsHit> Hits, int Total, IReadOnlyList<FacetCount> Facets, IReadOnlyList<string> Suggestions);

/// <summary>The moment a search runs, in the plein's time: "spreekuur vandaag / nu open" depend on it.</summary>
public sealed record GidsMoment(DateOnly Today, TimeOnly Now)
{
    public int IsoWeekday => Infrastructure.PleinTime.IsoWeekday(Today);
}

/// <summary>
/// The gids search: Dutch full text (accent-folded, stemmed, prefix so "schulden" finds
/// "schuldhulpverlening") or trigram similarity for typos, combined with facets; ranked exact name first,
/// then relevance. A searcher's own pleinen (<see cref="GidsQuery.OwnPleinIds"/>) come before all others, so that a
/// resident is not sent to another town first. One round trip: the page of results with its total, then the facet counts.
/// </summary>
public sealed partial class GidsSearch(NpgsqlDataSource db)
{
    // The matching professionals: fixed SQL fragments, only those for the facets in use, so that every link-table
    // facet is a top-level IN (a semi-join the planner can start from) instead of a per-row subplan. Values only
    // ever travel as parameters. Text: the full-text document, or a trigram match on the name (typos in names);
    // a trigram match on the whole folded text (typos elsewhere) only when nothing else matched, because over
    // long texts it is costly and loose (see docs/benchmarks.md).
    const string MatchedBase = """
        SELECT p.id, p.organisation_id, o.name AS organisation_name, o.domein, p.capacity, p.leefgebied_codes, p.language_codes,
               p.plein_ids, p.wijk_ids,
               CASE WHEN @Folded = '' THEN 0
                    ELSE (lower(immutable_unaccent(p.name)) = @Folded)::int * 10
                         + ts_rank(p.search, to_tsquery('dutch_unaccent', @TsQuery))
                         + word_similarity(@Folded, p.search_text) END AS rank
        FROM professional p
        JOIN organisation o ON o.id = p.organisation_id
        WHERE p.active AND o.active
        """;

    const string TextFilter = """
          AND (p.search @@ to_tsquery('dutch_unaccent', @TsQuery)
               OR @Folded <% lower(immutable_unaccent(p.name))
               OR (NOT EXISTS (SELECT 1 FROM professional x WHERE x.active
                                 AND (x.search @@ to_tsquery('dutch_unaccent', @TsQuery) OR @Folded <% lower(immutable_unaccent(x.name))))
                   AND @Folded <% p.search_text))
        """;

    const string SpreekuurValid = "s.active AND s.valid_from <= @Today AND (s.valid_until IS NULL OR s.valid_until >= @Today)";

    static string MatchedSql(SearchParameters a)
    {
        var sql = new System.Text.StringBuilder(MatchedBase);
        if (a.Folded != "") sql.Append(TextFilter);
        // The codes arrays (db/0009) hold active leefgebieden and languages, the ids arrays (db/0021) pleinen and
        // wijken; @> means "covers all of them".
        if (a.Leefgebieden.Length > 0) sql.Append("\n  AND p.leefgebied_codes @> @Leefgebieden");
        if (a.Domein is not null) sql.Append("\n  AND o.domein = @Domein");
        if (a.OrganisationId is not null) sql.Append("\n  AND p.organisation_id = @OrganisationId");
        if (a.Language is not null) sql.Append("\n  AND p.language_codes @> ARRAY[@Language]");
        if (a.WijkId is not null) sql.Append("\n  AND p.wijk_ids @> ARRAY[@WijkId]");
        if (a.PleinId is not null) sql.Append("\n  AND p.plein_ids @> ARRAY[@PleinId]");
        if (a.HoldsSpreekuur) sql.Append("\n  AND p.id IN (SELECT s.professional_id FROM spreekuur s WHERE " + SpreekuurValid + ")");
        if (a.Open is not null)
            sql.Append("\n  AND p.id IN (SELECT s.professional_id FROM spreekuur s WHERE s.weekday = @IsoWeekday AND " + SpreekuurValid
                + " AND (@Open = 'vandaag' OR (s.starts_at <= @Now AND s.ends_at > @Now)))");
        if (a.Capacity is not null) sql.Append("\n  AND p.capacity = @Capacity");
        return sql.ToString();
    }

    // One statement: the matching set is computed once and feeds the page, the total and the facet counts.
    const string PageAndFacets = """
        -- The page's 20 first, then their details: the next spreekuur and the lists are worked out for 20, not all.
        , top AS (
            SELECT m.id, row_number() OVER (ORDER BY (m.plein_ids && @OwnPleinen) DESC, m.rank DESC, p.name, p.id) AS ord
            FROM matched m JOIN professional p ON p.id = m.id
            ORDER BY (m.plein_ids && @OwnPleinen) DESC, m.rank DESC, p.name, p.id
            LIMIT @Take OFFSET @Skip),
        page AS (
            SELECT t.ord, p.id, p.name, p.function, o.id AS organisation_id, o.name AS organisation, o.domein,
                   coalesce((SELECT string_agg(l.name, ', ' ORDER BY l.sort_order) FROM professional_leefgebied pl
                             JOIN leefgebied l ON l.id = pl.leefgebied_id WHERE pl.professional_id = p.id AND l.active), '') AS leefgebieden,
                   coalesce((SELECT string_agg(g.name, ', ' ORDER BY g.code <> 'nl', g.name) FROM professional_language pg
                             JOIN language g ON g.code = pg.language_code WHERE pg.professional_id = p.id), '') AS languages,
                   p.capacity, p.capacity_weeks::int AS capacity_weeks,
                   to_char(p.verified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS verified_at,
                   nxt.weekday AS next_weekday, nxt.starts_at AS next_starts_at, nxt.ends_at AS next_ends_at,
                   nxt.days_ahead AS next_days_ahead,
                   coalesce((SELECT string_agg(pl.name, ', ' ORDER BY pl.name) FROM plein pl
                             WHERE pl.id = ANY (p.plein_ids) AND pl.active), '') AS pleinen,
                   p.plein_ids && @OwnPleinen AS own_plein
            FROM top t
            JOIN professional p ON p.id = t.id
            JOIN organisation o ON o.id = p.organisation_id
            LEFT JOIN LATERAL (
                -- The next time this professional holds a spreekuur: today if it has not ended yet, else later.
                SELECT s.weekday::int AS weekday, s.starts_at, s.ends_at,
                       (s.weekday - @IsoWeekday + 7) % 7 + CASE WHEN s.weekday = @IsoWeekday AND s.ends_at <= @Now THEN 7 ELSE 0 END AS days_ahead
                FROM spreekuur s
                WHERE s.professional_id = p.id AND s.active
                  AND s.valid_from <= @Today AND (s.valid_until IS NULL OR s.valid_until >= @Today)
                ORDER BY days_ahead, s.starts_at
                LIMIT 1) nxt ON true),
        facets AS (
            SELECT 'leefgebied' AS facet, l.code AS key, l.name AS label, count(*)::int AS count, min(l.sort_order) AS sort
            FROM matched m CROSS JOIN unnest(m.leefgebied_codes) c(code)
            JOIN leefgebied l ON l.code = c.code GROUP BY l.code, l.name
            UNION ALL
            SELECT 'domein', m.domein, m.domein, count(*)::int, 0 FROM matched m GROUP BY m.domein
            UNION ALL
            SELECT 'organisatie', m.organisation_id::text, m.organisation_name, count(*)::int, 0 FROM matched m
            GROUP BY m.organisation_id, m.organisation_name
            UNION ALL
            SELECT 'taal', g.code, g.name, count(*)::int, 0 FROM matched m CROSS JOIN unnest(m.language_codes) c(code)
            JOIN language g ON g.code = c.code GROUP BY g.code, g.name
            UNION ALL
            SELECT 'wijk', w.id::text, w.name, count(*)::int, 0 FROM matched m CROSS JOIN unnest(m.wijk_ids) c(id)
            JOIN wijk w ON w.id = c.id GROUP BY w.id, w.name
            UNION ALL
            SELECT 'plein', pl.id::text, pl.name, count(*)::int, 0 FROM matched m CROSS JOIN unnest(m.plein_ids) c(id)
            JOIN plein pl ON pl.id = c.id AND pl.active GROUP BY pl.id, pl.name
            UNION ALL
            SELECT 'capaciteit', m.capacity, m.capacity, count(*)::int, 0 FROM matched m GROUP BY m.capacity
            UNION ALL
            SELECT 'spreekuur', 'ja', 'ja', count(*)::int, 0 FROM matched m WHERE EXISTS (
                SELECT 1 FROM spreekuur s WHERE s.professional_id = m.id AND s.active
                  AND s.valid_from <= @Today AND (s.valid_until IS NULL OR s.valid_until >= @Today))
            UNION ALL
            SELECT 'open', w.moment, w.moment, count(*)::int, 0
            FROM matched m CROSS JOIN (VALUES ('vandaag'), ('nu')) w(moment)
            WHERE EXISTS (
                SELECT 1 FROM spreekuur s WHERE s.professional_id = m.id AND s.active AND s.weekday = @IsoWeekday
                  AND s.valid_from <= @Today AND (s.valid_until IS NULL OR s.valid_until >= @Today)
                  AND (w.moment = 'vandaag' OR (s.starts_at <= @Now AND s.ends_at > @Now)))
            GROUP BY w.moment)
        SELECT (SELECT count(*) FROM matched)::int AS total,
               (SELECT coalesce(json_agg(page ORDER BY ord), '[]') FROM page)::text AS hits,
               (SELECT coalesce(json_agg(facets ORDER BY facet, sort, label), '[]') FROM facets)::text AS facets
        """;

    static readonly System.Text.Json.JsonSerializerOptions Json = new() { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower };

    sealed record Result(int Total, string Hits, string Facets);

    public async Task<GidsPage> RunAsync(GidsQuery q, GidsMoment moment, CancellationToken ct = default)
    {
        var args = Parameters(q, moment);
        await using var conn = await db.OpenConnectionAsync(ct);
        Result result;
        // Planned for its own values every time: a generic plan (what an auto-prepared statement settles on after five
        // runs) cannot see how selective a facet's array or the text is, and at region scale chose a plan twice as slow
        // (docs/benchmarks.md, gids). The transaction only scopes the setting; BEGIN travels with the statement.
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await conn.ExecuteAsync(new CommandDefinition(CustomPlans, transaction: tx, cancellationToken: ct));
            result = await conn.QuerySingleAsync<Result>(new CommandDefinition(Statement(args), args, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
        }
        var hits = System.Text.Json.JsonSerializer.Deserialize<List<GidsHit>>(result.Hits, Json) ?? [];
        var facets = System.Text.Json.JsonSerializer.Deserialize<List<FacetCount>>(result.Facets, Json) ?? [];
        var suggestions = result.Total == 0 && args.Folded != "" ? await SuggestAsync(conn, args.Folded, ct) : [];
        return new GidsPage(hits, result.Total, facets, suggestions);
    }

    const string CustomPlans = "SET LOCAL plan_cache_mode = force_custom_plan";

    /// <summary>The nearest names by trigram similarity, offered when a search finds nobody.</summary>
    static async Task<IReadOnlyList<string>> SuggestAsync(NpgsqlConnection conn, string folded, CancellationToken ct) =>
        (await conn.QueryAsync<string>(new CommandDefinition("""
            SELECT p.name FROM professional p
            WHERE p.active AND similarity(lower(immutable_unaccent(p.name)), @folded) > 0.2
            ORDER BY similarity(lower(immutable_unaccent(p.name)), @folded) DESC, p.name
            LIMIT 5
            """, new { folded }, cancellationToken: ct))).ToList();

    sealed record SearchParameters(
        string Folded, string TsQuery, string[] Leefgebieden, string? Domein, int? OrganisationId, string? Language, int? WijkId,
        int? PleinId, bool HoldsSpreekuur, string? Open, string? Capacity, DateOnly Today, TimeOnly Now, int IsoWeekday, int Take, int Skip,
        int[] OwnPleinen);

    static SearchParameters Parameters(GidsQuery q, GidsMoment moment)
    {
        var text = q.Text.Length > GidsQuery.MaxTextLength ? q.Text[..GidsQuery.MaxTextLength] : q.Text;
        var words = Word().Matches(text).Select(m => WithoutAccents(m.Value.ToLowerInvariant())).ToList();
        return new SearchParameters(
            Folded: string.Join(' ', words),
            // Only letters and digits reach to_tsquery, so no user text can be read as a query operator.
            TsQuery: string.Join(" & ", words.Select(w => w + ":*")),
            q.LeefgebiedCodes.Distinct().ToArray(), q.Domein, q.OrganisationId, q.Language, q.WijkId, q.PleinId,
            q.HoldsSpreekuur, q.Open, q.Capacity, moment.Today, moment.Now, moment.IsoWeekday,
            Take: GidsQuery.PageSize, Skip: (Math.Max(q.Page, 1) - 1) * GidsQuery.PageSize,
            OwnPleinen: (q.OwnPleinIds ?? []).Distinct().ToArray());
    }

    /// <summary>
    /// The gids's own text match, for another reader that must find exactly the professionals the gids finds (the
    /// HSDS API's <c>search</c>): a SELECT whose <c>id</c> column is every active professional of an active
    /// organisation matching the text, and its parameters. Null when the text has no word to search for.
    /// </summary>
    public static (string Sql, object Parameters)? TextMatch(string text)
    {
        var args = Parameters(new GidsQuery(Text: text), new GidsMoment(DateOnly.MinValue, TimeOnly.MinValue));
        return args.Folded == "" ? null : (MatchedSql(args), new { args.Folded, args.TsQuery });
    }

    /// <summary>The whole search statement and its parameters, for the benchmark's EXPLAIN.</summary>
    internal static (string Sql, object Parameters) StatementFor(GidsQuery q, GidsMoment moment)
    {
        var args = Parameters(q, moment);
        return (Statement(args), args);
    }

    static string Statement(SearchParameters args) => "WITH matched AS MATERIALIZED (" + MatchedSql(args) + ")" + PageAndFacets;

    // The query folded as the stored side is (lower(immutable_unaccent(name))): "Ayşe Çelik" → "ayse celik".
    static string WithoutAccents(string word) => new string(word.Normalize(System.Text.NormalizationForm.FormD)
        .Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
        .ToArray()).Normalize(System.Text.NormalizationForm.FormC);

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
