-- The /dataset dashboard's figures of a closed quarter, kept once computed: a big plein's quarter takes seconds to count,
-- and a closed quarter's figures change only when a late registration, a withdrawal or a correction reaches it. The
-- triggers below delete the kept figures such a change makes out of date; the next view counts them again.
-- The running quarter is never kept (a dashboard shows it live).
CREATE TABLE dataset_figures (
    plein_id      integer     NOT NULL REFERENCES plein (id),
    -- The first day of the quarter (1 January, 1 April, 1 July or 1 October).
    quarter_start date        NOT NULL CHECK (extract(day FROM quarter_start) = 1 AND extract(month FROM quarter_start) IN (1, 4, 7, 10)),
    -- NewsletterFigures as JSON, as NewsletterFiguresQuery counted them.
    figures       jsonb       NOT NULL CHECK (jsonb_typeof(figures) = 'object'),
    kept_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (plein_id, quarter_start)
);

-- Raised by every change that makes a plein's kept figures out of date. A dashboard reads it in the snapshot it counts
-- in and keeps its figures only while it is unchanged (locking the row, so a change that is committing waits or is
-- waited for): figures counted before a change and stored after it would otherwise stay wrong.
CREATE TABLE dataset_figures_version (
    plein_id integer PRIMARY KEY REFERENCES plein (id),
    version  bigint  NOT NULL DEFAULT 0 CHECK (version >= 0)
);

-- The plein's kept figures from the quarter of p_on onwards are out of date (a quarter's trend and "previous quarter"
-- reach seven quarters on, a visitor's first visit any later quarter). Only a closed quarter is ever kept, so a change
-- in the running quarter (every registration of today) does nothing. A quarter counts as closed from an hour before
-- its end: a transaction that began before midnight at a quarter's end and commits after it still marks it.
CREATE FUNCTION dataset_figures_outdated(p_plein integer, p_on date) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF p_plein IS NULL OR p_on IS NULL
       OR p_on >= date_trunc('quarter', timezone('Europe/Amsterdam', clock_timestamp()) + interval '1 hour')::date THEN
        RETURN;
    END IF;
    INSERT INTO dataset_figures_version AS v (plein_id, version) VALUES (p_plein, 1)
    ON CONFLICT (plein_id) DO UPDATE SET version = v.version + 1;
    DELETE FROM dataset_figures WHERE plein_id = p_plein AND quarter_start >= date_trunc('quarter', p_on)::date;
END $$;

-- A dated row of a plein changed: the quarters from its date (the column named by the trigger) on, before and after.
CREATE FUNCTION dataset_figures_row_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN PERFORM dataset_figures_outdated(OLD.plein_id, (to_jsonb(OLD) ->> TG_ARGV[0])::date); END IF;
    IF TG_OP <> 'DELETE' THEN PERFORM dataset_figures_outdated(NEW.plein_id, (to_jsonb(NEW) ->> TG_ARGV[0])::date); END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER visit_dataset_figures AFTER INSERT OR UPDATE OR DELETE ON visit
    FOR EACH ROW EXECUTE FUNCTION dataset_figures_row_changed('visited_on');

-- A referral's progress (status, outcome, reason) is counted from its status events as of the quarter's end, so it
-- leaves a closed quarter alone, except cancelling: a geannuleerde referral counts nowhere. The columns compared are
-- those the figures read; a column they come to read belongs in this list.
CREATE TRIGGER referral_dataset_figures AFTER INSERT OR DELETE ON referral
    FOR EACH ROW EXECUTE FUNCTION dataset_figures_row_changed('referred_on');
CREATE TRIGGER referral_update_dataset_figures AFTER UPDATE ON referral
    FOR EACH ROW WHEN ((OLD.status = 'geannuleerd') <> (NEW.status = 'geannuleerd')
        OR (OLD.plein_id, OLD.referred_on, OLD.withdrawn_at, OLD.from_kind, OLD.from_professional_id,
            OLD.from_organisation_id, OLD.to_professional_id, OLD.to_organisation_id, OLD.leefgebied_id,
            OLD.visitor_id, OLD.visit_id)
           IS DISTINCT FROM
           (NEW.plein_id, NEW.referred_on, NEW.withdrawn_at, NEW.from_kind, NEW.from_professional_id,
            NEW.from_organisation_id, NEW.to_professional_id, NEW.to_organisation_id, NEW.leefgebied_id,
            NEW.visitor_id, NEW.visit_id))
    EXECUTE FUNCTION dataset_figures_row_changed('referred_on');

