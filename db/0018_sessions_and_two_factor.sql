-- Server-side sessions and TOTP two-factor authentication.

-- One row per login. The cookie carries the session id as a claim; every request checks that the row is still
-- open and younger than the absolute expiry, so logging out (or deactivating the account) ends a copied cookie too.
CREATE TABLE user_session (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id         integer     NOT NULL REFERENCES app_user (id),
    issued_at       timestamptz NOT NULL,
    last_seen_at    timestamptz NOT NULL,
    ended_at        timestamptz,
    ended_reason    text        CHECK (ended_reason IN ('logout', 'deactivated', 'security_stamp')),
    client_address  inet,
    CONSTRAINT user_session_ended_consistent CHECK ((ended_at IS NULL) = (ended_reason IS NULL)),
    CONSTRAINT user_session_seen_after_issue CHECK (last_seen_at >= issued_at)
);
-- Ending every open session of one account (deactivation, security stamp).
CREATE INDEX user_session_open ON user_session (user_id) WHERE ended_at IS NULL;

-- A deactivation or a new security stamp (role, pleinen, password changed) ends the account's open sessions,
-- whichever code made the change.
CREATE FUNCTION app_user_end_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE user_session
    SET ended_at = now(),
        ended_reason = CASE WHEN NOT NEW.active THEN 'deactivated' ELSE 'security_stamp' END
    WHERE user_id = NEW.id AND ended_at IS NULL;
    RETURN NEW;
END;
$$;

CREATE TRIGGER app_user_end_sessions
    AFTER UPDATE OF active, security_stamp ON app_user
    FOR EACH ROW
    WHEN ((OLD.active AND NOT NEW.active) OR OLD.security_stamp IS DISTINCT FROM NEW.security_stamp)
    EXECUTE FUNCTION app_user_end_sessions();

-- TOTP (RFC 6238). The secret is protected with ASP.NET DataProtection (keys in data_protection_key), never stored
-- in plain text. The last accepted time step makes every code single use.
ALTER TABLE app_user
    ADD COLUMN totp_secret_protected text,
    ADD COLUMN totp_enabled_at       timestamptz,
    ADD COLUMN totp_last_step        bigint CONSTRAINT app_user_totp_last_step_check CHECK (totp_last_step >= 0),
    ADD CONSTRAINT app_user_totp_consistent CHECK ((totp_secret_protected IS NULL) = (totp_enabled_at IS NULL));

-- Ten single-use recovery codes per enrolment, stored as SHA-256 hashes: the codes carry 80 random bits, so a fast
-- hash is enough (no dictionary to guess from) and checking ten of them costs nothing.
CREATE TABLE recovery_code (
    user_id     integer     NOT NULL REFERENCES app_user (id),
    code_hash   bytea       NOT NULL CHECK (octet_length(code_hash) = 32),
    used_at     timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

-- Audit actions may start with a digit ('2fa.enabled'); otherwise the rule of db/0006 stands.
ALTER TABLE audit_log
    DROP CONSTRAINT audit_log_action_check,
    ADD CONSTRAINT audit_log_action_check CHECK (action ~ '^[a-z0-9][a-z0-9_.]{2,60}$');
