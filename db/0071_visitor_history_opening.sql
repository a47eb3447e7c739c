-- "Break the glass": a professional sees on a visitor card only what they registered, sent or received. Reading the rest
-- of the visitor's history (what colleagues registered: dates, leefgebieden, where referred; never another referral's
-- zorgvraag or contact details) is a deliberate step with a stated reason, kept here for the projectleider's review
-- (/inzagen) and for the visitor's access report. One row opens the history to that account for a short while
-- (VisitorCard.OpenFor). Append-only, like the audit log: the reason is the account's justification, so nobody rewrites it.
CREATE TABLE visitor_history_opening (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    visitor_id  int         NOT NULL REFERENCES visitor (id),
    plein_id    int         NOT NULL REFERENCES plein (id),
    user_id     int         NOT NULL REFERENCES app_user (id),
    reason      text        NOT NULL CHECK (char_length(btrim(reason)) BETWEEN 10 AND 300),
    opened_at   timestamptz NOT NULL DEFAULT now()
);

-- The card asks "did this account open this visitor lately"; the review lists a plein's openings, newest first.
CREATE INDEX visitor_history_opening_by_user ON visitor_history_opening (user_id, visitor_id, opened_at DESC);
CREATE INDEX visitor_history_opening_by_plein ON visitor_history_opening (plein_id, opened_at DESC);

REVOKE UPDATE, DELETE, TRUNCATE ON visitor_history_opening FROM sociaalplein_app;
