-- The export form's default, a whole quarter of every plein for the beheerder, still read one export_visitor_quarter
-- row per visitor (438,432 for a quarter of the benchmark region, an index-only scan of 74–154 ms) to add three numbers
-- up. So each plein-quarter's totals are kept too, beside those rows and by the same trigger function, in the same
-- statement: its visits, its referrals with a visitor, and its visitors with a visit or a referral.
--
-- Striped, not one row per plein-quarter: every visit and referral at a plein would update that one row and hold its
-- lock until its transaction commits, so the desk's registrations at a plein would commit one after another. Each
-- plein-quarter has up to 64 rows instead, the stripe chosen by the visitor (export_quarter_stripe), summed on read. A
-- desk transaction is about one visitor, so it locks one stripe; it already locks that visitor's own
-- export_visitor_quarter row, so two registrations for the same visitor wait for each other as before, and two for
-- different visitors wait only when their visitors share a stripe: with 64 stripes, 1 in 64 pairs (8 desks at once at
-- one plein: 7 others, about an 11 % chance that a registration waits for one of them, and then only for the rest of that
-- transaction). The read is then at most 64 rows per plein-quarter (3,200 for the whole region) instead of one per
-- visitor. No INCLUDE in the key and room on each page (fillfactor), so the frequent updates of a stripe stay HOT.
-- Measured on a copy of the region (docs/benchmarks.md): 8 clients at once registering a visit at plein 1, each holding
-- its transaction 20 ms more, made 328 transactions a second with 64 stripes and 46 with one row per plein-quarter.
--
-- The totals count what the rows count: a visitor is in a plein-quarter's visitors while its row has a visit or a
-- referral. The referrals without a visitor stay out, as they are out of export_visitor_quarter (the export form adds
-- them from referral_export_without_visitor, db/0096).
CREATE TABLE export_quarter_total (
    plein_id integer NOT NULL,
    quarter date NOT NULL,
    stripe smallint NOT NULL,
    -- No CHECK, as on export_visitor_quarter: a change is added by INSERT … ON CONFLICT, which checks the row it proposes.
    visits integer NOT NULL,
    referrals integer NOT NULL,
    visitors integer NOT NULL,
    PRIMARY KEY (plein_id, quarter, stripe)
) WITH (fillfactor = 50);
COMMENT ON TABLE export_quarter_total IS
    'Per plein, calendar quarter (its first day) and stripe (export_quarter_stripe of the visitor): the visits, the '
    'referrals with a visitor and the visitors with either, not withdrawn. Kept with export_visitor_quarter by '
    'export_visitor_quarter_change; the export form sums a quarter''s stripes.';

