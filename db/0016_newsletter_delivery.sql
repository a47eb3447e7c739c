-- Sending the quarterly newsletter (issue: newsletter). A delivery is claimed before its mail goes out, in its own
-- committed statement: a worker that dies between the SMTP hand-over and marking the row sent leaves the claim
-- behind, and the retry then refuses to send a second time (the row becomes 'mislukt' for a person to check)
-- instead of mailing the subscriber twice.
ALTER TABLE newsletter_delivery ADD COLUMN claimed_at timestamptz;

-- The hourly sweep finds deliveries whose job was never enqueued (a crash right after the send was stored).
CREATE INDEX newsletter_delivery_waiting ON newsletter_delivery (created_at) WHERE status = 'wachtend';
CREATE INDEX newsletter_delivery_newsletter ON newsletter_delivery (newsletter_id, status);
