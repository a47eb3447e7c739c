namespace SociaalPlein.Data.Nieuwsbrief;

// The blocks of the newsletter, one statement each, in the order NewsletterFiguresQuery reads them. The definitions
// are in NewsletterFiguresQuery's summary and docs/newsletter.md.
public sealed partial class NewsletterFiguresQuery
{
    /// <summary>
    /// The kerncijfers of the quarter and the one before it, for the whole scope (plein id 0) and per plein. Visits,
    /// referrals and visitors belong to one plein, so each is one fact and counts without DISTINCT (hashed grouping
    /// sets, no sort); professionals and organisations may take part at several pleinen, so they are made unique per
    /// plein first and counted DISTINCT over that small set: one active at two pleinen of a region counts once in it.
    /// </summary>
    const string KeyFiguresSql = """
        WITH visits AS (
            SELECT x.plein_id, x.visitor_id, x.kind, x.helped_by, x.spreekuur_id, x.visited_on >= @start AS cur
            FROM visit x
            WHERE x.plein_id = ANY (@pleinIds) AND x.visited_on >= @prevStart AND x.visited_on < @end),
        referrals AS (
            SELECT r.plein_id, r.visitor_id, r.from_professional_id, r.to_professional_id,
                   r.from_organisation_id, r.to_organisation_id, r.referred_on >= @start AS cur
            FROM referral r
            WHERE r.plein_id = ANY (@pleinIds) AND r.referred_on >= @prevStart AND r.referred_on < @end
              AND r.status <> 'geannuleerd'),
        quarter_visitors AS (
            SELECT plein_id, visitor_id, cur FROM visits
            UNION
            SELECT plein_id, visitor_id, cur FROM referrals WHERE visitor_id IS NOT NULL),
        facts (figure, cur, plein_id) AS (
            SELECT 'bezoeker', cur, plein_id FROM quarter_visitors
            UNION ALL
            SELECT 'nieuwe_bezoeker', q.cur, q.plein_id
            FROM quarter_visitors q JOIN visitor v ON v.id = q.visitor_id
            WHERE v.first_visit_on >= CASE WHEN q.cur THEN @start ELSE @prevStart END
              AND v.first_visit_on < CASE WHEN q.cur THEN @end ELSE @start END
            UNION ALL
            SELECT 'bezoek_' || kind, cur, plein_id FROM visits
            UNION ALL
            SELECT 'verwijzing', cur, plein_id FROM referrals
            UNION ALL
            SELECT 'veelbezoeker', x.cur, x.plein_id
            FROM visits x JOIN plein n ON n.id = x.plein_id
            GROUP BY x.cur, x.plein_id, x.visitor_id, n.frequent_visitor_threshold
            HAVING count(*) >= n.frequent_visitor_threshold),
        helpers AS (
            SELECT DISTINCT cur, plein_id, helped_by, spreekuur_id FROM visits),
        parties (figure, cur, plein_id, id) AS (
            SELECT 'professional', cur, plein_id, from_professional_id FROM referrals
            UNION
            SELECT 'professional', cur, plein_id, to_professional_id FROM referrals
            UNION
            SELECT 'professional', cur, plein_id, helped_by FROM helpers
            UNION
            SELECT 'organisatie', cur, plein_id, from_organisation_id FROM referrals
            UNION
            SELECT 'organisatie', cur, plein_id, to_organisation_id FROM referrals
            UNION
            SELECT 'organisatie', x.cur, x.plein_id, h.organisation_id FROM helpers x JOIN professional h ON h.id = x.helped_by
            UNION
            SELECT 'organisatie', x.cur, x.plein_id, s.organisation_id FROM helpers x JOIN spreekuur s ON s.id = x.spreekuur_id
            UNION
            SELECT 'nieuw_lid', p.created_at >= @startsAt, pp.plein_id, p.id
            FROM professional_plein pp JOIN professional p ON p.id = pp.professional_id
            WHERE pp.plein_id = ANY (@pleinIds) AND p.created_at >= @prevStartsAt AND p.created_at < @endsAt),
        fact_counts AS (
            SELECT cur, coalesce(plein_id, 0) AS plein_id,
                   count(*) FILTER (WHERE figure = 'bezoeker') AS unique_visitors,
                   count(*) FILTER (WHERE figure = 'nieuwe_bezoeker') AS new_visitors,
                   count(*) FILTER (WHERE figure IN ('bezoek_spreekuur', 'bezoek_inloop')) AS visits,
                   count(*) FILTER (WHERE figure = 'bezoek_spreekuur') AS spreekuur_visits,
                   count(*) FILTER (WHERE figure = 'bezoek_inloop') AS inloop_visits,
                   count(*) FILTER (WHERE figure = 'verwijzing') AS referrals,
                   count(*) FILTER (WHERE figure = 'veelbezoeker') AS frequent_visitors
            FROM facts
            GROUP BY GROUPING SETS ((cur, plein_id), (cur))),
        -- DISTINCT also skips the NULLs of a referral without a sending professional or a visit nobody helped at.
        party_counts AS (
            SELECT cur, coalesce(plein_id, 0) AS plein_id,
                   count(DISTINCT id) FILTER (WHERE figure = 'professional') AS active_professionals,
                   count(DISTINCT id) FILTER (WHERE figure = 'organisatie') AS active_organisations,
                   count(DISTINCT id) FILTER (WHERE figure = 'nieuw_lid') AS new_members
            FROM parties
            GROUP BY GROUPING SETS ((cur, plein_id), (cur)))
        SELECT cur, plein_id,
               coalesce(f.unique_visitors, 0) AS unique_visitors, coalesce(f.new_visitors, 0) AS new_visitors,
               coalesce(f.visits, 0) AS visits, coalesce(f.spreekuur_visits, 0) AS spreekuur_visits,
               coalesce(f.inloop_visits, 0) AS inloop_visits, coalesce(f.referrals, 0) AS referrals,
               coalesce(f.frequent_visitors, 0) AS frequent_visitors,
               coalesce(p.active_professionals, 0) AS active_professionals,
               coalesce(p.active_organisations, 0) AS active_organisations, coalesce(p.new_members, 0) AS new_members
        FROM fact_counts f FULL JOIN party_counts p USING (cur, plein_id);
        """;

