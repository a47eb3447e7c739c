namespace SociaalPlein.Tests.Benchmarks;

/// <summary>
/// The statements of <see cref="RegionDataset"/>. Every value is <c>pg_temp.h(row, salt)</c>, a hash of the row number,
/// so a statement can recompute what another chose (a visit's visitor and date, a referral's status path) without
/// storing it. Parameters: the scale (<c>@np</c> pleinen … <c>@nf</c> referrals), the id bases (<c>@pb</c> …) and the period.
/// </summary>
static class RegionSql
{
    /// <summary>The default leefgebieden (db/0008) with their share of visits and referrals, in percent.</summary>
    static readonly (string Code, int Percent)[] Weights =
    [
        ("financien", 20), ("werk_opleiding", 8), ("dagbesteding", 5), ("huisvesting", 12), ("huiselijke_relaties", 9),
        ("geestelijke_gezondheid", 12), ("lichamelijke_gezondheid", 10), ("middelengebruik", 4), ("dagelijkse_zelfzorg", 4),
        ("sociaal_netwerk", 8), ("maatschappelijke_participatie", 3), ("taal_digitaal", 3), ("justitie_veiligheid", 2),
    ];

    /// <summary>100 entries: for each percent, the (1-based) leefgebied it falls in.</summary>
    static string LeefgebiedByPercent => "{" + string.Join(",", Weights.SelectMany((w, i) => Enumerable.Repeat(i + 1, w.Percent))) + "}";

    /// <summary>The default leefgebieden in the order of <c>pg_temp.lg</c>'s numbers.</summary>
    public static string[] LeefgebiedCodes => Weights.Select(w => w.Code).ToArray();

    public static readonly string Functions = $$"""
        CREATE OR REPLACE FUNCTION pg_temp.h(n bigint, salt int) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE
            AS $$ SELECT hashint8(n * 7919 + salt * 1000003)::bigint & 2147483647 $$;
        -- Which leefgebied (1–13, LeefgebiedCodes) a hash picks: financiën most, justitie least, as at a real plein. The
        -- argument appears once, so PostgreSQL inlines the function (a CASE on r would call it per row, 50 times slower).
        CREATE OR REPLACE FUNCTION pg_temp.lg(r bigint) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE
            AS $$ SELECT ('{{LeefgebiedByPercent}}'::int[])[r % 100 + 1] $$;
        DROP TABLE IF EXISTS pg_temp.g_prof, pg_temp.g_prof_n, pg_temp.g_spreekuur;
        """;

    /// <summary>Visitor <paramref name="i"/> (1-based): its plein number and first visit. Visitor i is at plein (i − 1) mod P + 1.</summary>
    static string VisitorOf(string i) => $"""
        SELECT v.i, ((v.i - 1) % @np + 1)::int AS pn, @start + (pg_temp.h(v.i, 1) % @days)::int AS first FROM (SELECT ({i})::bigint AS i) v
        """;

    /// <summary>Visit <paramref name="k"/>'s visitor: the first visits are the visitors' own first visits, the rest at random.</summary>
    static string VisitorOfVisit(string k) => VisitorOf($"CASE WHEN {k} <= @nv THEN {k} ELSE 1 + pg_temp.h({k}, 3) % @nv END");

    /// <summary>Visit <paramref name="k"/>'s date: its visitor's first visit, or a day between that and the end.</summary>
    static string VisitDate(string k, string first) =>
        $"CASE WHEN {k} <= @nv THEN {first} ELSE {first} + (pg_temp.h({k}, 4) % (@ends - {first} + 1))::int END";

    static string Uuid(string table, string n) => $"(@run || '-{table}-4000-8000-' || lpad(to_hex({n}), 12, '0'))::uuid";

    const string PleinOfProfessional = "(((i - 1) % @no) % @np + 1)";

    /// <summary>The table a statement fills first, to name it in timings.</summary>
    public static string Target(string statement) =>
        System.Text.RegularExpressions.Regex.Match(statement, @"INSERT INTO (\w+)").Groups[1].Value is { Length: > 0 } table ? table : "sequences";