-- The one place the stripes are chosen. A hash, not visitor_id % 64: visitor ids need not spread evenly over one
-- plein's stripes (in the benchmark region a plein's visitors are every 50th id, which % 64 puts in 32 stripes only).
-- Which stripe a change lands in matters for the locks only: the totals are the sums over all stripes, so a change to
-- this function (or to PostgreSQL's hash) needs no rebuild to stay right.
CREATE FUNCTION export_quarter_stripe(p_visitor integer) RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (hashint4(p_visitor) & 63)::smallint
$$;

-- Adds the changes (+1 a row that now counts, -1 one that no longer does) to the visitors' rows and to their
-- plein-quarter's totals, and drops a visitor-quarter left with nothing. Each row is changed by the upsert itself
-- (which locks it and adds to what it holds by then, committed by others or not), and whether a visitor starts or
-- stops counting is read from what it returns: after the change, and before it (after minus the change). So two
-- transactions at once that add a visitor's first visit count the visitor once, and two that each take away one of
-- its two visits leave nothing behind: the row is dropped after the upsert, by the transaction holding its lock
-- (before, each compared with what its statement had seen and neither dropped it; and a row one transaction emptied
-- while another added to it could be dropped with the other's addition in it). Sorted by key, the rows first and
-- then the totals, so two statements at once take their locks in one order.
CREATE OR REPLACE FUNCTION export_visitor_quarter_change(p_plein integer[], p_day date[], p_visitor integer[], p_visits integer[], p_referrals integer[])
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    emptied_plein integer[];
    emptied_quarter date[];
    emptied_visitor integer[];
BEGIN
    -- The totals' INSERT is read by nothing, so it runs after the primary SELECT has read every upserted row: the
    -- visitors' rows are locked first, then the totals.
    WITH change AS (
        SELECT c.plein_id, date_trunc('quarter', c.day::timestamp)::date AS quarter, c.visitor_id,
               sum(c.visits)::int AS visits, sum(c.referrals)::int AS referrals
        FROM unnest(p_plein, p_day, p_visitor, p_visits, p_referrals) c (plein_id, day, visitor_id, visits, referrals)
        GROUP BY 1, 2, 3
        HAVING sum(c.visits) <> 0 OR sum(c.referrals) <> 0),
    kept AS (
        INSERT INTO export_visitor_quarter AS k (plein_id, quarter, visitor_id, visits, referrals)
        SELECT c.plein_id, c.quarter, c.visitor_id, c.visits, c.referrals
        FROM change c
        ORDER BY 1, 2, 3
        ON CONFLICT (plein_id, quarter, visitor_id)
            DO UPDATE SET visits = k.visits + excluded.visits, referrals = k.referrals + excluded.referrals
        RETURNING k.plein_id, k.quarter, k.visitor_id, k.visits, k.referrals),
    counted AS (
        SELECT k.plein_id, k.quarter, export_quarter_stripe(k.visitor_id) AS stripe, c.visits, c.referrals,
               (k.visits > 0 OR k.referrals > 0)::int - (k.visits - c.visits > 0 OR k.referrals - c.referrals > 0)::int AS visitors
        FROM kept k
        JOIN change c ON (c.plein_id, c.quarter, c.visitor_id) = (k.plein_id, k.quarter, k.visitor_id)),
    totals AS (
        INSERT INTO export_quarter_total AS t (plein_id, quarter, stripe, visits, referrals, visitors)
        SELECT plein_id, quarter, stripe, sum(visits), sum(referrals), sum(visitors)
        FROM counted
        GROUP BY 1, 2, 3
        HAVING sum(visits) <> 0 OR sum(referrals) <> 0 OR sum(visitors) <> 0
        ORDER BY 1, 2, 3
        ON CONFLICT (plein_id, quarter, stripe)
            DO UPDATE SET visits = t.visits + excluded.visits, referrals = t.referrals + excluded.referrals,
                          visitors = t.visitors + excluded.visitors)
    SELECT array_agg(k.plein_id), array_agg(k.quarter), array_agg(k.visitor_id)
    INTO emptied_plein, emptied_quarter, emptied_visitor
    FROM kept k
    WHERE NOT (k.visits > 0 OR k.referrals > 0);

    -- Rows this statement just emptied, locked by this transaction until it ends: nobody can have added to them since.
    IF emptied_plein IS NOT NULL THEN
        DELETE FROM export_visitor_quarter k
        USING unnest(emptied_plein, emptied_quarter, emptied_visitor) e (plein_id, quarter, visitor_id)
        WHERE (k.plein_id, k.quarter, k.visitor_id) = (e.plein_id, e.quarter, e.visitor_id);
    END IF;
END $$;

CREATE FUNCTION export_quarter_total_rebuild() RETURNS void LANGUAGE sql AS $$
    DELETE FROM export_quarter_total;
    INSERT INTO export_quarter_total (plein_id, quarter, stripe, visits, referrals, visitors)
    SELECT plein_id, quarter, export_quarter_stripe(visitor_id), sum(visits), sum(referrals),
           count(*) FILTER (WHERE visits > 0 OR referrals > 0)
    FROM export_visitor_quarter
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3;
$$;

-- Built from scratch from the rows themselves (after a bulk load in replica mode, which skips the triggers, and after
-- a TRUNCATE, which fires no delete trigger), the totals from the rebuilt rows.
CREATE OR REPLACE FUNCTION export_visitor_quarter_rebuild() RETURNS void LANGUAGE sql AS $$
    DELETE FROM export_visitor_quarter;
    INSERT INTO export_visitor_quarter (plein_id, quarter, visitor_id, visits, referrals)
    SELECT plein_id, date_trunc('quarter', day::timestamp)::date, visitor_id, sum(visits), sum(referrals)
    FROM (SELECT plein_id, visited_on AS day, visitor_id, 1 AS visits, 0 AS referrals FROM visit WHERE withdrawn_at IS NULL
          UNION ALL
          SELECT plein_id, referred_on, visitor_id, 0, 1 FROM referral WHERE withdrawn_at IS NULL AND visitor_id IS NOT NULL) a
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3;
    SELECT export_quarter_total_rebuild();
$$;

-- A TRUNCATE of visit or referral (only the tables' owner may: the app's role has no TRUNCATE) fires no delete
-- trigger and left export_visitor_quarter counting what was gone. Now it rebuilds both from what is left: a rebuild
-- of the region takes seconds, and a TRUNCATE is a maintenance step, never a desk's write.
CREATE FUNCTION export_visitor_quarter_of_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM export_visitor_quarter_rebuild();
    RETURN NULL;
END $$;

CREATE TRIGGER export_visitor_quarter_truncate AFTER TRUNCATE ON visit
    FOR EACH STATEMENT EXECUTE FUNCTION export_visitor_quarter_of_truncate();
CREATE TRIGGER export_visitor_quarter_truncate AFTER TRUNCATE ON referral
    FOR EACH STATEMENT EXECUTE FUNCTION export_visitor_quarter_of_truncate();

-- Filled from the rows already kept, with every write to them held back until this commits (a write under way
-- finishes first; one after this sees the new function). A row two transactions emptied at once under the old
-- function is dropped first, so the rows are the visitors again.
LOCK TABLE export_visitor_quarter IN SHARE ROW EXCLUSIVE MODE;
DELETE FROM export_visitor_quarter WHERE NOT (visits > 0 OR referrals > 0);
SELECT export_quarter_total_rebuild();