    sealed class KeyFiguresRow
    {
        public bool Cur { get; init; }
        public int PleinId { get; init; }
        public long UniqueVisitors { get; init; }
        public long NewVisitors { get; init; }
        public long Visits { get; init; }
        public long SpreekuurVisits { get; init; }
        public long InloopVisits { get; init; }
        public long Referrals { get; init; }
        public long FrequentVisitors { get; init; }
        public long ActiveProfessionals { get; init; }
        public long ActiveOrganisations { get; init; }
        public long NewMembers { get; init; }

        public KeyFigures Figures => new(UniqueVisitors, NewVisitors, Visits, SpreekuurVisits, InloopVisits, Referrals,
            FrequentVisitors, ActiveProfessionals, ActiveOrganisations, NewMembers);
    }

    /// <summary>Referrals per leefgebied in display order; a retired leefgebied only when it has referrals.</summary>
    const string LeefgebiedSql = $"""
        SELECT l.name, count(r.id) AS count
        FROM leefgebied l
        LEFT JOIN referral r ON r.leefgebied_id = l.id AND {ReferralsOfQuarter}
        GROUP BY l.id
        HAVING l.active OR count(r.id) > 0
        ORDER BY l.sort_order, l.name;
        """;

    /// <summary>
    /// Every cell of the domein matrix: from the sending organisation's domein (or eigen initiatief) to the receiving
    /// one's, zeros included, rows and columns in <see cref="Domeinen.Codes"/> order.
    /// </summary>
    const string DomeinFlowSql = $"""
        WITH flows AS (
            SELECT CASE WHEN r.from_kind = 'eigen_initiatief' THEN 'eigen_initiatief' ELSE fo.domein END AS from_domein,
                   t.domein AS to_domein, count(*) AS n
            FROM referral r
            LEFT JOIN organisation fo ON fo.id = r.from_organisation_id
            JOIN organisation t ON t.id = r.to_organisation_id
            WHERE {ReferralsOfQuarter}
            GROUP BY 1, 2)
        SELECT f.code AS "from", t.code AS "to", coalesce(flows.n, 0) AS count
        FROM unnest(@fromDomeinen::text[]) WITH ORDINALITY f (code, i)
        CROSS JOIN unnest(@toDomeinen::text[]) WITH ORDINALITY t (code, j)
        LEFT JOIN flows ON flows.from_domein = f.code AND flows.to_domein = t.code
        ORDER BY f.i, t.j;
        """;