-- An event counts in the outcomes of its referral's quarter when it happened before that quarter's end: an event of
-- now reaches no closed quarter; one recorded with an earlier time (a correction) reaches its referral's quarter on.
CREATE FUNCTION dataset_figures_status_event_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    e referral_status_event;
BEGIN
    e := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    PERFORM dataset_figures_outdated(r.plein_id, greatest(r.referred_on, timezone('Europe/Amsterdam', e.changed_at)::date))
    FROM referral r WHERE r.id = e.referral_id;
    IF TG_OP = 'UPDATE' THEN
        PERFORM dataset_figures_outdated(r.plein_id, greatest(r.referred_on, timezone('Europe/Amsterdam', OLD.changed_at)::date))
        FROM referral r WHERE r.id = OLD.referral_id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER referral_status_event_dataset_figures AFTER INSERT OR UPDATE OR DELETE ON referral_status_event
    FOR EACH ROW EXECUTE FUNCTION dataset_figures_status_event_changed();

-- A visitor counts in the quarters of their visits, none before the first: their demographics or first visit changed,
-- those quarters are out of date. A new visitor has no visit yet (the visit's own trigger counts it).
CREATE TRIGGER visitor_dataset_figures AFTER DELETE ON visitor
    FOR EACH ROW EXECUTE FUNCTION dataset_figures_row_changed('first_visit_on');
CREATE TRIGGER visitor_update_dataset_figures AFTER UPDATE ON visitor
    FOR EACH ROW WHEN ((OLD.plein_id, OLD.birth_year, OLD.gender, OLD.postcode, OLD.wijk_id, OLD.first_visit_on)
        IS DISTINCT FROM (NEW.plein_id, NEW.birth_year, NEW.gender, NEW.postcode, NEW.wijk_id, NEW.first_visit_on))
    EXECUTE FUNCTION dataset_figures_row_changed('first_visit_on');

-- What the figures name or group by (pleinen, organisations and their domein, leefgebieden, wijken, spreekuren, the
-- professionals and where they work) is changed by a beheerder now and then: then every kept quarter is out of date.
CREATE FUNCTION dataset_figures_all_outdated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE dataset_figures_version SET version = version + 1;
    DELETE FROM dataset_figures;
    RETURN NULL;
END $$;

CREATE TRIGGER plein_dataset_figures AFTER UPDATE OF name, municipality, frequent_visitor_threshold ON plein
    FOR EACH STATEMENT EXECUTE FUNCTION dataset_figures_all_outdated();
CREATE TRIGGER organisation_dataset_figures AFTER UPDATE OF name, domein OR DELETE ON organisation
    FOR EACH STATEMENT EXECUTE FUNCTION dataset_figures_all_outdated();
CREATE TRIGGER leefgebied_dataset_figures AFTER INSERT OR UPDATE OF name, sort_order, active OR DELETE ON leefgebied
    FOR EACH STATEMENT EXECUTE FUNCTION dataset_figures_all_outdated();
CREATE TRIGGER wijk_dataset_figures AFTER INSERT OR UPDATE OF name, plein_id OR DELETE ON wijk
    FOR EACH STATEMENT EXECUTE FUNCTION dataset_figures_all_outdated();
CREATE TRIGGER spreekuur_dataset_figures AFTER UPDATE OF organisation_id, plein_id OR DELETE ON spreekuur
    FOR EACH STATEMENT EXECUTE FUNCTION dataset_figures_all_outdated();
CREATE TRIGGER professional_dataset_figures AFTER UPDATE OF organisation_id, created_at OR DELETE ON professional
    FOR EACH STATEMENT EXECUTE FUNCTION dataset_figures_all_outdated();
CREATE TRIGGER professional_plein_dataset_figures AFTER INSERT OR UPDATE OR DELETE ON professional_plein
    FOR EACH STATEMENT EXECUTE FUNCTION dataset_figures_all_outdated();
