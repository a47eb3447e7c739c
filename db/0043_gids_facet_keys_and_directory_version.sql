-- The gids at region scale. Two things its broad searches need:
--
-- 1. Every facet value a professional has, as one integer array (facet_keys), so that the facet counts of a search are
--    one aggregate over the matched rows (unnest, group by an integer) instead of one grouping per facet over text
--    keys. A key is kind * 100,000,000 + the value's number: see gids_facet_key. The refresh below keeps it with the
--    other derived columns of 0009 and 0021, from the same link tables and by the same triggers.
-- 2. A directory version: a number that changes in the same transaction as anything the gids's facets read. The
--    landing page (no words, no filter) shows the same counts to everyone until the directory changes, so the app
--    keeps them and recounts only when the version it reads along with the page is not the one it counted at.

CREATE FUNCTION gids_facet_key(kind text, value integer) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE kind WHEN 'leefgebied' THEN 1 WHEN 'domein' THEN 2 WHEN 'organisatie' THEN 3 WHEN 'taal' THEN 4
                     WHEN 'wijk' THEN 5 WHEN 'plein' THEN 6 WHEN 'capaciteit' THEN 7 END * 100000000 + value;

-- Language codes are two or three letters (language_code_check): a number below 27^3 each.
CREATE FUNCTION gids_language_number(code text) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN (ascii(substr(code, 1, 1)) - 96) * 729 + (ascii(substr(code, 2, 1)) - 96) * 27
           + coalesce(nullif(ascii(substr(code, 3, 1)), 0) - 96, 0);

ALTER TABLE professional ADD COLUMN facet_keys integer[] NOT NULL DEFAULT '{}';

CREATE OR REPLACE FUNCTION professional_search_refresh(ids integer[]) RETURNS void
    LANGUAGE sql AS $$
    UPDATE professional p SET
        search =
            setweight(to_tsvector('dutch_unaccent', p.name), 'A') ||
            setweight(to_tsvector('dutch_unaccent', p.function || ' ' || o.name || ' ' || o.kind || ' ' || coalesce((
                SELECT string_agg(l.name, ' ') FROM professional_leefgebied pl JOIN leefgebied l ON l.id = pl.leefgebied_id
                WHERE pl.professional_id = p.id AND l.active), '')), 'B') ||
            setweight(to_tsvector('dutch_unaccent', coalesce((
                SELECT string_agg(array_to_string(l.synonyms, ' '), ' ') FROM professional_leefgebied pl
                JOIN leefgebied l ON l.id = pl.leefgebied_id WHERE pl.professional_id = p.id AND l.active), '')), 'C') ||
            setweight(to_tsvector('dutch_unaccent', p.about || ' ' || coalesce((
                SELECT string_agg(g.name, ' ') FROM professional_language pg JOIN language g ON g.code = pg.language_code
                WHERE pg.professional_id = p.id), '')), 'D'),
        search_text = lower(immutable_unaccent(p.name || ' ' || p.function || ' ' || o.name)),
        leefgebied_codes = coalesce((
            SELECT array_agg(l.code ORDER BY l.code) FROM professional_leefgebied pl JOIN leefgebied l ON l.id = pl.leefgebied_id
            WHERE pl.professional_id = p.id AND l.active), '{}'),
        language_codes = coalesce((
            SELECT array_agg(pg.language_code ORDER BY pg.language_code) FROM professional_language pg
            WHERE pg.professional_id = p.id), '{}'),
        plein_ids = coalesce((
            SELECT array_agg(pp.plein_id ORDER BY pp.plein_id) FROM professional_plein pp WHERE pp.professional_id = p.id), '{}'),
        wijk_ids = coalesce((
            SELECT array_agg(pw.wijk_id ORDER BY pw.wijk_id) FROM professional_wijk pw WHERE pw.professional_id = p.id), '{}'),
        facet_keys = ARRAY[
                gids_facet_key('domein', array_position(ARRAY['medisch', 'sociaal', 'welzijn', 'overig'], o.domein)),
                gids_facet_key('organisatie', o.id),
                gids_facet_key('capaciteit', array_position(ARRAY['ruimte', 'wachtlijst', 'vol'], p.capacity))]
            || ARRAY(SELECT gids_facet_key('leefgebied', l.id) FROM professional_leefgebied pl
                     JOIN leefgebied l ON l.id = pl.leefgebied_id WHERE pl.professional_id = p.id AND l.active)
            || ARRAY(SELECT gids_facet_key('taal', gids_language_number(pg.language_code)) FROM professional_language pg
                     WHERE pg.professional_id = p.id)
            || ARRAY(SELECT gids_facet_key('plein', pp.plein_id) FROM professional_plein pp WHERE pp.professional_id = p.id)
            || ARRAY(SELECT gids_facet_key('wijk', pw.wijk_id) FROM professional_wijk pw WHERE pw.professional_id = p.id)
    FROM organisation o
    WHERE o.id = p.organisation_id AND p.id = ANY (ids);
$$;

-- Capacity is a professional's own column: a change of it alone must refresh the keys too.
DROP TRIGGER professional_search_update ON professional;
CREATE TRIGGER professional_search_update AFTER UPDATE OF name, function, about, organisation_id, capacity ON professional
    FOR EACH ROW EXECUTE FUNCTION professional_search_on_professional_row();

SELECT professional_search_refresh(ARRAY(SELECT id FROM professional));

-- The landing page's first page in its own order (no words: own pleinen first, then by name) straight from an index.
CREATE INDEX professional_gids_order ON professional (name, id) WHERE active;

-- One row: the gids reads it as a scalar, so a second row would make that read fail rather than pick one.
CREATE TABLE directory_version (
    version bigint NOT NULL CHECK (version > 0)
);
INSERT INTO directory_version (version) VALUES (1);

-- Raised once per transaction, at its commit (a deferred constraint trigger): the row lock is then taken last, after
-- every row the transaction changed, so two transactions changing the directory at once queue at their commits
-- instead of each holding the version while waiting for a row the other holds.
CREATE FUNCTION directory_version_raise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('sociaalplein.directory_version_raised', true) IS DISTINCT FROM 'ja' THEN
        UPDATE directory_version SET version = version + 1;
        PERFORM set_config('sociaalplein.directory_version_raised', 'ja', true);
    END IF;
    RETURN NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['professional', 'organisation', 'professional_leefgebied', 'professional_language',
                             'professional_plein', 'professional_wijk', 'leefgebied', 'language', 'plein', 'wijk'] LOOP
        EXECUTE format('CREATE CONSTRAINT TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I DEFERRABLE INITIALLY DEFERRED
                        FOR EACH ROW EXECUTE FUNCTION directory_version_raise()', t || '_directory_version', t);
    END LOOP;
END $$;