    /// <summary>
    /// The ten largest flows from one organisation to another (eigen initiatief has no organisation). Counts of 1–4
    /// rank as equals (then by names), so the order of the "&lt;5" rows tells nothing either.
    /// </summary>
    static readonly string OrganisationFlowSql = $"""
        SELECT fo.name AS "from", t.name AS "to", count(*) AS count
        FROM referral r
        JOIN organisation fo ON fo.id = r.from_organisation_id
        JOIN organisation t ON t.id = r.to_organisation_id
        WHERE {ReferralsOfQuarter}
        GROUP BY fo.id, t.id
        ORDER BY {RankOfCount("count(*)")} DESC, fo.name, t.name
        LIMIT 10;
        """;

    /// <summary>A count to sort by, with every hidden count (1–4) ranked alike, as if 1.</summary>
    static string RankOfCount(string count) => $"CASE WHEN {count} >= @shownFrom THEN {count} ELSE least({count}, 1) END";

    /// <summary>
    /// The quarter's referrals by their status at the quarter's end (their last event before it), and the first contact
    /// before it: one look at each referral's events, answered from referral_status_event_as_of alone (db/0014).
    /// </summary>
    const string OutcomesSql = $"""
        WITH cohort AS (
            SELECT r.referred_on, coalesce(e.status, 'verzonden') AS status, e.contact_at
            FROM referral r
            CROSS JOIN LATERAL (
                SELECT (array_agg(e.status ORDER BY e.changed_at DESC, e.id DESC))[1] AS status,
                       min(e.changed_at) FILTER (WHERE e.status IN ('contact_gelegd', 'afgerond')) AS contact_at
                FROM referral_status_event e
                WHERE e.referral_id = r.id AND e.changed_at < @endsAt) e
            WHERE {ReferralsOfQuarter})
        SELECT count(*) AS total,
               count(*) FILTER (WHERE status = 'afgerond') AS afgerond,
               count(*) FILTER (WHERE status = 'afgewezen') AS afgewezen,
               count(*) FILTER (WHERE status = 'niet_bereikt') AS niet_bereikt,
               count(*) FILTER (WHERE status IN ('verzonden', 'geaccepteerd', 'contact_gelegd')) AS open,
               count(contact_at) AS with_contact,
               (percentile_cont(0.5) WITHIN GROUP (ORDER BY (contact_at AT TIME ZONE @zone)::date - referred_on))::numeric AS median_days
        FROM cohort;
        """;

    sealed class OutcomesRow
    {
        public long Total { get; init; }
        public long Afgerond { get; init; }
        public long Afgewezen { get; init; }
        public long NietBereikt { get; init; }
        public long Open { get; init; }
        public long WithContact { get; init; }
        public decimal? MedianDays { get; init; }

        // A median over 1–4 referrals would tell their days apart: shown only from 5 on, like any count.
        public ReferralOutcomes Outcomes => new(Total, Afgerond, Afgewezen, NietBereikt, Open, WithContact,
            SmallCounts.IsHidden(WithContact) ? null : MedianDays);
    }

