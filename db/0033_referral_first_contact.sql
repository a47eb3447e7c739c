-- The dashboard's running quarter counts its referrals' outcomes from the referral row: the status it has now (kept by
-- every status change, in the statement that records the event) and, kept here, the time of its first contact. Counting
-- them from the status events meant two index probes per referral, seconds for a busy plein's quarter. A closed
-- quarter still follows the events to its end ("as of"), and is kept once counted (db/0032).
ALTER TABLE referral ADD COLUMN first_contact_at timestamptz;

COMMENT ON COLUMN referral.first_contact_at IS
    'The earliest contact_gelegd or afgerond event of the referral (afgerond only follows contact gelegd, so it stands in '
    'for a missing contact step); kept by referral_first_contact on every change of the status events.';

-- Kept in the transaction that changes the events. An insert can only make the time earlier; a correction (an update
-- or delete of an event) counts it again from the referral's events.
CREATE FUNCTION referral_first_contact_count(p_referral integer) RETURNS void LANGUAGE sql AS $$
    UPDATE referral r
    SET first_contact_at = (SELECT min(e.changed_at) FROM referral_status_event e
                            WHERE e.referral_id = r.id AND e.status IN ('contact_gelegd', 'afgerond'))
    WHERE r.id = p_referral;
$$;

CREATE FUNCTION referral_first_contact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status IN ('contact_gelegd', 'afgerond') THEN
            UPDATE referral SET first_contact_at = NEW.changed_at
            WHERE id = NEW.referral_id AND (first_contact_at IS NULL OR first_contact_at > NEW.changed_at);
        END IF;
        RETURN NULL;
    END IF;
    PERFORM referral_first_contact_count(OLD.referral_id);
    IF TG_OP = 'UPDATE' AND NEW.referral_id <> OLD.referral_id THEN
        PERFORM referral_first_contact_count(NEW.referral_id);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER referral_first_contact AFTER INSERT OR UPDATE OR DELETE ON referral_status_event
    FOR EACH ROW EXECUTE FUNCTION referral_first_contact();

UPDATE referral r SET first_contact_at = e.first_at
FROM (SELECT referral_id, min(changed_at) AS first_at FROM referral_status_event
      WHERE status IN ('contact_gelegd', 'afgerond') GROUP BY referral_id) e
WHERE e.referral_id = r.id;

-- Every column the newsletter's referral blocks and the export form's counts read, in the order they read a period
-- (plein, date): a running quarter's referrals are counted from this index alone, without visiting the rows.
CREATE INDEX referral_figures ON referral (plein_id, referred_on)
    INCLUDE (status, first_contact_at, leefgebied_id, from_kind, from_organisation_id, to_organisation_id,
             from_professional_id, to_professional_id, visitor_id)
    WHERE withdrawn_at IS NULL;
