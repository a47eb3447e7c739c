namespace SociaalPlein.Data.Nieuwsbrief;

// The blocks of the newsletter, one statement each, in the order NewsletterFiguresQuery reads them. The definitions
// are in NewsletterFiguresQuery's summary and docs/newsletter.md.
public sealed partial class NewsletterFiguresQuery
{
    /// <summary>
    /// Visitors, visits and referrals of each of the last eight quarters, for the whole scope (plein id 0) and per
    /// plein: the trend, and the kerncijfers of this quarter and the previous one that concern them. The visits are
    /// counted per visitor in one hashed pass (with the visitor's first visit joined in before, on the whole set, where
    /// the planner hashes it), from which the visitor figures follow without DISTINCT; the referrals are only counted.
    /// Visitors belong to one plein, so a region's row is the sum of its pleinen's; naming the visitor's plein (the
    /// visit's, by a foreign key) lets both be read from the figures indexes alone (db/0034).
    /// </summary>
    const string QuarterCountsSql = """
        WITH per_visitor AS (
            SELECT date_trunc('quarter', x.visited_on::timestamp)::date AS starts_on, x.plein_id, x.visitor_id,
                   v.first_visit_on,
                   count(*) FILTER (WHERE x.kind = 'spreekuur') AS spreekuur_visits,
                   count(*) FILTER (WHERE x.kind = 'inloop') AS inloop_visits
            FROM visit x
            JOIN visitor v ON v.id = x.visitor_id AND v.plein_id = ANY (@pleinIds)
            WHERE x.plein_id = ANY (@pleinIds) AND x.visited_on >= @trendStart AND x.visited_on < @end AND x.withdrawn_at IS NULL
            GROUP BY 1, 2, 3, 4),
        visit_counts AS (
            SELECT q.starts_on, coalesce(q.plein_id, 0) AS plein_id,
                   count(*) AS unique_visitors,
                   count(*) FILTER (WHERE q.first_visit_on >= q.starts_on
                                      AND q.first_visit_on < (q.starts_on + interval '3 months')::date) AS new_visitors,
                   sum(q.spreekuur_visits + q.inloop_visits)::bigint AS visits,
                   sum(q.spreekuur_visits)::bigint AS spreekuur_visits,
                   sum(q.inloop_visits)::bigint AS inloop_visits,
                   count(*) FILTER (WHERE q.spreekuur_visits + q.inloop_visits >= n.frequent_visitor_threshold) AS frequent_visitors
            FROM per_visitor q
            JOIN plein n ON n.id = q.plein_id
            GROUP BY GROUPING SETS ((q.starts_on, q.plein_id), (q.starts_on))),
        referrals AS (
            SELECT date_trunc('quarter', r.referred_on::timestamp)::date AS starts_on, r.plein_id
            FROM referral r
            WHERE r.plein_id = ANY (@pleinIds) AND r.referred_on >= @trendStart AND r.referred_on < @end
              AND r.status <> 'geannuleerd' AND r.withdrawn_at IS NULL),
        referral_counts AS (
            SELECT starts_on, coalesce(plein_id, 0) AS plein_id, count(*) AS referrals
            FROM referrals
            GROUP BY GROUPING SETS ((starts_on, plein_id), (starts_on)))
        SELECT starts_on, plein_id,
               coalesce(v.unique_visitors, 0) AS unique_visitors, coalesce(v.new_visitors, 0) AS new_visitors,
               coalesce(v.visits, 0) AS visits, coalesce(v.spreekuur_visits, 0) AS spreekuur_visits,
               coalesce(v.inloop_visits, 0) AS inloop_visits, coalesce(r.referrals, 0) AS referrals,
               coalesce(v.frequent_visitors, 0) AS frequent_visitors
        FROM visit_counts v FULL JOIN referral_counts r USING (starts_on, plein_id);
        """;