    public static IEnumerable<string> Statements(bool hot)
    {
        yield return """
            INSERT INTO plein (id, name, municipality, opened_on) OVERRIDING SYSTEM VALUE
            SELECT @pb + i, 'Sociaal Plein Regio ' || CASE WHEN i < 10 THEN '0' ELSE '' END || i, 'Gemeente ' || i, @start - 30
            FROM generate_series(1, @np) i;
            INSERT INTO wijk (id, plein_id, name) OVERRIDING SYSTEM VALUE
            SELECT @wb + (i - 1) * @nw + w, @pb + i, 'Wijk ' || w FROM generate_series(1, @np) i, generate_series(1, @nw) w;
            INSERT INTO organisation (id, name, domein, kind) OVERRIDING SYSTEM VALUE
            SELECT @ob + o, 'Organisatie ' || o || ' ' || k.kind, k.domein, k.kind
            FROM generate_series(1, @no) o
            CROSS JOIN LATERAL (SELECT
                CASE WHEN o % 20 < 6 THEN 'medisch' WHEN o % 20 < 13 THEN 'sociaal' WHEN o % 20 < 18 THEN 'welzijn' ELSE 'overig' END AS domein,
                (ARRAY['huisartsenpraktijk', 'huisartsenpraktijk', 'fysiotherapie', 'wijkverpleging', 'apotheek', 'ggz',
                       'wijkteam', 'schuldhulpverlening', 'maatschappelijk werk', 'wijkteam', 'jeugdhulp', 'woningcorporatie', 'werk en inkomen',
                       'welzijnswerk', 'welzijn op recept', 'buurthuis', 'vrijwilligerscentrale', 'mantelzorgsteunpunt',
                       'bibliotheek', 'sportvereniging'])[o % 20 + 1] AS kind) k;
            INSERT INTO organisation_plein (organisation_id, plein_id)
            SELECT @ob + o, @pb + (o - 1) % @np + 1 FROM generate_series(1, @no) o
            UNION ALL
            SELECT @ob + o, @pb + o % @np + 1 FROM generate_series(1, @no) o WHERE o % 5 = 0 AND @np > 1;
            """;
        yield return $"""
            INSERT INTO professional (id, organisation_id, name, function) OVERRIDING SYSTEM VALUE
            SELECT @rb + i, @ob + (i - 1) % @no + 1,
                   (ARRAY['Anna', 'Mohamed', 'Fatima', 'Jan', 'Sanne', 'Youssef', 'Kees', 'Ayşe', 'Piet', 'Noor'])[i % 10 + 1] || ' ' ||
                   (ARRAY['de Vries', 'Jansen', 'El Amrani', 'Bakker', 'Yılmaz', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'Bos', 'Kaya'])[(i / 10) % 12 + 1],
                   (ARRAY['Huisarts', 'Praktijkondersteuner', 'Wijkverpleegkundige', 'Maatschappelijk werker', 'Schuldhulpverlener',
                          'Welzijnscoach', 'Jongerenwerker', 'Consulent werk en inkomen'])[i % 8 + 1]
            FROM generate_series(1, @nr) i;
            INSERT INTO professional_plein (professional_id, plein_id) SELECT @rb + i, @pb + {PleinOfProfessional} FROM generate_series(1, @nr) i;
            INSERT INTO professional_leefgebied (professional_id, leefgebied_id) SELECT @rb + i, @lg[pg_temp.lg(pg_temp.h(i, 30))] FROM generate_series(1, @nr) i;
            INSERT INTO professional_language (professional_id, language_code) SELECT @rb + i, 'nl' FROM generate_series(1, @nr) i;
            INSERT INTO app_user (id, email, display_name, password_hash, role, professional_id) OVERRIDING SYSTEM VALUE
            SELECT @ub + i, 'professional' || i || '@regio.test', 'Professional ' || i, @hash, 'professional', @rb + i FROM generate_series(1, @nr) i
            UNION ALL
            SELECT @ub + @nr + n, 'projectleider' || n || '@regio.test', 'Projectleider ' || n, @hash, 'projectleider', NULL FROM generate_series(1, @np) n;
            INSERT INTO app_user_plein (user_id, plein_id)
            SELECT @ub + i, @pb + {PleinOfProfessional} FROM generate_series(1, @nr) i
            UNION ALL
            SELECT @ub + @nr + n, @pb + n FROM generate_series(1, @np) n;

            -- The professionals of each plein, numbered 0…n-1, so a row can pick the k-th professional of plein p.
            -- (Tables first, then INSERT: PostgreSQL takes no parameters in CREATE TABLE AS.)
            CREATE TEMP TABLE g_prof (pn int, k int, id int, org int, account int);
            CREATE TEMP TABLE g_prof_n (pn int, n int);
            CREATE TEMP TABLE g_spreekuur (pn int, s int, id int, professional_id int, org int, account int, kind text);
            INSERT INTO g_prof
            SELECT {PleinOfProfessional}::int AS pn, (row_number() OVER (PARTITION BY {PleinOfProfessional} ORDER BY i) - 1)::int AS k,
                   @rb + i AS id, @ob + (i - 1) % @no + 1 AS org, @ub + i AS account
            FROM generate_series(1, @nr) i;
            INSERT INTO g_prof_n SELECT pn, count(*)::int FROM g_prof GROUP BY pn;
            INSERT INTO g_spreekuur
            SELECT n.pn, s, @sb + (n.pn - 1) * @ns + s AS id, g.id AS professional_id, g.org, g.account,
                   CASE WHEN s % 3 = 0 THEN 'inloop' ELSE 'spreekuur' END AS kind
            FROM g_prof_n n CROSS JOIN generate_series(1, @ns) s JOIN g_prof g ON g.pn = n.pn AND g.k = (s - 1) % n.n;
            CREATE INDEX ON g_prof (pn, k);
            CREATE INDEX ON g_spreekuur (pn, s);
            ANALYZE g_prof;
            ANALYZE g_prof_n;
            ANALYZE g_spreekuur;
            INSERT INTO spreekuur (id, plein_id, organisation_id, professional_id, kind, title, weekday, starts_at, ends_at, valid_from)
                OVERRIDING SYSTEM VALUE
            SELECT id, @pb + pn, org, professional_id, kind, CASE kind WHEN 'inloop' THEN 'Inloop' ELSE 'Spreekuur' END, 1 + s % 5,
                   CASE WHEN s % 2 = 0 THEN time '09:00' ELSE time '13:00' END, CASE WHEN s % 2 = 0 THEN time '11:00' ELSE time '15:00' END, @start - 30
            FROM g_spreekuur;
            """;
        yield return $"""
            INSERT INTO visitor (id, plein_id, code, birth_year, gender, postcode, wijk_id, first_visit_on, request_id, created_by, created_at)
                OVERRIDING SYSTEM VALUE
            SELECT @vb + x.i, @pb + x.pn,
                   'B-' || date_part('year', x.first) || '-' || lpad((row_number() OVER (PARTITION BY date_part('year', x.first) ORDER BY x.i))::text, 6, '0'),
                   CASE WHEN pg_temp.h(x.i, 2) % 100 >= 3 THEN 1935 + pg_temp.h(x.i, 3) % 72 END,
                   CASE WHEN d.g < 48 THEN 'vrouw' WHEN d.g < 94 THEN 'man' WHEN d.g < 96 THEN 'anders' ELSE 'onbekend' END,
                   CASE WHEN d.w BETWEEN 7 AND 8 THEN (1000 + pg_temp.h(x.i, 5) % 8999)::text END,
                   CASE WHEN d.w < 7 THEN @wb + (x.pn - 1) * @nw + 1 + pg_temp.h(x.i, 6) % @nw END,
                   x.first, {Uuid("0001", "x.i")}, p.account, (x.first + time '10:00') AT TIME ZONE 'Europe/Amsterdam'
            FROM generate_series(1, @nv) i
            CROSS JOIN LATERAL ({VisitorOf("i")}) x
            CROSS JOIN LATERAL (SELECT pg_temp.h(x.i, 4) % 100 AS g, pg_temp.h(x.i, 7) % 10 AS w) d
            JOIN g_prof_n n ON n.pn = x.pn
            JOIN g_prof p ON p.pn = x.pn AND p.k = pg_temp.h(x.i, 8) % n.n;
            INSERT INTO visitor_contact (visitor_id, name, phone, consented_at, last_contact_on)
            SELECT @vb + x.i, 'Bewoner ' || x.i, '06-' || lpad((pg_temp.h(x.i, 50) % 100000000)::text, 8, '0'),
                   (x.first + time '10:00') AT TIME ZONE 'Europe/Amsterdam', x.first
            FROM generate_series(20, @nv, 20) i CROSS JOIN LATERAL ({VisitorOf("i")}) x;
            """;
        yield return $"""
            INSERT INTO visit (id, plein_id, visitor_id, visited_on, kind, spreekuur_id, helped_by, registered_by, request_id, created_at)
                OVERRIDING SYSTEM VALUE
            SELECT @xb + k, @pb + v.pn, @vb + v.i, d.visited_on, s.kind, s.id, s.professional_id, s.account, {Uuid("0002", "k")},
                   (d.visited_on + time '11:00') AT TIME ZONE 'Europe/Amsterdam'
            FROM generate_series(1, @nx) k
            CROSS JOIN LATERAL ({VisitorOfVisit("k")}) v
            CROSS JOIN LATERAL (SELECT {VisitDate("k", "v.first")} AS visited_on) d
            JOIN g_spreekuur s ON s.pn = v.pn AND s.s = 1 + pg_temp.h(k, 5) % @ns;
            """;
        yield return """
            INSERT INTO visit_leefgebied (visit_id, leefgebied_id)
            SELECT @xb + k, @lg[l.first] FROM generate_series(1, @nx) k CROSS JOIN LATERAL (SELECT pg_temp.lg(pg_temp.h(k, 6)) AS first) l
            UNION ALL
            SELECT @xb + k, @lg[((l.first + pg_temp.h(k, 7) % 12) % 13 + 1)::int]
            FROM generate_series(1, @nx) k CROSS JOIN LATERAL (SELECT pg_temp.lg(pg_temp.h(k, 6)) AS first) l
            WHERE pg_temp.h(k, 8) % 100 < 40;
            """;
        yield return Referrals(RegularReferrals);
        if (hot) yield return Referrals(HotReferrals);
        yield return """
            SELECT setval(pg_get_serial_sequence('plein', 'id'), (SELECT max(id) FROM plein));
            SELECT setval(pg_get_serial_sequence('wijk', 'id'), (SELECT max(id) FROM wijk));
            SELECT setval(pg_get_serial_sequence('organisation', 'id'), (SELECT max(id) FROM organisation));
            SELECT setval(pg_get_serial_sequence('professional', 'id'), (SELECT max(id) FROM professional));
            SELECT setval(pg_get_serial_sequence('app_user', 'id'), (SELECT max(id) FROM app_user));
            SELECT setval(pg_get_serial_sequence('spreekuur', 'id'), (SELECT max(id) FROM spreekuur));
            SELECT setval(pg_get_serial_sequence('visitor', 'id'), (SELECT max(id) FROM visitor));
            SELECT setval(pg_get_serial_sequence('visit', 'id'), (SELECT max(id) FROM visit));
            SELECT setval(pg_get_serial_sequence('referral', 'id'), (SELECT max(id) FROM referral));
            """;
    }

