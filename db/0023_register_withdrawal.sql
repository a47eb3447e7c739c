-- Who withdrew a visit or referral and why, beside withdrawn_at (0022): the withdrawal is the row's own event, kept
-- with it as evidence. All three are set together or not at all; the reason is a short text (like a status reason, no
-- medical details), and the one who withdrew is an account (whoever registered the row, checked by the command).
ALTER TABLE visit
    ADD COLUMN withdrawn_by integer REFERENCES app_user (id),
    ADD COLUMN withdrawn_reason text,
    ADD CONSTRAINT visit_withdrawn_reason_check CHECK (char_length(btrim(withdrawn_reason)) BETWEEN 2 AND 200),
    ADD CONSTRAINT visit_withdrawal_complete CHECK (
        (withdrawn_at IS NULL AND withdrawn_by IS NULL AND withdrawn_reason IS NULL) OR
        (withdrawn_at IS NOT NULL AND withdrawn_by IS NOT NULL AND withdrawn_reason IS NOT NULL));

ALTER TABLE referral
    ADD COLUMN withdrawn_by integer REFERENCES app_user (id),
    ADD COLUMN withdrawn_reason text,
    ADD CONSTRAINT referral_withdrawn_reason_check CHECK (char_length(btrim(withdrawn_reason)) BETWEEN 2 AND 200),
    ADD CONSTRAINT referral_withdrawal_complete CHECK (
        (withdrawn_at IS NULL AND withdrawn_by IS NULL AND withdrawn_reason IS NULL) OR
        (withdrawn_at IS NOT NULL AND withdrawn_by IS NOT NULL AND withdrawn_reason IS NOT NULL));

-- The resubmission guard asks "did this account store the same referral, or this visitor the same visit, lately?"
-- on every submit: both by the visitor (or the account, for a referral without one) and the recent created_at.
CREATE INDEX referral_recent_by_creator ON referral (created_by, created_at) WHERE withdrawn_at IS NULL;
CREATE INDEX visit_recent_by_visitor ON visit (visitor_id, visited_on) WHERE withdrawn_at IS NULL;
