-- The beheer list of leefgebieden shows how many referrals each has (withdrawn ones count nowhere); without an index
-- each count read all of the referral table. Read from this index alone: one range of it per leefgebied.
CREATE INDEX referral_leefgebied ON referral (leefgebied_id) WHERE withdrawn_at IS NULL;
