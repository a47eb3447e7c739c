-- The referral lists read one page of ids from an index in the list's order and join names for those 25 rows only.
-- Withdrawn referrals are listed and counted nowhere, so every index leaves them out; the columns a list filters on
-- (plein, status, its last change for "wacht op reactie", spoed for the receiver's order) are included, so that a
-- page and its bounded counts are read from the index alone.

-- Alle: a plein's referrals newest first, with or without one status (one index range per status), and the region's
-- for the beheerder.
CREATE INDEX referral_list_plein ON referral (plein_id, referred_on DESC, id DESC) WHERE withdrawn_at IS NULL;
CREATE INDEX referral_list_plein_status ON referral (plein_id, status, referred_on DESC, id DESC)
    INCLUDE (status_changed_at) WHERE withdrawn_at IS NULL;
CREATE INDEX referral_list_region ON referral (referred_on DESC, id DESC) WHERE withdrawn_at IS NULL;
CREATE INDEX referral_list_region_status ON referral (status, referred_on DESC, id DESC)
    INCLUDE (status_changed_at) WHERE withdrawn_at IS NULL;

-- Inkomend: what an organisation received (7,400 for the busiest) and what a professional received by name.
CREATE INDEX referral_list_to_organisation ON referral (to_organisation_id, referred_on DESC, id DESC)
    INCLUDE (plein_id, status, status_changed_at, spoed) WHERE withdrawn_at IS NULL;
CREATE INDEX referral_list_to_professional ON referral (to_professional_id, referred_on DESC, id DESC)
    INCLUDE (to_organisation_id, plein_id, status, status_changed_at, spoed) WHERE withdrawn_at IS NULL AND to_professional_id IS NOT NULL;

-- Uitgaand: what an account registered (a desk projectleider of a busy plein: 72,000) and what a professional sent.
CREATE INDEX referral_list_created_by ON referral (created_by, referred_on DESC, id DESC)
    INCLUDE (plein_id, status, status_changed_at, spoed) WHERE withdrawn_at IS NULL;
CREATE INDEX referral_list_from_professional ON referral (from_professional_id, referred_on DESC, id DESC)
    INCLUDE (created_by, plein_id, status, status_changed_at, spoed) WHERE withdrawn_at IS NULL AND from_professional_id IS NOT NULL;

-- The open count on the uitgaand tab, shown on every list: a desk projectleider's 12,000 open among 72,000 sent.
CREATE INDEX referral_open_created_by ON referral (created_by) INCLUDE (plein_id, status)
    WHERE withdrawn_at IS NULL AND status IN ('verzonden', 'geaccepteerd', 'contact_gelegd');