    /// <summary>
    /// The spread referrals: 65% from a visit (its visitor, plein and date), 25% for a visitor without a visit (a day
    /// after their first visit), 10% without a visitor. Columns: id, request_id, pn (plein number), on_, visitor_i, visit_k.
    /// </summary>
    static readonly string RegularReferrals = $"""
        SELECT @fb + j AS id, {Uuid("0003", "j")} AS request_id, r.pn, r.on_, r.visitor_i, r.visit_k
        FROM generate_series(1, @nf) j
        CROSS JOIN LATERAL (SELECT pg_temp.h(j, 10) % 100 AS m, 1 + pg_temp.h(j, 11) % @nx AS k) c
        CROSS JOIN LATERAL ({VisitorOfVisit("c.k")}) vv
        CROSS JOIN LATERAL ({VisitorOf("1 + pg_temp.h(j, 12) % @nv")}) ww
        CROSS JOIN LATERAL (SELECT
            CASE WHEN c.m < 65 THEN vv.pn WHEN c.m < 90 THEN ww.pn ELSE (1 + pg_temp.h(j, 14) % @np)::int END AS pn,
            CASE WHEN c.m < 65 THEN {VisitDate("c.k", "vv.first")}
                 WHEN c.m < 90 THEN ww.first + (pg_temp.h(j, 13) % (@ends - ww.first + 1))::int
                 ELSE @start + (pg_temp.h(j, 15) % @days)::int END AS on_,
            CASE WHEN c.m < 65 THEN vv.i WHEN c.m < 90 THEN ww.i END AS visitor_i,
            CASE WHEN c.m < 65 THEN c.k END AS visit_k) r
        """;

