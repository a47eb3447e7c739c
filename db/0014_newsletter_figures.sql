-- The newsletter's outcomes look, for each referral of a quarter, at its events before the quarter's end:
-- the last one (its status then; the id breaks a tie) and the first contact. Keyed and ordered for that, with the
-- status included, each is one index entry read from the index alone, instead of a sort and a visit to the table for
-- every event (see docs/benchmarks.md, 250,000 referrals in a quarter). It serves all that the index of 0004 on
-- (referral_id, changed_at) served, which it replaces.
CREATE INDEX referral_status_event_as_of ON referral_status_event (referral_id, changed_at, id) INCLUDE (status);
DROP INDEX referral_status_event_referral;
