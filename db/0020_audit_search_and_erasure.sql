-- /beheer/audit: the beheerder pages through the audit log newest first, filtered by user, data subject,
-- action, outcome, plein and period. Keyset pagination on (occurred_at, id): each filter gets an index that serves
-- its rows already in that order, so a page is an index range read whatever the table's size (see
-- docs/benchmarks.md, "Audit log").
CREATE INDEX audit_log_time_id ON audit_log (occurred_at, id);
DROP INDEX audit_log_time;
CREATE INDEX audit_log_action_time ON audit_log (action, occurred_at, id);
CREATE INDEX audit_log_email_time ON audit_log (user_email, occurred_at, id) WHERE user_email IS NOT NULL;
CREATE INDEX audit_log_plein_time ON audit_log (plein_id, occurred_at, id) WHERE plein_id IS NOT NULL;
CREATE INDEX audit_log_subject_time ON audit_log (subject, occurred_at, id) WHERE subject IS NOT NULL;
DROP INDEX audit_log_subject;
-- Refusals are few and what an auditor looks for first.
CREATE INDEX audit_log_refused_time ON audit_log (occurred_at, id) WHERE outcome = 'refused';

-- Right to erasure (AVG art. 17): when a visitor's personal data was erased on request. The pseudonymous row stays
-- for the figures; this says why its free text reads "gewist" and its contact details are gone.
ALTER TABLE visitor ADD COLUMN personal_data_erased_at timestamptz;
