-- The referrals export in the order its file is written (plein, date, then registration), so its first row is
-- written without sorting the selection first (a month of the busiest plein: 3,774 rows; its busiest quarter: 254,625,
-- sorted on disk before the first byte). Withdrawn referrals are in no export.
CREATE INDEX referral_export ON referral (plein_id, referred_on, id) WHERE withdrawn_at IS NULL;

-- The referrals without a visitor: the export form counts a quarter's referrals from export_visitor_quarter
-- (db/0095), which knows only those with one, plus these few.
CREATE INDEX referral_export_without_visitor ON referral (plein_id, referred_on) WHERE withdrawn_at IS NULL AND visitor_id IS NULL;

-- The few withdrawn visits (visit_withdrawn, made by db/0091 for the newsletter's metingen block) serve the export's
-- metingen count too: it looks among them instead of joining every visit of the period's metingen (1.4 s for a
-- region's quarter, reading all 3,000,000 visits).