    /// <summary>
    /// The quarter's visitors by age band (of the age they turn in the quarter's year), gender and place: every band
    /// and gender, zeros included; every wijk of the scope (zeros included) and each postcode with at least 5 visitors,
    /// largest first (1–4 ranked alike), then the smaller postcodes together and the visitors with neither. Wijken of a region with the
    /// same name count together. A visitor with a wijk counts there, also when a postcode is known.
    /// </summary>
    static readonly string DemographicsSql = $"""
        WITH people AS MATERIALIZED (
            SELECT v.birth_year, v.gender, v.postcode, w.name AS wijk
            FROM (SELECT x.visitor_id FROM visit x WHERE {VisitsOfQuarter}
                  UNION
                  SELECT r.visitor_id FROM referral r WHERE {ReferralsOfQuarter} AND r.visitor_id IS NOT NULL) q
            JOIN visitor v ON v.id = q.visitor_id
            LEFT JOIN wijk w ON w.id = v.wijk_id),
        ages AS (
            SELECT CASE WHEN birth_year IS NULL OR birth_year > @year THEN cardinality(@bandFrom::int[]) + 1
                        ELSE width_bucket(@year - birth_year, @bandFrom::int[]) END AS band
            FROM people),
        places AS (
            SELECT coalesce(wijk, 'Postcode ' || postcode) AS name, wijk IS NOT NULL AS is_wijk, count(*) AS n
            FROM people GROUP BY 1, 2),
        place_rows AS (
            SELECT w.name, coalesce(p.n, 0) AS n, 0 AS rank
            FROM (SELECT DISTINCT name FROM wijk WHERE plein_id = ANY (@pleinIds)) w
            LEFT JOIN places p ON p.is_wijk AND p.name = w.name
            UNION ALL
            SELECT name, n, 0 FROM places WHERE NOT is_wijk AND name IS NOT NULL AND n >= @shownFrom
            UNION ALL
            SELECT @otherPostcodes, sum(n), 1 FROM places WHERE NOT is_wijk AND name IS NOT NULL AND n < @shownFrom HAVING sum(n) > 0
            UNION ALL
            SELECT @unknownPlace, n, 2 FROM places WHERE name IS NULL)
        SELECT * FROM (
            SELECT @ageDimension AS dimension, b.label AS name, count(a.band) AS count, b.i AS ord
            FROM unnest(@ageLabels::text[]) WITH ORDINALITY b (label, i) LEFT JOIN ages a ON a.band = b.i
            GROUP BY b.label, b.i
            UNION ALL
            SELECT @genderDimension, g.label, count(p.gender), g.i
            FROM unnest(@genderCodes::text[], @genderLabels::text[]) WITH ORDINALITY g (code, label, i)
            LEFT JOIN people p ON p.gender = g.code
            GROUP BY g.label, g.i
            UNION ALL
            SELECT @placeDimension, name, n::bigint, row_number() OVER (ORDER BY rank, {RankOfCount("n")} DESC, name)
            FROM place_rows) d
        ORDER BY dimension, ord;
        """;

    sealed record DemographicsRow(string Dimension, string Name, long Count, long Ord);

    /// <summary>
    /// The last eight quarters, zeros included: unique visitors, visits and referrals, counted as the kerncijfers count
    /// them (the last two equal the kerncijfers of this quarter and the previous one).
    /// </summary>
    const string TrendSql = """
        WITH visits AS (
            SELECT date_trunc('quarter', x.visited_on::timestamp)::date AS starts_on, x.visitor_id
            FROM visit x
            WHERE x.plein_id = ANY (@pleinIds) AND x.visited_on >= @trendStart AND x.visited_on < @end),
        referrals AS (
            SELECT date_trunc('quarter', r.referred_on::timestamp)::date AS starts_on, r.visitor_id
            FROM referral r
            WHERE r.plein_id = ANY (@pleinIds) AND r.referred_on >= @trendStart AND r.referred_on < @end
              AND r.status <> 'geannuleerd'),
        -- Each visitor once per quarter (hashed), so the count needs no DISTINCT (which would sort every row).
        visitors AS (
            SELECT starts_on, visitor_id FROM visits
            UNION
            SELECT starts_on, visitor_id FROM referrals WHERE visitor_id IS NOT NULL)
        SELECT q.starts_on, coalesce(u.n, 0) AS unique_visitors, coalesce(v.n, 0) AS visits, coalesce(r.n, 0) AS referrals
        FROM (SELECT generate_series(@trendStart::timestamp, @start::timestamp, interval '3 months')::date AS starts_on) q
        LEFT JOIN (SELECT starts_on, count(*) AS n FROM visitors GROUP BY starts_on) u USING (starts_on)
        LEFT JOIN (SELECT starts_on, count(*) AS n FROM visits GROUP BY starts_on) v USING (starts_on)
        LEFT JOIN (SELECT starts_on, count(*) AS n FROM referrals GROUP BY starts_on) r USING (starts_on)
        ORDER BY q.starts_on;
        """;

    // A class: Dapper fills a DateOnly property from a date column, but matches no constructor parameter to it.
    sealed class TrendRow
    {
        public DateOnly StartsOn { get; init; }
        public long UniqueVisitors { get; init; }
        public long Visits { get; init; }
        public long Referrals { get; init; }
    }
}
