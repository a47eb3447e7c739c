-- "Wachtwoord vergeten" answers every address with the same work: the request only writes a row here, for a known
-- and an unknown address alike; the wachtwoord-mails job (every minute) takes the rows, issues a link for an active
-- account and mails it. A row lives until that run (a minute or so), so an address without an account is not kept.
CREATE TABLE password_reset_request (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email          text        NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254 AND email = lower(btrim(email)) AND email LIKE '%@%'),
    client_address inet        NULL,
    requested_at   timestamptz NOT NULL DEFAULT now()
);
