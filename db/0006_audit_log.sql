-- NEN 7513-style access log: append-only. Users are never deleted (only deactivated), but the log
-- carries no foreign keys anyway, so that nothing can ever block or cascade into it.
CREATE TABLE audit_log (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at     timestamptz NOT NULL DEFAULT now(),
    user_id         integer,
    user_email      text        CHECK (char_length(user_email) <= 254),
    role            text        CHECK (role IN ('professional', 'projectleider', 'beheerder')),
    action          text        NOT NULL CHECK (action ~ '^[a-z][a-z_.]{2,60}$'),
    object_type     text        CHECK (object_type ~ '^[a-z_]{2,40}$'),
    object_id       text        CHECK (char_length(object_id) <= 60),
    -- The data subject as a pseudonymous code, never a name.
    subject         text        CHECK (char_length(subject) <= 60),
    plein_id        integer,
    client_address  inet,
    outcome         text        NOT NULL CHECK (outcome IN ('allowed', 'refused')),
    -- Structured facts (filters, counts), never personal data.
    detail          jsonb
);
CREATE INDEX audit_log_time ON audit_log (occurred_at);
CREATE INDEX audit_log_user ON audit_log (user_id, occurred_at);
CREATE INDEX audit_log_subject ON audit_log (subject, occurred_at) WHERE subject IS NOT NULL;

-- Append-only, whoever connects: no UPDATE, DELETE or TRUNCATE, even by the table's owner.
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
