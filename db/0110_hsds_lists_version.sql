-- The HSDS API keeps each list's total (and where its pages begin) per directory version, as the gids keeps its counts
-- (db/0043). The lists read three things the gids's version does not follow, and must not: a spreekuur places a
-- professional at a plein (service_at_locations), a key's organisations are those linked to its plein
-- (organisation_plein), and modified_after reads the change history (directory_change). A second number on the same
-- row moves with those, at the commit of the transaction that changed them, once per transaction.
--
-- On the same row as the gids's version, not a table of its own: a transaction that changes a professional and a
-- spreekuur raises both at its commit, and with two rows two such transactions could take the two locks in opposite
-- orders and deadlock; one row is one lock.
ALTER TABLE directory_version ADD COLUMN lists_version bigint NOT NULL DEFAULT 1 CHECK (lists_version > 0);

CREATE FUNCTION directory_lists_version_raise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('sociaalplein.directory_lists_version_raised', true) IS DISTINCT FROM 'ja' THEN
        UPDATE directory_version SET lists_version = lists_version + 1;
        PERFORM set_config('sociaalplein.directory_lists_version_raised', 'ja', true);
    END IF;
    RETURN NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['spreekuur', 'organisation_plein', 'directory_change'] LOOP
        EXECUTE format('CREATE CONSTRAINT TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I DEFERRABLE INITIALLY DEFERRED
                        FOR EACH ROW EXECUTE FUNCTION directory_lists_version_raise()', t || '_directory_lists_version', t);
    END LOOP;
END $$;

-- service_at_locations pages the pairs (professional, plein) in that order, merged from the links and the spreekuren:
-- each source read in that order from an index, rather than all pairs collected and sorted.
CREATE INDEX spreekuur_professional_plein ON spreekuur (professional_id, plein_id) WHERE professional_id IS NOT NULL;
