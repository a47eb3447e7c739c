-- The landing page's counts (no words, no filter: the whole active directory) kept in the database, so that the first
-- landing page after a directory change reads them instead of listing 20,000 professionals and counting their facet keys
-- (most of that page's cost at region scale, see docs/benchmarks.md "Gids search").
--
-- gids_landing_count holds, per facet key (db/0043's gids_facet_key), how many active professionals of an active
-- organisation have it; key 0 is the professional itself, so its count is the landing page's total. It is exactly
--     SELECT k, count(*) FROM professional p JOIN organisation o ON o.id = p.organisation_id,
--            unnest(p.facet_keys || 0) k WHERE p.active AND o.active AND k IS NOT NULL GROUP BY k
-- and is kept so by changes, not by recounting:
-- - a statement on professional adds what its new rows bring and takes away what its old rows brought, for the rows of
--   an active organisation;
-- - a statement on organisation that turns organisations on or off adds or takes away all their active professionals.
-- Each statement's change goes to gids_landing_change (rows only ever inserted, so writers never wait for each other
-- there), and at the commit, in the same deferred trigger that raises the directory version (db/0043), the transaction
-- folds its own changes into gids_landing_count. Writers of the counts thus come one at a time, each holding the
-- directory version's row first: no two can wait for each other's counts.
--
-- A professional's change is counted with its organisation's "active" as it is after every transaction that changed it
-- before: the statement first locks the organisations of the rows whose contribution changed (FOR SHARE, which waits
-- for a transaction that is turning one on or off), and only then reads them, so a deactivation and a profile edit at
-- the same moment are counted in the order they commit in.

CREATE TABLE gids_landing_count (
    key   integer PRIMARY KEY,
    count integer NOT NULL CHECK (count >= 0)
);

CREATE TABLE gids_landing_change (
    key   integer NOT NULL,
    count integer NOT NULL
);

-- The counts from scratch: here, and after a load that skipped the triggers (session_replication_role = replica, as the
-- benchmark region's load runs). Locks the version's row as the fold at a commit does, so no fold runs meanwhile.
CREATE FUNCTION gids_landing_recount() RETURNS void LANGUAGE sql AS $$
    SELECT 1 FROM directory_version FOR UPDATE;
    DELETE FROM gids_landing_count;
    INSERT INTO gids_landing_count (key, count)
    SELECT k, count(*)
    FROM professional p JOIN organisation o ON o.id = p.organisation_id, unnest(p.facet_keys || 0) k
    WHERE p.active AND o.active AND k IS NOT NULL
    GROUP BY k;
$$;

SELECT gids_landing_recount();

CREATE FUNCTION gids_landing_on_professional() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    organisations integer[];
    keys integer[];
    counts integer[];
BEGIN
    -- What the statement changes, per organisation and key, before the organisations' "active" is read.
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(n.organisation_id), array_agg(k), array_agg(c) INTO organisations, keys, counts FROM (
            SELECT n.organisation_id, k, count(*)::int AS c FROM new_rows n, unnest(n.facet_keys || 0) k
            WHERE n.active AND k IS NOT NULL GROUP BY 1, 2) n;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(x.organisation_id), array_agg(k), array_agg(c) INTO organisations, keys, counts FROM (
            SELECT x.organisation_id, k, -count(*)::int AS c FROM old_rows x, unnest(x.facet_keys || 0) k
            WHERE x.active AND k IS NOT NULL GROUP BY 1, 2) x;
    ELSE
        SELECT array_agg(d.organisation_id), array_agg(d.k), array_agg(d.c) INTO organisations, keys, counts FROM (
            SELECT s.organisation_id, s.k, sum(s.c)::int AS c FROM (
                SELECT n.organisation_id, k, 1 AS c FROM new_rows n, unnest(n.facet_keys || 0) k WHERE n.active
                UNION ALL
                SELECT x.organisation_id, k, -1 FROM old_rows x, unnest(x.facet_keys || 0) k WHERE x.active) s
            WHERE s.k IS NOT NULL GROUP BY 1, 2 HAVING sum(s.c) <> 0) d;
    END IF;
    IF organisations IS NULL THEN RETURN NULL; END IF;
    -- Waits for a transaction turning one of these organisations on or off; the next statement then reads its outcome.
    PERFORM 1 FROM organisation o WHERE o.id = ANY (organisations) ORDER BY o.id FOR SHARE;
    INSERT INTO gids_landing_change (key, count)
    SELECT d.k, sum(d.c) FROM unnest(organisations, keys, counts) d(organisation_id, k, c)
    JOIN organisation o ON o.id = d.organisation_id
    WHERE o.active GROUP BY d.k HAVING sum(d.c) <> 0;
    RETURN NULL;
END $$;

CREATE TRIGGER gids_landing_professional_insert AFTER INSERT ON professional
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gids_landing_on_professional();
CREATE TRIGGER gids_landing_professional_update AFTER UPDATE ON professional
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gids_landing_on_professional();
CREATE TRIGGER gids_landing_professional_delete AFTER DELETE ON professional
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gids_landing_on_professional();

-- Organisations turned on or off bring or take away their active professionals, with the facet keys these have now:
-- the trigger's name sorts before professional_search_organisation (db/0009), so it runs before that trigger refreshes
-- the professionals' keys of a domein changed in the same statement, whose own statement then counts that change.
-- (An organisation is inserted without professionals and deleted only without them.)
CREATE FUNCTION gids_landing_on_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO gids_landing_change (key, count)
    SELECT k, sum(CASE WHEN n.active THEN 1 ELSE -1 END)
    FROM new_rows n JOIN old_rows x ON x.id = n.id AND x.active IS DISTINCT FROM n.active
    JOIN professional p ON p.organisation_id = n.id AND p.active, unnest(p.facet_keys || 0) k
    WHERE k IS NOT NULL GROUP BY k HAVING sum(CASE WHEN n.active THEN 1 ELSE -1 END) <> 0;
    RETURN NULL;
END $$;

CREATE TRIGGER gids_landing_organisation AFTER UPDATE ON organisation
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gids_landing_on_organisation();

-- At the commit: raise the version once (as db/0043) and fold the transaction's own count changes in. Another
-- transaction's changes are not visible here until it has folded them itself.
CREATE OR REPLACE FUNCTION directory_version_raise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('sociaalplein.directory_version_raised', true) IS DISTINCT FROM 'ja' THEN
        UPDATE directory_version SET version = version + 1;
        PERFORM set_config('sociaalplein.directory_version_raised', 'ja', true);
        -- (An UPDATE, then an INSERT of keys not there yet: an INSERT .. ON CONFLICT would test its negative changes against
        -- the CHECK as new rows. Nobody else writes the counts meanwhile: they wait for the version's row.)
        WITH folded AS (DELETE FROM gids_landing_change RETURNING key, count),
        change AS (SELECT f.key, sum(f.count)::int AS count FROM folded f GROUP BY f.key HAVING sum(f.count) <> 0),
        updated AS (UPDATE gids_landing_count c SET count = c.count + ch.count FROM change ch WHERE c.key = ch.key RETURNING c.key)
        INSERT INTO gids_landing_count (key, count)
        SELECT ch.key, ch.count FROM change ch WHERE ch.key NOT IN (SELECT u.key FROM updated u);
    END IF;
    RETURN NULL;
END $$;
