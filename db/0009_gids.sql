-- The gids: Dutch full-text search with accent folding and typo tolerance, the wijken professionals
-- work in, the change history of directory entries, and API keys for other sociale kaarten.

-- "financien" finds "financiën": accents are folded before the Dutch stemmer sees a word.
CREATE TEXT SEARCH CONFIGURATION dutch_unaccent (COPY = pg_catalog.dutch);
ALTER TEXT SEARCH CONFIGURATION dutch_unaccent
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, dutch_stem;

-- unaccent() is only STABLE (its dictionary could change); indexes need an IMMUTABLE wrapper that names
-- the dictionary explicitly, so it cannot depend on search_path.
CREATE FUNCTION immutable_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN public.unaccent('public.unaccent'::regdictionary, $1);

CREATE TABLE professional_wijk (
    professional_id integer NOT NULL REFERENCES professional (id),
    wijk_id         integer NOT NULL REFERENCES wijk (id),
    PRIMARY KEY (professional_id, wijk_id)
);
CREATE INDEX professional_wijk_wijk ON professional_wijk (wijk_id);

-- The search document of a professional (name A; function, organisation and leefgebieden B;
-- leefgebied synonyms C; about text and languages D), a plain folded text for trigram typo matching, and the
-- active leefgebied and language codes as arrays: the gids filters on those with GIN indexes (@>: a BitmapAnd
-- of two index scans instead of thousands of link-table probes) and counts its facets by unnesting them.
ALTER TABLE professional
    ADD COLUMN search      tsvector NOT NULL DEFAULT ''::tsvector,
    ADD COLUMN search_text text     NOT NULL DEFAULT '',
    ADD COLUMN leefgebied_codes text[] NOT NULL DEFAULT '{}',
    ADD COLUMN language_codes   text[] NOT NULL DEFAULT '{}',
    -- The monthly job reminds a professional once per stale period, not every month.
    ADD COLUMN verify_reminder_sent_at timestamptz;

CREATE FUNCTION professional_search_refresh(ids integer[]) RETURNS void
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

-- Statement-level triggers with transition tables: one refresh per statement, so a bulk COPY or an
-- import of thousands of rows costs one UPDATE, not one per row.
CREATE FUNCTION professional_search_on_professional() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM professional_search_refresh(ARRAY(SELECT id FROM changed));
    RETURN NULL;
END $$;

CREATE FUNCTION professional_search_on_professional_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM professional_search_refresh(ARRAY[NEW.id]);
    RETURN NULL;
END $$;

CREATE FUNCTION professional_search_on_link() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM professional_search_refresh(ARRAY(SELECT DISTINCT professional_id FROM changed));
    RETURN NULL;
END $$;

CREATE FUNCTION professional_search_on_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM professional_search_refresh(ARRAY(
        SELECT p.id FROM professional p WHERE p.organisation_id IN (SELECT id FROM changed)));
    RETURN NULL;
END $$;

CREATE FUNCTION professional_search_on_leefgebied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM professional_search_refresh(ARRAY(
        SELECT DISTINCT pl.professional_id FROM professional_leefgebied pl WHERE pl.leefgebied_id IN (SELECT id FROM changed)));
    RETURN NULL;
END $$;

CREATE TRIGGER professional_search_insert AFTER INSERT ON professional
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION professional_search_on_professional();
-- UPDATE OF lists the source columns only, so the refresh's own UPDATE of search never re-fires it.
-- (A column list rules out transition tables, hence per row; edits to professionals come one at a time.)
CREATE TRIGGER professional_search_update AFTER UPDATE OF name, function, about, organisation_id ON professional
    FOR EACH ROW EXECUTE FUNCTION professional_search_on_professional_row();

CREATE TRIGGER professional_search_leefgebied_added AFTER INSERT ON professional_leefgebied
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION professional_search_on_link();
CREATE TRIGGER professional_search_leefgebied_removed AFTER DELETE ON professional_leefgebied
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION professional_search_on_link();
CREATE TRIGGER professional_search_language_added AFTER INSERT ON professional_language
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION professional_search_on_link();
CREATE TRIGGER professional_search_language_removed AFTER DELETE ON professional_language
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION professional_search_on_link();
CREATE TRIGGER professional_search_organisation AFTER UPDATE ON organisation
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION professional_search_on_organisation();
CREATE TRIGGER professional_search_leefgebied AFTER UPDATE ON leefgebied
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION professional_search_on_leefgebied();

SELECT professional_search_refresh(ARRAY(SELECT id FROM professional));

CREATE INDEX professional_search ON professional USING gin (search);
CREATE INDEX professional_search_text_trgm ON professional USING gin (search_text gin_trgm_ops);
CREATE INDEX professional_name_folded ON professional (lower(immutable_unaccent(name)));
CREATE INDEX professional_name_trgm ON professional USING gin (lower(immutable_unaccent(name)) gin_trgm_ops);
CREATE INDEX professional_leefgebied_codes ON professional USING gin (leefgebied_codes);
CREATE INDEX professional_language_codes ON professional USING gin (language_codes);

-- Every change to a directory entry: who changed which field from what to what, and when.
CREATE TABLE directory_change (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entity_type  text        NOT NULL CHECK (entity_type IN ('organisation', 'professional', 'leefgebied')),
    entity_id    integer     NOT NULL,
    field        text        NOT NULL CHECK (field ~ '^[a-z_]{2,40}$'),
    old_value    text        CHECK (char_length(old_value) <= 4000),
    new_value    text        CHECK (char_length(new_value) <= 4000),
    changed_by   integer     REFERENCES app_user (id),
    changed_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX directory_change_entity ON directory_change (entity_type, entity_id, changed_at);

-- API keys with which another sociale kaart reads a plein's directory. Only a hash is kept; the key
-- itself is shown once, when it is made.
CREATE TABLE plein_api_key (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plein_id    integer     NOT NULL REFERENCES plein (id),
    name        text        NOT NULL CHECK (char_length(btrim(name)) BETWEEN 2 AND 80),
    key_hash    bytea       NOT NULL CHECK (octet_length(key_hash) = 32),
    created_by  integer     REFERENCES app_user (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz,
    CONSTRAINT plein_api_key_hash_unique UNIQUE (key_hash)
);