    // A class: Dapper fills a DateOnly property from a date column, but matches no constructor parameter to it.
    sealed class QuarterCountsRow
    {
        public DateOnly StartsOn { get; init; }
        public int PleinId { get; init; }
        public long UniqueVisitors { get; init; }
        public long NewVisitors { get; init; }
        public long Visits { get; init; }
        public long SpreekuurVisits { get; init; }
        public long InloopVisits { get; init; }
        public long Referrals { get; init; }
        public long FrequentVisitors { get; init; }
    }

    /// <summary>
    /// The active professionals and organisations and the new members of this quarter and the previous one, for the
    /// whole scope (plein id 0) and per plein. They may take part at several pleinen, so they are made unique per plein
    /// first and then counted DISTINCT over that small set: one active at two pleinen of a region counts once in it.
    /// </summary>
    const string PartiesSql = """
        WITH referrals AS (
            SELECT r.referred_on >= @start AS cur, r.plein_id, r.from_professional_id, r.to_professional_id,
                   r.from_organisation_id, r.to_organisation_id
            FROM referral r
            WHERE r.plein_id = ANY (@pleinIds) AND r.referred_on >= @prevStart AND r.referred_on < @end
              AND r.status <> 'geannuleerd' AND r.withdrawn_at IS NULL),
        visits AS (
            SELECT x.visited_on >= @start AS cur, x.plein_id, x.helped_by, x.spreekuur_id
            FROM visit x
            WHERE x.plein_id = ANY (@pleinIds) AND x.visited_on >= @prevStart AND x.visited_on < @end AND x.withdrawn_at IS NULL),
        -- One pass each: every grouping set keeps one kind of party (the other columns NULL in its rows).
        referral_parties AS (
            SELECT cur, plein_id, from_professional_id, to_professional_id, from_organisation_id, to_organisation_id
            FROM referrals
            GROUP BY GROUPING SETS ((cur, plein_id, from_professional_id), (cur, plein_id, to_professional_id),
                                    (cur, plein_id, from_organisation_id), (cur, plein_id, to_organisation_id))),
        visit_parties AS (
            SELECT cur, plein_id, helped_by, spreekuur_id
            FROM visits
            GROUP BY GROUPING SETS ((cur, plein_id, helped_by), (cur, plein_id, spreekuur_id))),
        parties (figure, cur, plein_id, id) AS (
            SELECT 'professional', cur, plein_id, coalesce(from_professional_id, to_professional_id) FROM referral_parties
            UNION ALL
            SELECT 'professional', cur, plein_id, helped_by FROM visit_parties
            UNION ALL
            SELECT 'organisatie', cur, plein_id, coalesce(from_organisation_id, to_organisation_id) FROM referral_parties
            UNION ALL
            SELECT 'organisatie', x.cur, x.plein_id, coalesce(h.organisation_id, s.organisation_id)
            FROM visit_parties x
            LEFT JOIN professional h ON h.id = x.helped_by
            LEFT JOIN spreekuur s ON s.id = x.spreekuur_id
            UNION ALL
            SELECT 'nieuw_lid', p.created_at >= @startsAt, pp.plein_id, p.id
            FROM professional_plein pp JOIN professional p ON p.id = pp.professional_id
            WHERE pp.plein_id = ANY (@pleinIds) AND p.created_at >= @prevStartsAt AND p.created_at < @endsAt)
        -- DISTINCT also skips the NULLs of a referral without a sending professional or a visit nobody helped at.
        SELECT cur, coalesce(plein_id, 0) AS plein_id,
               count(DISTINCT id) FILTER (WHERE figure = 'professional') AS active_professionals,
               count(DISTINCT id) FILTER (WHERE figure = 'organisatie') AS active_organisations,
               count(DISTINCT id) FILTER (WHERE figure = 'nieuw_lid') AS new_members
        FROM parties
        GROUP BY GROUPING SETS ((cur, plein_id), (cur));
        """;

    sealed record PartiesRow(bool Cur, int PleinId, long ActiveProfessionals, long ActiveOrganisations, long NewMembers);

