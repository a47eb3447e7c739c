-- Single-use links to set a password: the invitation a beheerder sends, and the reset a user asks for.
-- Only the SHA-256 of the random token is stored, so whoever reads the database cannot use an open link.
CREATE TABLE account_token (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      integer     NOT NULL REFERENCES app_user (id),
    purpose      text        NOT NULL CHECK (purpose IN ('invitation', 'reset')),
    token_hash   bytea       NOT NULL CHECK (octet_length(token_hash) = 32),
    -- Written from the app's clock (not now()), so expiry follows the same time as the check.
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    -- Set once: when the link was used, replaced by a newer one, or the account was deactivated.
    closed_at    timestamptz,
    closed_because text      CHECK (closed_because IN ('used', 'replaced', 'deactivated')),
    CONSTRAINT account_token_hash_unique UNIQUE (token_hash),
    CONSTRAINT account_token_expires_after_creation CHECK (expires_at > created_at),
    CONSTRAINT account_token_closed_with_reason CHECK ((closed_at IS NULL) = (closed_because IS NULL))
);

-- A new invitation or reset closes the older open link of the account: at most one is open at a time.
CREATE UNIQUE INDEX account_token_one_open_per_user ON account_token (user_id) WHERE closed_at IS NULL;
