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
    // long texts it is costly and loose (see docs/benchmarks.md). No rank here: it is costly per row (above all the word
    // similarity to the whole folded text), so the page works it out only for the rows it has to order ("ranked").
    const string MatchedBase = """
        SELECT p.id, p.name, p.organisation_id, p.plein_ids, p.facet_keys
        FROM professional p
        JOIN organisation o ON o.id = p.organisation_id
        WHERE p.active AND o.active
        """;

    // Words alone: the rows each text condition's own index finds (the document's, then the names' not already found),
    // rather than one OR over every row: over an OR the planner chose a sequential scan that folded and trigram-matched
    // every name for a broad word. The lists carry the columns the search needs, so no row is read twice. "Did anything
    // match the document or a name?" is asked of those lists, not of the whole table: an EXISTS over the table is
    // planned for its first row, a sequential scan that reads every professional when nothing matches (a real typo).
    const string MatchedByText = """
        WITH found AS MATERIALIZED (
            SELECT x.id, x.active, x.name, x.organisation_id, x.plein_ids, x.facet_keys FROM professional x
            WHERE x.search @@ to_tsquery('dutch_unaccent', @TsQuery)
            UNION ALL
            SELECT x.id, x.active, x.name, x.organisation_id, x.plein_ids, x.facet_keys FROM professional x
            WHERE @Folded <% lower(immutable_unaccent(x.name)) AND NOT x.search @@ to_tsquery('dutch_unaccent', @TsQuery))
        SELECT p.id, p.name, p.organisation_id, p.plein_ids, p.facet_keys
        FROM (SELECT * FROM found
              UNION ALL
              SELECT x.id, x.active, x.name, x.organisation_id, x.plein_ids, x.facet_keys FROM professional x
              WHERE NOT EXISTS (SELECT 1 FROM found f WHERE f.active) AND @Folded <% x.search_text) p
        JOIN organisation o ON o.id = p.organisation_id
        WHERE p.active AND o.active
        """;

    // Words with a filter: the same three conditions as a filter on the rows the filter's indexes find, so that a
    // selective filter is not made to list every match of a broad word first. "Did anything match?" is here a count
    // (planned over the GIN indexes, where an EXISTS was planned as a sequential scan) and is only asked for a row
    // that the loose trigram match alone found.
    const string TextFilterAmongFacets = $"""
          AND ({StrictText}
               OR ({LooseText}
                   AND (SELECT count(*) FROM professional x WHERE x.active
                          AND (x.search @@ to_tsquery('dutch_unaccent', @TsQuery) OR @Folded <% lower(immutable_unaccent(x.name)))) = 0))
        """;

    const string SpreekuurValid = "spreekuur_valid_on(s, @Today)";

    static string MatchedSql(SearchParameters a) =>
        a.Folded != "" && !HasFilter(a) ? MatchedByText : MatchedBase + (a.Folded != "" ? TextFilterAmongFacets : "") + Filters(a);

    // The facets in use, each as one condition on the professional p and its organisation o.
    static string Filters(SearchParameters a)
    {
        var sql = new System.Text.StringBuilder();
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

    // The rows to order, for a search: the matched set with its rank (exact name first, then relevance), from the
    // professional's search columns. Not materialized: each part of the page below reads it with its own filter, so the
    // rank (costly per row, above all the word similarity to the whole folded text) is worked out for that part's rows
    // only. The exact name match is looked up once in the folded names' index (professional_name_folded).
    const string RankedFromMatched = $$"""
        , ranked AS NOT MATERIALIZED (
            SELECT m.id, m.name, {own} AS own, {{Rank}} AS rank
            FROM matched m JOIN professional p ON p.id = m.id)
        """;

    // Without words everything ranks alike: the name decides.
    const string RankedFromMatchedWithoutText = """
        , ranked AS NOT MATERIALIZED (SELECT m.id, m.name, {own} AS own, 0 AS rank FROM matched m)
        """;

    // The rows to order, for the landing page (no words, no filter): every active professional of an active
    // organisation, read in the order of the index professional_gids_order rather than sorted.
    const string RankedLanding = """
        , ranked AS NOT MATERIALIZED (
            SELECT p.id, p.name, {own} AS own, 0 AS rank
            FROM professional p JOIN organisation o ON o.id = p.organisation_id
            WHERE p.active AND o.active)
        """;

    // The page: the searcher's own pleinen come first, so the page is the own rows' part of it followed by the
    // others' part. The own rows are listed once (counted, then ordered); each part is ordered on its own, and the
    // others' part is not even read while the own rows fill the page (its LIMIT is then 0): for a searcher with a
    // plein, the full rank is worked out for their own plein's matches only. Then the page's 20 get their details: the next spreekuur and the lists are worked out for 20, not all.
    const string Page = """
        , own_rows AS MATERIALIZED (SELECT r.id, r.rank, r.name FROM ranked r WHERE r.own),
        own_count AS (SELECT count(*)::int AS n FROM own_rows),
        -- (The outer LIMIT changes nothing but tells the planner that a page is 20 rows, to look their details up by key.)
        top AS (
            SELECT * FROM (
                (SELECT r.id, true AS own, r.rank, r.name FROM own_rows r
                 ORDER BY r.rank DESC, r.name, r.id LIMIT @Take OFFSET @Skip)
                UNION ALL
                (SELECT r.id, r.own, r.rank, r.name FROM ranked r WHERE NOT r.own
                 ORDER BY r.rank DESC, r.name, r.id
                 LIMIT @Take - least(@Take, greatest((SELECT n FROM own_count) - @Skip, 0))
                 OFFSET greatest(@Skip - (SELECT n FROM own_count), 0))) parts
            LIMIT @Take),
        page AS (
            SELECT row_number() OVER (ORDER BY t.own DESC, t.rank DESC, t.name, t.id) AS ord,
                   p.id, p.name, p.function, o.id AS organisation_id, o.name AS organisation, o.domein,
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
                   t.own AS own_plein
            FROM top t
            JOIN professional p ON p.id = t.id
            JOIN organisation o ON o.id = p.organisation_id
            LEFT JOIN LATERAL (
                -- The next time this professional holds a spreekuur: today if it has not ended yet, else later.
                SELECT s.weekday::int AS weekday, s.starts_at, s.ends_at,
                       (s.weekday - @IsoWeekday + 7) % 7 + CASE WHEN s.weekday = @IsoWeekday AND s.ends_at <= @Now THEN 7 ELSE 0 END AS days_ahead
                FROM spreekuur s
                WHERE s.professional_id = p.id AND spreekuur_valid_on(s, @Today)
                ORDER BY days_ahead, s.starts_at
                LIMIT 1) nxt ON true)
        """;

    // The facets that do not depend on the moment, from one aggregate over the matched rows' facet_keys (db/0043):
    // one integer per facet value a professional has, so a facet count is one group, whatever the facet.
    const string FacetCountOfMatched = """
        SELECT k / 100000000 AS kind, k % 100000000 AS value, count(*)::int AS count
            FROM (SELECT unnest(m.facet_keys) AS k FROM matched m) keys GROUP BY k
        """;

    // The landing page's (the whole active directory's) are kept by the database itself, per facet key (db/0120), so that
    // the first landing page after a directory change reads them instead of counting every professional's keys. Key 0 is
    // the professional: its count is the total.
    const string FacetCountOfLanding = """
        SELECT c.key / 100000000 AS kind, c.key % 100000000 AS value, c.count
            FROM gids_landing_count c WHERE c.key <> 0 AND c.count > 0
        """;

    const string LandingTotal = "(SELECT c.count FROM gids_landing_count c WHERE c.key = 0)";

    const string DirectoryFacets = """
        , facet_count AS ({facet_count}),
        facets AS (
            SELECT 'leefgebied' AS facet, l.code AS key, l.name AS label, f.count, l.sort_order AS sort
            FROM facet_count f JOIN leefgebied l ON l.id = f.value WHERE f.kind = 1
            UNION ALL
            SELECT 'domein', d.domein, d.domein, f.count, 0
            FROM facet_count f JOIN unnest(ARRAY['medisch', 'sociaal', 'welzijn', 'overig']) WITH ORDINALITY d(domein, n) ON d.n = f.value
            WHERE f.kind = 2
            UNION ALL
            SELECT 'organisatie', o.id::text, o.name, f.count, 0 FROM facet_count f JOIN organisation o ON o.id = f.value WHERE f.kind = 3
            UNION ALL
            SELECT 'taal', g.code, g.name, f.count, 0 FROM facet_count f JOIN language g ON gids_language_number(g.code) = f.value
            WHERE f.kind = 4
            UNION ALL
            SELECT 'wijk', w.id::text, w.name, f.count, 0 FROM facet_count f JOIN wijk w ON w.id = f.value WHERE f.kind = 5
            UNION ALL
            SELECT 'plein', pl.id::text, pl.name, f.count, 0 FROM facet_count f JOIN plein pl ON pl.id = f.value AND pl.active
            WHERE f.kind = 6
            UNION ALL
            SELECT 'capaciteit', c.capacity, c.capacity, f.count, 0
            FROM facet_count f JOIN unnest(ARRAY['ruimte', 'wachtlijst', 'vol']) WITH ORDINALITY c(capacity, n) ON c.n = f.value
            WHERE f.kind = 7)
        """;

    // The moment's facets ("houdt spreekuur", "vandaag", "nu"): from the few professionals with a valid spreekuur,
    // each once, joined to the matched rows (or, for the landing page, to every active professional).
    const string MomentFacets = """
        , holding AS (
            SELECT s.professional_id AS id, bool_or(s.weekday = @IsoWeekday) AS today,
                   bool_or(s.weekday = @IsoWeekday AND s.starts_at <= @Now AND s.ends_at > @Now) AS open_now
            FROM spreekuur s WHERE {valid} AND s.professional_id IS NOT NULL GROUP BY s.professional_id),
        moment AS (
            SELECT count(*)::int AS holding, count(*) FILTER (WHERE h.today)::int AS today, count(*) FILTER (WHERE h.open_now)::int AS open_now
            FROM holding h {join})
        """;

    const string MomentJoinMatched = "JOIN matched m ON m.id = h.id";
    const string MomentJoinLanding = "JOIN professional p ON p.id = h.id JOIN organisation o ON o.id = p.organisation_id WHERE p.active AND o.active";

    static readonly System.Text.Json.JsonSerializerOptions Json = new() { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower };

    sealed record Result(long Version, int? Total, string Hits, string? Facets, bool? Loose, string? Ids, int Holding, int Today, int OpenNow);

    /// <summary>
    /// A search's total and directory facets, as counted at one directory version, and which of its text's matches found
    /// them (<c>Loose</c>: only the trigram match on the whole folded text, because nothing matched the document or a name),
    /// and for a search that found at most <see cref="MaxKeptIds"/> the professionals it found, in their order (<c>Ids</c>:
    /// rank, then name; whose own pleinen come first is the searcher's and is not kept).
    /// </summary>
    sealed record KeptCounts(long Version, int Total, IReadOnlyList<FacetCount> Facets, bool Loose, int[]? Ids);

    // A search that found this many or fewer keeps who it found, in order: its pages are then looked up by key, without
    // testing or ranking any professional's text again (the trigram match of a typo tests the text of every candidate,
    // thousands for a common name, and ranks by a similarity that is as costly). 1,000 searches of 4,000 ids are 16 MB.
    internal const int MaxKeptIds = 4000;

    /// <summary>What a search's counts depend on: its words and filters (the leefgebieden as one ordered text, so that
    /// the record compares by value).</summary>
    sealed record CountsKey(
        string Folded, string Leefgebieden, string? Domein, int? OrganisationId, string? Language, int? WijkId, int? PleinId, string? Capacity);

    // The total and directory facets of the searches asked lately, each as counted at a directory version (db/0043): they
    // depend only on the words and filters (not on the page, nor on whose own pleinen come first), and everything they read
    // raises the version when it changes (and, on professional and organisation, only that: db/0121), so while the version stands they are the same for everyone. Counting them is
    // most of a broad search's cost (one aggregate over thousands of matches' facet keys), and so is listing the matched
    // set they are counted over: while the version stands, a kept search runs a statement without either (KeptStatement),
    // and only when the version it reads in its own snapshot is not the one kept does the whole statement run again.
    // Bounded: when full, it starts over.
    readonly System.Collections.Concurrent.ConcurrentDictionary<CountsKey, KeptCounts> _kept = new();
    internal const int MaxKeptSearches = 1000;

    public async Task<GidsPage> RunAsync(GidsQuery q, GidsMoment moment, CancellationToken ct = default)
    {
        var args = Parameters(q, moment);
        var key = KeyOf(args);
        var kept = key is not null && _kept.TryGetValue(key, out var k) ? k : null;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (kept is not null)
        {
            var read = await QueryAsync(conn, KeptStatement(args, kept), args with { KeptIds = kept.Ids ?? [], KeptVersion = kept.Version }, ct);
            if (read.Version == kept.Version) return await PageAsync(conn, args, read, kept.Total, kept.Facets, ct);
        }
        var result = await QueryAsync(conn, Statement(args), args, ct);
        var total = result.Total ?? 0;
        var directoryFacets = System.Text.Json.JsonSerializer.Deserialize<List<FacetCount>>(result.Facets ?? "[]", Json) ?? [];
        if (key is not null)
        {
            if (_kept.Count >= MaxKeptSearches) _kept.Clear();
            _kept[key] = new KeptCounts(result.Version, total, directoryFacets, result.Loose ?? false,
                result.Ids?.Split(',').Select(int.Parse).ToArray());
        }
        return await PageAsync(conn, args, result, total, directoryFacets, ct);
    }

    async Task<GidsPage> PageAsync(NpgsqlConnection conn, SearchParameters args, Result result, int total,
        IReadOnlyList<FacetCount> directoryFacets, CancellationToken ct)
    {
        var hits = System.Text.Json.JsonSerializer.Deserialize<List<GidsHit>>(result.Hits, Json) ?? [];
        var suggestions = total == 0 && args.Folded != "" ? await SuggestAsync(conn, args.Folded, ct) : [];
        return new GidsPage(hits, total, WithMomentFacets(directoryFacets, result), suggestions);
    }

    static async Task<Result> QueryAsync(NpgsqlConnection conn, string statement, SearchParameters args, CancellationToken ct)
    {
        // Planned for its own values every time: a generic plan (what an auto-prepared statement settles on after five
        // runs) cannot see how selective a facet's array or the text is, and at region scale chose a plan twice as slow
        // (docs/benchmarks.md, gids). The transaction only scopes the setting; BEGIN travels with the statement.
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(CustomPlans, transaction: tx, cancellationToken: ct));
        var result = await conn.QuerySingleAsync<Result>(new CommandDefinition(statement, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// What a search's total and directory facets depend on: its words and filters. Null (not kept) for the filters on
    /// the moment ("houdt spreekuur", "vandaag", "nu"): their matches follow the clock and the spreekuren, which the
    /// directory version does not follow.
    /// </summary>
    static CountsKey? KeyOf(SearchParameters a) =>
        a.HoldsSpreekuur || a.Open is not null
            ? null
            : new CountsKey(a.Folded, string.Join(",", a.Leefgebieden.Order(StringComparer.Ordinal)), a.Domein, a.OrganisationId,
                a.Language, a.WijkId, a.PleinId, a.Capacity);

    static bool IsLanding(SearchParameters a) => a.Folded == "" && !HasFilter(a);

    static bool HasFilter(SearchParameters a) =>
        a.Leefgebieden.Length > 0 || a.Domein is not null || a.OrganisationId is not null || a.Language is not null
        || a.WijkId is not null || a.PleinId is not null || a.HoldsSpreekuur || a.Open is not null || a.Capacity is not null;

    // The facets in the order the page has always had them: by facet, then sort and label; "open" has a value only
    // for the moments someone matches, "spreekuur" always.
    static IReadOnlyList<FacetCount> WithMomentFacets(IReadOnlyList<FacetCount> directory, Result r)
    {
        var moment = new List<FacetCount>();
        if (r.OpenNow > 0) moment.Add(new FacetCount("open", "nu", "nu", r.OpenNow));
        if (r.Today > 0) moment.Add(new FacetCount("open", "vandaag", "vandaag", r.Today));
        moment.Add(new FacetCount("spreekuur", "ja", "ja", r.Holding));
        return directory.Concat(moment).OrderBy(f => f.Facet, StringComparer.Ordinal).ToList();
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
        int[] OwnPleinen, int[] KeptIds, long KeptVersion = 0);

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
            OwnPleinen: (q.OwnPleinIds ?? []).Distinct().ToArray(), KeptIds: []);
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

    /// <summary>
    /// One statement: the matching set is computed once and feeds the page, the total and the facet counts. It also says
    /// which of the text's matches found the set (<c>loose</c>, null when it is empty), for <see cref="KeptStatement"/>.
    /// </summary>
    static string Statement(SearchParameters args)
    {
        var landing = IsLanding(args);
        // With no own plein nothing is "own": said as a constant, so that the planner drops that part of the page.
        var own = args.OwnPleinen.Length == 0 ? "false" : landing ? "p.plein_ids && @OwnPleinen" : "m.plein_ids && @OwnPleinen";
        // Every matched row was found the same way (the loose match is used only when nothing matched the document or a
        // name), so one row tells which.
        var loose = args.Folded == "" ? "false"
            : "(SELECT NOT (" + StrictText + ") FROM matched m JOIN professional p ON p.id = m.id LIMIT 1)";
        // The landing page lists no matched set: its counts and total are kept in the database (db/0120).
        var total = landing ? $"coalesce({LandingTotal}, 0)" : "(SELECT count(*) FROM matched)::int";
        var ranked = (landing ? RankedLanding : args.Folded == "" ? RankedFromMatchedWithoutText : RankedFromMatched).Replace("{own}", own);
        return (landing ? "WITH " + ranked.TrimStart().TrimStart(',') : "WITH matched AS MATERIALIZED (" + MatchedSql(args) + ")" + ranked)
            + Page + DirectoryFacets.Replace("{facet_count}", landing ? FacetCountOfLanding : FacetCountOfMatched)
            + MomentFacets.Replace("{valid}", SpreekuurValid).Replace("{join}", landing ? MomentJoinLanding : MomentJoinMatched)
            + $"""

            SELECT (SELECT version FROM directory_version) AS version,
                   {total} AS total,
                   (SELECT coalesce(json_agg(page ORDER BY ord), '[]') FROM page)::text AS hits,
                   (SELECT coalesce(json_agg(facets ORDER BY facet, sort, label, key), '[]') FROM facets)::text AS facets,
                   {loose} AS loose,
                   CASE WHEN {total} <= {MaxKeptIds} THEN (SELECT string_agg(r.id::text, ',' ORDER BY r.rank DESC, r.name, r.id) FROM ranked r) END AS ids,
                   moment.holding, moment.today, moment.open_now
            FROM moment
            """;
    }

    // A text's two ways to match, as conditions on one professional p: the document or a trigram match on the name, or
    // else (when that matched no active professional at all) the loose trigram match on the whole folded text.
    const string StrictText = "p.search @@ to_tsquery('dutch_unaccent', @TsQuery) OR @Folded <% lower(immutable_unaccent(p.name))";
    const string LooseText = "@Folded <% p.search_text";

    // A kept search's rows to order, straight from the professionals with its conditions: the text's way to match is
    // known from the kept count, so no row is tested for the other way, and no matched set is listed to count over. Each
    // part of the page reads these rows with its own condition added (the own pleinen's GIN index with the text's), so a
    // searcher's own part is found without listing every match of a broad word. The rank is the one RankedFromMatched
    // works out, from the same columns.
    const string KeptRanked = """
        WITH ranked AS NOT MATERIALIZED (
            SELECT p.id, p.name, {own} AS own, {rank} AS rank
            FROM professional p JOIN organisation o ON o.id = p.organisation_id
            WHERE p.active AND o.active{where})
        """;

    // A kept search's rows in their kept order: a lower place is a higher rank, so the page orders them as it orders ranks.
    const string KeptRankedByIds = """
        WITH ranked AS NOT MATERIALIZED (
            SELECT p.id, p.name, {own} AS own, -k.place AS rank
            FROM unnest(@KeptIds) WITH ORDINALITY k(id, place) JOIN professional p ON p.id = k.id)
        """;

    // A matched professional p's rank: an exact name first, then relevance.
    const string Rank = """
        (p.id IN (SELECT x.id FROM professional x WHERE lower(immutable_unaccent(x.name)) = @Folded))::int * 10
                   + ts_rank(p.search, to_tsquery('dutch_unaccent', @TsQuery))
                   + word_similarity(@Folded, p.search_text)
        """;

    // The moment's facets of a kept search: each of the few professionals holding a spreekuur tested on their own (a scalar
    // subquery is not turned into a join), rather than every match of the text listed again to join them to.
    const string MomentKeptMatch = """
        WHERE (SELECT true FROM professional p JOIN organisation o ON o.id = p.organisation_id
                   WHERE p.id = h.id AND p.active AND o.active{where})
        """;

    /// <summary>
    /// The statement of a search whose total and directory facets are kept: the page and the moment's facets only, from
    /// the conditions that found the kept count, and the directory version read in the same snapshot; when that is not
    /// the kept one, what it read is not used and <see cref="Statement"/> runs.
    /// </summary>
    static string KeptStatement(SearchParameters args, KeptCounts kept)
    {
        // When the version has moved since, what this reads is thrown away and the whole statement runs: so it reads
        // nothing then (a one-time filter on the version, in the same snapshot), instead of matching and ranking a
        // broad search's thousands of rows for nothing before the recount.
        var where = kept.Total == 0 ? "\n  AND false"
            : "\n  AND (SELECT version FROM directory_version) = @KeptVersion"
              + (args.Folded == "" ? "" : "\n  AND (" + (kept.Loose ? LooseText : StrictText) + ")") + Filters(args);
        var own = args.OwnPleinen.Length == 0 ? "false" : "p.plein_ids && @OwnPleinen";
        return (kept.Ids is not null ? KeptRankedByIds : KeptRanked.Replace("{rank}", args.Folded == "" ? "0" : Rank).Replace("{where}", where))
                .Replace("{own}", own)
            + Page
            + MomentFacets.Replace("{valid}", SpreekuurValid)
                .Replace("{join}", kept.Ids is not null ? "WHERE h.id = ANY (@KeptIds)" : MomentKeptMatch.Replace("{where}", where))
            + """

            SELECT (SELECT version FROM directory_version) AS version,
                   NULL::int AS total,
                   (SELECT coalesce(json_agg(page ORDER BY ord), '[]') FROM page)::text AS hits,
                   NULL::text AS facets,
                   NULL::boolean AS loose,
                   NULL::text AS ids,
                   moment.holding, moment.today, moment.open_now
            FROM moment
            """;
    }

    // The query folded as the stored side is (lower(immutable_unaccent(name))): "Ayşe Çelik" → "ayse celik".
    static string WithoutAccents(string word) => new string(word.Normalize(System.Text.NormalizationForm.FormD)
        .Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
        .ToArray()).Normalize(System.Text.NormalizationForm.FormC);

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