    /// <summary>
    /// Referrals per leefgebied in display order; a retired leefgebied only when it has referrals. Counted by a column
    /// of the referral_figures index (never NULL in a joined row), so the quarter is read from the index alone.
    /// </summary>
    const string LeefgebiedSql = $"""
        SELECT l.name, count(r.leefgebied_id) AS count
        FROM leefgebied l
        LEFT JOIN referral r ON r.leefgebied_id = l.id AND {ReferralsOfQuarter}
        GROUP BY l.id
        HAVING l.active OR count(r.leefgebied_id) > 0
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
    /// The quarter's referrals by their status at the quarter's end (their last event before it) and their first
    /// contact before it. A running quarter's end is still to come, so every event so far is before it: the status is
    /// the referral's own and the first contact the one kept on it (db/0033), read from the referral_figures index with
    /// the rest. A closed quarter's are two probes of referral_status_event_as_of per referral (db/0014), each one index
    /// entry read from the index alone (the CASE runs them only then); its figures are counted once and kept (db/0032).
    /// Materialized, so each probe runs once and not again for every count that uses it.
    /// </summary>
    const string OutcomesSql = $"""
        WITH cohort AS MATERIALIZED (
            SELECT r.referred_on,
                   CASE WHEN @endsAt > now() THEN r.status
                        ELSE coalesce((SELECT e.status FROM referral_status_event e
                                       WHERE e.referral_id = r.id AND e.changed_at < @endsAt
                                       ORDER BY e.changed_at DESC, e.id DESC LIMIT 1), 'verzonden') END AS status,
                   CASE WHEN @endsAt > now() THEN r.first_contact_at
                        ELSE (SELECT min(e.changed_at) FROM referral_status_event e
                              WHERE e.referral_id = r.id AND e.changed_at < @endsAt AND e.status IN ('contact_gelegd', 'afgerond')) END AS contact_at
            FROM referral r
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
            FROM (SELECT DISTINCT x.visitor_id FROM visit x WHERE {VisitsOfQuarter}) q
            JOIN visitor v ON v.id = q.visitor_id AND v.plein_id = ANY (@pleinIds)
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
    /// "Helpt het?": per leefgebied, each visitor's first and last meting in the period (the quarter and the three before
    /// it, MetingChange.PeriodQuarters), when they lie at least MetingChange.MinimumDays apart: up, same or down, and the
    /// mean of last minus first. A withdrawn visit's metingen count nowhere; a visitor belongs to one plein, so a region
    /// sums its pleinen. Erased metingen (the visitor withdrew and asked) are gone from a recount, never from what was
    /// published.
    /// </summary>
    const string MetingChangeSql = """
        WITH measured AS (
            SELECT m.visitor_id, m.leefgebied_id,
                   (array_agg(m.step ORDER BY m.measured_on, m.id))[1] AS first_step,
                   (array_agg(m.step ORDER BY m.measured_on DESC, m.id DESC))[1] AS last_step,
                   max(m.measured_on) - min(m.measured_on) AS days
            FROM meting m
            WHERE m.plein_id = ANY (@pleinIds) AND m.measured_on >= @metingStart AND m.measured_on < @end
              -- A meting always has its visit (meting_of_visit): asking for the few withdrawn ones (visit_withdrawn) is
              -- the same as joining every visit for withdrawn_at IS NULL, without reading a visit per meting (db/0091).
              AND NOT EXISTS (SELECT 1 FROM visit x WHERE x.id = m.visit_id AND x.withdrawn_at IS NOT NULL)
            GROUP BY m.visitor_id, m.leefgebied_id)
        SELECT l.name AS leefgebied,
               count(*) FILTER (WHERE p.last_step > p.first_step) AS up,
               count(*) FILTER (WHERE p.last_step = p.first_step) AS same,
               count(*) FILTER (WHERE p.last_step < p.first_step) AS down,
               round(avg(p.last_step - p.first_step), 2) AS mean_change
        FROM measured p
        JOIN leefgebied l ON l.id = p.leefgebied_id
        WHERE p.days >= @metingMinimumDays
        GROUP BY l.id, l.name, l.sort_order
        ORDER BY l.sort_order, l.name;
        """;
}
