-- A visit or referral registered by mistake is withdrawn ("ingetrokken"), never deleted: the row stays as evidence
-- of what happened, and its withdrawal (who, when, why) is kept with it. A withdrawn row counts nowhere: not in the
-- lists, the veelbezoekers, the dashboard, the newsletter or the export. Every read that counts or lists filters on
-- withdrawn_at IS NULL, which is why the marker lives on the row itself: partial indexes can leave withdrawn rows out.
ALTER TABLE visit ADD COLUMN withdrawn_at timestamptz;
ALTER TABLE referral ADD COLUMN withdrawn_at timestamptz;
