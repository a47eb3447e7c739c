-- The HSDS API's ids are name-based UUIDs (version 5) of "urn:sociaalplein:{kind}:{key}" in RFC 4122's URL namespace
-- (HsdsIds in SociaalPlein.Data/Hsds computes the same in C#). They are computed, never stored, so they cannot drift
-- from the integer ids; the expression indexes let /services/{id} and the organization_id filter find a row by its
-- UUID without hashing every row.
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";

CREATE FUNCTION hsds_id(kind text, key text) RETURNS uuid
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN uuid_generate_v5('6ba7b811-9dad-11d1-80b4-00c04fd430c8'::uuid, 'urn:sociaalplein:' || kind || ':' || key);

CREATE INDEX professional_hsds_id ON professional (hsds_id('professional', id::text));
CREATE INDEX organisation_hsds_id ON organisation (hsds_id('organisation', id::text));
CREATE INDEX professional_plein_hsds_id ON professional_plein (hsds_id('service-at-location', professional_id::text || ':' || plein_id::text));
CREATE INDEX spreekuur_hsds_id ON spreekuur (hsds_id('service-at-location', professional_id::text || ':' || plein_id::text))
    WHERE professional_id IS NOT NULL;
-- modified_after reads each professional's history from a moment on.
CREATE INDEX directory_change_since ON directory_change (changed_at, entity_type, entity_id);
