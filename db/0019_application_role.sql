-- The application's own database role. At run time the app runs every statement as sociaalplein_app:
-- it switches to the role on each connection (Options=-c role=…, see SociaalPlein.Data/Database/AppRole.cs), or logs
-- in as a LOGIN role that is a member of it. The owner that runs these migrations keeps everything else (DDL, and
-- the right to disable triggers), so the app cannot change the schema, and the audit log is append-only by
-- privilege: the role may INSERT and SELECT it, never UPDATE, DELETE or TRUNCATE, whether or not 0006's triggers are
-- in place.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sociaalplein_app') THEN
        BEGIN
            CREATE ROLE sociaalplein_app NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            -- Roles belong to the whole server: another database's migration made it at the same moment.
            NULL;
        END;
    END IF;

    -- Without a separate login (ConnectionStrings__SociaalPleinApp) the app connects as the migrating role and
    -- switches to sociaalplein_app, which needs membership. A superuser is a member of every role already.
    IF NOT pg_has_role(current_user, 'sociaalplein_app', 'MEMBER') THEN
        BEGIN
            GRANT sociaalplein_app TO CURRENT_USER;
        EXCEPTION WHEN insufficient_privilege OR invalid_grant_operation THEN
            RAISE WARNING 'Could not make % a member of sociaalplein_app; configure a separate login that is (see docs/operations.md)', current_user;
        END;
    END IF;

    -- Whoever revoked CONNECT from PUBLIC (a hardened server) still lets the role in.
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO sociaalplein_app', current_database());
END
$$;

GRANT USAGE ON SCHEMA public TO sociaalplein_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO sociaalplein_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO sociaalplein_app;

-- NEN 7513: what was logged stays logged.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM sociaalplein_app;
-- DbUp's journal is the migrations' own; the app only reads it (readiness: are all scripts applied?).
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migration FROM sociaalplein_app;

-- Tables and sequences that later migrations create (as this same owner) are the app's to use as well. A later
-- table that must be append-only revokes UPDATE and DELETE in its own migration, as above.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO sociaalplein_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO sociaalplein_app;
