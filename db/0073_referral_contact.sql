-- Contact details travel with the referral that carried them (the warm handover, design.md §4). Until now one row per
-- visitor (visitor_contact) held a name and phone, and every referral with consent overwrote it: the receiver of an
-- earlier referral then saw whatever a later writer typed, and that writer could read what a colleague stored after.
-- Now each referral for which the visitor consented and a name was typed has its own row, written in the referral's
-- own transaction, readable by that referral's two sides, the plein's projectleider and the beheerder only
-- (NeedToKnow.SeesContact), with its own retention clock; no other referral ever touches it.

-- The contact row points at (referral, visitor, consent): the database itself refuses details for a referral without a
-- visitor, for another visitor than the referral's, or for a referral without the visitor's consent to share them.
ALTER TABLE referral ADD CONSTRAINT referral_contact_target UNIQUE (id, visitor_id, consent_share_contact);

CREATE TABLE referral_contact (
    referral_id            integer     NOT NULL PRIMARY KEY,
    visitor_id             integer     NOT NULL,
    -- Always true; part of the key above, so that only a referral with consent can carry contact details.
    consent_share_contact  boolean     NOT NULL DEFAULT true CHECK (consent_share_contact),
    name                   text        NOT NULL CHECK (char_length(btrim(name)) BETWEEN 2 AND 120),
    phone                  text        NOT NULL DEFAULT '' CHECK (phone ~ '^[0-9 +()-]{0,20}$'),
    consented_at           timestamptz NOT NULL,
    -- The retention clock of this row alone (ContactRetention): the referral's date when it was written.
    last_contact_on        date        NOT NULL,
    created_at             timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT referral_contact_of_referral FOREIGN KEY (referral_id, visitor_id, consent_share_contact)
        REFERENCES referral (id, visitor_id, consent_share_contact)
);
-- Erasure and the access report take all of one visitor's rows; the desk finds a visitor by a name it may see.
CREATE INDEX referral_contact_visitor ON referral_contact (visitor_id);
CREATE INDEX referral_contact_name_trgm ON referral_contact USING gin (lower(immutable_unaccent(name)) gin_trgm_ops);

-- What one referral carried is never rewritten: only inserted with it, and deleted by retention or erasure.
REVOKE UPDATE, TRUNCATE ON referral_contact FROM sociaalplein_app;

-- The existing rows. A visitor_contact row holds what the visitor's latest referral with consent typed (each such
-- referral overwrote it), so it moves to that referral: the latest by the moment it was stored, withdrawn or not.
-- Its retention clock is kept as it was, so nothing is kept longer or erased sooner than before. A row without any
-- referral with consent (none were written that way by the app) has no handover to belong to and is not carried
-- over: it would be visible to no side of any referral.
INSERT INTO referral_contact (referral_id, visitor_id, name, phone, consented_at, last_contact_on, created_at)
SELECT latest.id, c.visitor_id, c.name, c.phone, c.consented_at, c.last_contact_on, c.created_at
FROM visitor_contact c
CROSS JOIN LATERAL (
    SELECT r.id FROM referral r
    WHERE r.visitor_id = c.visitor_id AND r.consent_share_contact
    ORDER BY r.created_at DESC, r.id DESC
    LIMIT 1) latest;

DROP TABLE visitor_contact;
