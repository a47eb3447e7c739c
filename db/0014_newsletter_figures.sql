-- The newsletter's outcomes (issue 5) look, for each referral of a quarter, at its events before the quarter's end:
-- the last one (its status then) and the first contact. With the status (and the id that breaks a tie) in the index,
-- that is an index-only scan instead of a visit to the table for every event (half the time at 250,000 referrals in
-- a quarter; see docs/benchmarks.md). It serves all that the index of 0004 on (referral_id, changed_at) served.
CREATE INDEX referral_status_event_as_of ON referral_status_event (referral_id, changed_at) INCLUDE (status, id);
DROP INDEX referral_status_event_referral;
