-- The HSDS lists' modified_after filter reads a professional's updated_at, and an entry saved unchanged or confirmed
-- ("klopt nog") moves updated_at without writing any history. The gids's directory version no longer moves for such a
-- change (db/0121: nothing the gids keeps can show it), so the lists' own number (db/0110) now moves with every
-- insert, update and delete of a professional or an organisation too: a kept modified_after total would otherwise keep
-- leaving out an entry that was just confirmed. Once per transaction, at its commit, like the other raises.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['professional', 'organisation'] LOOP
        EXECUTE format('CREATE CONSTRAINT TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I DEFERRABLE INITIALLY DEFERRED
                        FOR EACH ROW EXECUTE FUNCTION directory_lists_version_raise()', t || '_directory_lists_version', t);
    END LOOP;
END $$;
