-- The gids's plein and wijk filters and facets read arrays on the professional, as the leefgebied and language ones
-- do since 0009: a facet over the matching set unnests them instead of hashing the whole link table (20,000 rows at
-- region scale) for a few hundred matches, and a filter is one GIN lookup. The link tables stay the truth; the
-- statement-level triggers below keep the arrays in step with them.
ALTER TABLE professional
    ADD COLUMN plein_ids integer[] NOT NULL DEFAULT '{}',
    ADD COLUMN wijk_ids  integer[] NOT NULL DEFAULT '{}';

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
            SELECT array_agg(pw.wijk_id ORDER BY pw.wijk_id) FROM professional_wijk pw WHERE pw.professional_id = p.id), '{}')
    FROM organisation o
    WHERE o.id = p.organisation_id AND p.id = ANY (ids);
$$;

CREATE TRIGGER professional_search_plein_added AFTER INSERT ON professional_plein
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION professional_search_on_link();
CREATE TRIGGER professional_search_plein_removed AFTER DELETE ON professional_plein
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION professional_search_on_link();
CREATE TRIGGER professional_search_wijk_added AFTER INSERT ON professional_wijk
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION professional_search_on_link();
CREATE TRIGGER professional_search_wijk_removed AFTER DELETE ON professional_wijk
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION professional_search_on_link();

SELECT professional_search_refresh(ARRAY(SELECT id FROM professional));

CREATE INDEX professional_plein_ids ON professional USING gin (plein_ids);
CREATE INDEX professional_wijk_ids ON professional USING gin (wijk_ids);