    /// <summary>The hot plein-quarter: each for one of that plein's visitors who had come by then (else without a visitor).</summary>
    static readonly string HotReferrals = $"""
        SELECT @fb + @nf + j AS id, {Uuid("0004", "j")} AS request_id, @hotPlein AS pn, d.on_,
               CASE WHEN v1.first <= d.on_ THEN v1.i WHEN v2.first <= d.on_ THEN v2.i END AS visitor_i, NULL::bigint AS visit_k
        FROM generate_series(1, @hotN) j
        CROSS JOIN LATERAL (SELECT @hotStart + (pg_temp.h(j, 40) % @hotDays)::int AS on_, (@nv - @hotPlein) / @np + 1 AS visitors) d
        CROSS JOIN LATERAL ({VisitorOf("@hotPlein + @np * (pg_temp.h(j, 41) % d.visitors)")}) v1
        CROSS JOIN LATERAL ({VisitorOf("@hotPlein + @np * (pg_temp.h(j, 42) % d.visitors)")}) v2
        """;

    /// <summary>
    /// Everything about a referral of <paramref name="source"/> (each step MATERIALIZED: inlined, every later expression
    /// would recompute the whole chain before it, ten times the work): sender and receiver among the plein's professionals, and
    /// its closed loop. A path is chosen first (62% completed, 8% refused, 10% not reached, 4% cancelled, the rest still
    /// open); each step gets a time after the one before; steps after @now have not happened.
    /// </summary>
    static string Generated(string source) => $"""
        WITH src AS MATERIALIZED ({source}),
        gen AS MATERIALIZED (
            SELECT s.*, f.id AS from_prof, f.org AS from_org, f.account AS from_account, t.id AS to_prof, t.org AS to_org, t.account AS to_account,
                   pg_temp.h(s.id, 16) % 100 AS fk, pg_temp.h(s.id, 20) % 100 AS path, x.t0,
                   x.t0 + make_interval(hours => (2 + pg_temp.h(s.id, 21) % 96)::int) AS accepted,
                   x.t0 + make_interval(days => (1 + pg_temp.h(s.id, 25) % 7)::int) AS refused,
                   x.t0 + make_interval(days => (1 + pg_temp.h(s.id, 26) % 5)::int) AS cancelled
            FROM src s
            JOIN g_prof_n n ON n.pn = s.pn
            JOIN g_prof f ON f.pn = s.pn AND f.k = pg_temp.h(s.id, 17) % n.n
            JOIN g_prof t ON t.pn = s.pn AND t.k = (pg_temp.h(s.id, 17) + 1 + pg_temp.h(s.id, 18) % greatest(n.n - 1, 1)) % n.n
            CROSS JOIN LATERAL (SELECT (s.on_ + time '09:00') AT TIME ZONE 'Europe/Amsterdam'
                                       + make_interval(mins => (pg_temp.h(s.id, 19) % 480)::int) AS t0) x),
        steps AS MATERIALIZED (
            SELECT g.*,
                   CASE WHEN g.path < 62 OR g.path BETWEEN 70 AND 79 OR g.path BETWEEN 84 AND 95 THEN g.accepted END AS a_at,
                   CASE WHEN g.path < 62 OR g.path BETWEEN 84 AND 89 THEN g.accepted + make_interval(days => (1 + pg_temp.h(g.id, 22) % 14)::int) END AS c_at,
                   CASE WHEN g.path BETWEEN 62 AND 69 THEN g.refused END AS x_at,
                   CASE WHEN g.path BETWEEN 70 AND 79 THEN g.accepted + make_interval(days => (7 + pg_temp.h(g.id, 23) % 21)::int) END AS n_at,
                   CASE WHEN g.path BETWEEN 80 AND 83 THEN g.cancelled END AS g_at,
                   CASE WHEN pg_temp.h(g.id, 27) % 100 < 70 THEN 'geholpen' WHEN pg_temp.h(g.id, 27) % 100 < 85 THEN 'doorverwezen'
                        WHEN pg_temp.h(g.id, 27) % 100 < 95 THEN 'niet_verschenen' ELSE 'anders' END AS outcome,
                   CASE WHEN g.path < 70 THEN (ARRAY['Geen capaciteit: wachtlijst van enkele maanden', 'Past niet bij aanbod'])[1 + pg_temp.h(g.id, 28) % 2]
                        ELSE (ARRAY['Niet bereikbaar', 'Drie keer gebeld, geen gehoor'])[1 + pg_temp.h(g.id, 28) % 2] END AS reason,
                   CASE WHEN g.fk < 75 THEN g.from_account ELSE @ub + @nr + g.pn END AS created_by
            FROM gen g),
        loop AS MATERIALIZED (
            SELECT s.*,
                   CASE WHEN s.path < 62 THEN s.c_at + make_interval(days => (3 + pg_temp.h(s.id, 24) % 45)::int) END AS d_at
            FROM steps s),
        referrals AS (
            SELECT l.*,
                   CASE WHEN l.d_at <= @now THEN 'afgerond' WHEN l.x_at <= @now THEN 'afgewezen' WHEN l.n_at <= @now THEN 'niet_bereikt'
                        WHEN l.g_at <= @now THEN 'geannuleerd' WHEN l.c_at <= @now THEN 'contact_gelegd' WHEN l.a_at <= @now THEN 'geaccepteerd'
                        ELSE 'verzonden' END AS status,
                   greatest(l.t0, CASE WHEN l.a_at <= @now THEN l.a_at END, CASE WHEN l.c_at <= @now THEN l.c_at END,
                            CASE WHEN l.d_at <= @now THEN l.d_at END, CASE WHEN l.x_at <= @now THEN l.x_at END,
                            CASE WHEN l.n_at <= @now THEN l.n_at END, CASE WHEN l.g_at <= @now THEN l.g_at END) AS status_at
            FROM loop l)
        """;

