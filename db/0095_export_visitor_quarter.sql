-- The export form counts, for a period, the referrals, the visits and the bezoekers: every visitor with a visit or a
-- referral in it, each once. For a quarter of a busy region the three counts read hundreds of thousands of index
-- entries each and the last is a distinct count over all of them (75, 55 and 480 ms for the 50 pleinen of the
-- benchmark region, 40, 10 and 190 ms for its busiest plein alone), and a distinct count cannot be added up from
-- smaller kept counts. So each visitor's activity per calendar quarter is kept here: one row per plein, quarter and
-- visitor with at least one visit or referral in it that is not withdrawn, with how many of each. A whole quarter
-- without a leefgebied or domein (the form's default) is then counted in one pass over this table's primary key:
-- its rows are the bezoekers, its sums the visits and the referrals.
-- A visitor has one plein and every visit and referral is at it (visit_visitor_same_plein,
-- referral_visitor_same_plein), so a visitor is in one plein's rows only and a count over pleinen adds up.
CREATE TABLE export_visitor_quarter (
    plein_id integer NOT NULL,
    quarter date NOT NULL,
    visitor_id integer NOT NULL,
    -- No CHECK on these: INSERT … ON CONFLICT checks the row it proposes (a change such as -1) before it finds the
    -- row it adds to. export_visitor_quarter_change drops a row whose sum would reach nothing.
    visits integer NOT NULL,
    referrals integer NOT NULL,
    PRIMARY KEY (plein_id, quarter, visitor_id) INCLUDE (visits, referrals)
);
COMMENT ON TABLE export_visitor_quarter IS
    'Per plein, calendar quarter (its first day) and visitor: how many visits and referrals, not withdrawn, the visitor '
    'has in it. Kept by the export_visitor_quarter triggers on visit and referral; counted by the export form.';

-- Adds the changes (+1 a row that now counts, -1 one that no longer does) and drops a visitor-quarter left with none.
-- Sorted by key, so two statements at once take their row locks in one order. The rows to drop
-- and the rows to add to are told apart first, so no row is both deleted and updated by the one statement.
CREATE FUNCTION export_visitor_quarter_change(p_plein integer[], p_day date[], p_visitor integer[], p_visits integer[], p_referrals integer[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    WITH change AS (
        SELECT c.plein_id, date_trunc('quarter', c.day::timestamp)::date AS quarter, c.visitor_id,
               sum(c.visits)::int AS visits, sum(c.referrals)::int AS referrals
        FROM unnest(p_plein, p_day, p_visitor, p_visits, p_referrals) c (plein_id, day, visitor_id, visits, referrals)
        GROUP BY 1, 2, 3
        HAVING sum(c.visits) <> 0 OR sum(c.referrals) <> 0),
    kept AS (
        SELECT c.*, coalesce(k.visits, 0) + c.visits + coalesce(k.referrals, 0) + c.referrals > 0 AS stays
        FROM change c
        LEFT JOIN export_visitor_quarter k ON (k.plein_id, k.quarter, k.visitor_id) = (c.plein_id, c.quarter, c.visitor_id)),
    dropped AS (
        DELETE FROM export_visitor_quarter k USING kept c
        WHERE (k.plein_id, k.quarter, k.visitor_id) = (c.plein_id, c.quarter, c.visitor_id) AND NOT c.stays)
    INSERT INTO export_visitor_quarter AS k (plein_id, quarter, visitor_id, visits, referrals)
    SELECT c.plein_id, c.quarter, c.visitor_id, c.visits, c.referrals
    FROM kept c
    WHERE c.stays
    ORDER BY 1, 2, 3
    ON CONFLICT (plein_id, quarter, visitor_id)
        DO UPDATE SET visits = k.visits + excluded.visits, referrals = k.referrals + excluded.referrals;
END $$;

-- Statement triggers with transition tables: a bulk load (COPY of millions of visits) is one aggregate, and an update
-- that changes nothing counted (a referral's status, its first contact) cancels out to no write at all.
CREATE FUNCTION export_visitor_quarter_of_visit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM export_visitor_quarter_change(array_agg(plein_id), array_agg(visited_on), array_agg(visitor_id), array_agg(1), array_agg(0))
        FROM new_rows WHERE withdrawn_at IS NULL;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM export_visitor_quarter_change(array_agg(plein_id), array_agg(visited_on), array_agg(visitor_id), array_agg(-1), array_agg(0))
        FROM old_rows WHERE withdrawn_at IS NULL;
    ELSE
        PERFORM export_visitor_quarter_change(array_agg(plein_id), array_agg(visited_on), array_agg(visitor_id), array_agg(change), array_agg(0))
        FROM (SELECT plein_id, visited_on, visitor_id, 1 AS change FROM new_rows WHERE withdrawn_at IS NULL
              UNION ALL
              SELECT plein_id, visited_on, visitor_id, -1 FROM old_rows WHERE withdrawn_at IS NULL) c;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION export_visitor_quarter_of_referral() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM export_visitor_quarter_change(array_agg(plein_id), array_agg(referred_on), array_agg(visitor_id), array_agg(0), array_agg(1))
        FROM new_rows WHERE withdrawn_at IS NULL AND visitor_id IS NOT NULL;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM export_visitor_quarter_change(array_agg(plein_id), array_agg(referred_on), array_agg(visitor_id), array_agg(0), array_agg(-1))
        FROM old_rows WHERE withdrawn_at IS NULL AND visitor_id IS NOT NULL;
    ELSE
        PERFORM export_visitor_quarter_change(array_agg(plein_id), array_agg(referred_on), array_agg(visitor_id), array_agg(0), array_agg(change))
        FROM (SELECT plein_id, referred_on, visitor_id, 1 AS change FROM new_rows WHERE withdrawn_at IS NULL AND visitor_id IS NOT NULL
              UNION ALL
              SELECT plein_id, referred_on, visitor_id, -1 FROM old_rows WHERE withdrawn_at IS NULL AND visitor_id IS NOT NULL) c;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER export_visitor_quarter_insert AFTER INSERT ON visit
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION export_visitor_quarter_of_visit();
CREATE TRIGGER export_visitor_quarter_update AFTER UPDATE ON visit
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION export_visitor_quarter_of_visit();
CREATE TRIGGER export_visitor_quarter_delete AFTER DELETE ON visit
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION export_visitor_quarter_of_visit();
CREATE TRIGGER export_visitor_quarter_insert AFTER INSERT ON referral
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION export_visitor_quarter_of_referral();
CREATE TRIGGER export_visitor_quarter_update AFTER UPDATE ON referral
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION export_visitor_quarter_of_referral();
CREATE TRIGGER export_visitor_quarter_delete AFTER DELETE ON referral
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION export_visitor_quarter_of_referral();

-- Built from scratch from the rows themselves: here for the rows already stored, and by a bulk load that ran in
-- session_replication_role = replica (RegionDataset), which skips these triggers as it skips the foreign keys.
CREATE FUNCTION export_visitor_quarter_rebuild() RETURNS void LANGUAGE sql AS $$
    DELETE FROM export_visitor_quarter;
    INSERT INTO export_visitor_quarter (plein_id, quarter, visitor_id, visits, referrals)
    SELECT plein_id, date_trunc('quarter', day::timestamp)::date, visitor_id, sum(visits), sum(referrals)
    FROM (SELECT plein_id, visited_on AS day, visitor_id, 1 AS visits, 0 AS referrals FROM visit WHERE withdrawn_at IS NULL
          UNION ALL
          SELECT plein_id, referred_on, visitor_id, 0, 1 FROM referral WHERE withdrawn_at IS NULL AND visitor_id IS NOT NULL) a
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3;
$$;

SELECT export_visitor_quarter_rebuild();
