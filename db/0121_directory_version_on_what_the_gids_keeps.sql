-- The directory version (db/0043) moves only for a change to a professional or an organisation that something the
-- gids keeps per version can show. Every instance throws its kept searches away when the version moves, and the next
-- search of every kind then counts again; a professional confirming their entry, a new phone number, an organisation's
-- website are frequent and change nothing kept.
--
-- What the gids keeps per version (GidsSearch: a search's total, its directory facets with their labels, the order of at
-- most 4,000 matches; and db/0120's landing counts) is worked out from these columns only, besides the other tables of
-- db/0043, which still raise the version on every change:
--   professional: active, organisation_id, name, search, search_text (the text match and rank), capacity,
--                 leefgebied_codes, language_codes, plein_ids, wijk_ids (the filters), facet_keys (the facets);
--   organisation: active, domein (the filter), name (the organisatie facet's label).
-- (A professional's other text, an organisation's kind and a leefgebied's synonyms reach the search through search and
-- search_text, which the refresh of db/0009 keeps.) The page's cards, the moment's facets and the suggestions are read
-- anew on every search, so the other columns (contact details, verified_at, capacity_weeks, ...) never needed the version.

DROP TRIGGER professional_directory_version ON professional;
CREATE CONSTRAINT TRIGGER professional_directory_version AFTER INSERT OR DELETE ON professional DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION directory_version_raise();
CREATE CONSTRAINT TRIGGER professional_directory_version_kept AFTER UPDATE ON professional DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW
    WHEN (OLD.active IS DISTINCT FROM NEW.active OR OLD.organisation_id IS DISTINCT FROM NEW.organisation_id
          OR OLD.name IS DISTINCT FROM NEW.name OR OLD.search IS DISTINCT FROM NEW.search
          OR OLD.search_text IS DISTINCT FROM NEW.search_text OR OLD.capacity IS DISTINCT FROM NEW.capacity
          OR OLD.leefgebied_codes IS DISTINCT FROM NEW.leefgebied_codes OR OLD.language_codes IS DISTINCT FROM NEW.language_codes
          OR OLD.plein_ids IS DISTINCT FROM NEW.plein_ids OR OLD.wijk_ids IS DISTINCT FROM NEW.wijk_ids
          OR OLD.facet_keys IS DISTINCT FROM NEW.facet_keys)
    EXECUTE FUNCTION directory_version_raise();

DROP TRIGGER organisation_directory_version ON organisation;
CREATE CONSTRAINT TRIGGER organisation_directory_version AFTER INSERT OR DELETE ON organisation DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION directory_version_raise();
CREATE CONSTRAINT TRIGGER organisation_directory_version_kept AFTER UPDATE ON organisation DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW
    WHEN (OLD.active IS DISTINCT FROM NEW.active OR OLD.domein IS DISTINCT FROM NEW.domein OR OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION directory_version_raise();