    /// <summary>The referrals and their status events in one statement, so the loop is computed once for both.</summary>
    static string Referrals(string source) => $"""
        {Generated(source)},
        inserted AS (
            INSERT INTO referral (id, plein_id, referred_on, visitor_id, visit_id, from_kind, from_professional_id, from_organisation_id,
                                  to_professional_id, to_organisation_id, zorgvraag, zorgvraag_category, leefgebied_id, consent_share_contact,
                                  consent_feedback, spoed, status, outcome, status_reason, status_changed_at, created_by, request_id, created_at)
                OVERRIDING SYSTEM VALUE
            SELECT r.id, @pb + r.pn, r.on_, @vb + r.visitor_i, @xb + r.visit_k,
                   CASE WHEN r.fk < 75 THEN 'professional' WHEN r.fk < 90 THEN 'organisation' ELSE 'eigen_initiatief' END,
                   CASE WHEN r.fk < 75 THEN r.from_prof END, CASE WHEN r.fk < 90 THEN r.from_org END,
                   CASE WHEN pg_temp.h(r.id, 29) % 100 < 60 THEN r.to_prof END, r.to_org,
                   @zorgvragen[1 + pg_temp.h(r.id, 31) % cardinality(@zorgvragen)], @categories[1 + pg_temp.h(r.id, 31) % cardinality(@zorgvragen)],
                   @lg[pg_temp.lg(pg_temp.h(r.id, 32))],
                   pg_temp.h(r.id, 33) % 100 < 35, pg_temp.h(r.id, 34) % 100 < 70, pg_temp.h(r.id, 35) % 100 < 5,
                   r.status, CASE WHEN r.status = 'afgerond' THEN r.outcome END,
                   CASE WHEN r.status IN ('afgewezen', 'niet_bereikt') THEN r.reason END, r.status_at, r.created_by, r.request_id, r.t0
            FROM referrals r)
        INSERT INTO referral_status_event (referral_id, status, outcome, reason, changed_by, changed_at)
        SELECT r.id, e.status, e.outcome, e.reason, e.changed_by, e.at
        FROM referrals r
        CROSS JOIN LATERAL (VALUES
            ('verzonden', NULL, NULL, r.created_by, r.t0),
            ('geaccepteerd', NULL, NULL, r.to_account, r.a_at),
            ('contact_gelegd', NULL, NULL, r.to_account, r.c_at),
            ('afgerond', r.outcome, NULL, r.to_account, r.d_at),
            ('afgewezen', NULL, r.reason, r.to_account, r.x_at),
            ('niet_bereikt', NULL, r.reason, r.to_account, r.n_at),
            ('geannuleerd', NULL, NULL, r.created_by, r.g_at)) e (status, outcome, reason, changed_by, at)
        WHERE e.at <= @now;
        """;
}
