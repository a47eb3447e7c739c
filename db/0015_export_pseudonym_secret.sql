-- The dataset export names visitors by a pseudonym, an HMAC of the visitor's id. By default the key is random
-- per export, so two exports cannot be linked. A projectleider who follows visitors over years may choose pseudonyms
-- that stay the same across exports of a plein: those use this secret, one per plein, made on first use and never
-- shown. Whoever can read this table can recompute the stable pseudonyms of that plein's visitors, so it is kept apart.
CREATE TABLE plein_export_secret (
    plein_id    integer     NOT NULL PRIMARY KEY REFERENCES plein (id),
    secret      bytea       NOT NULL CHECK (octet_length(secret) = 32),
    created_at  timestamptz NOT NULL DEFAULT now()
);
