-- Each professional's active leefgebied codes and language codes, kept beside the search document by the same
-- refresh (so by the same triggers). The gids filters on them with GIN indexes (@>: a BitmapAnd of two index
-- scans instead of thousands of link-table probes) and counts its facets by unnesting them.
ALTER TABLE professional
    ADD COLUMN leefgebied_codes text[] NOT NULL DEFAULT '{}',
    ADD COLUMN language_codes   text[] NOT NULL DEFAULT '{}';

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
            WHERE pg.professional_id = p.id), '{}')
    FROM organisation o
    WHERE o.id = p.organisation_id AND p.id = ANY (ids);
$$;

SELECT professional_search_refresh(ARRAY(SELECT id FROM professional));

CREATE INDEX professional_leefgebied_codes ON professional USING gin (leefgebied_codes);
CREATE INDEX professional_language_codes ON professional USING gin (language_codes);
