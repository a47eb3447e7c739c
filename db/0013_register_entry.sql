-- What registering visits and referrals at the spreekuur needs beyond the tables of 0004 (issue: register).

-- Visitor codes number up per year over the whole installation (B-2026-0042). A counter row per year hands out
-- the next number under its row lock, so two desks creating a visitor at once never get the same code. The first
-- number of a year continues after any code already stored (the demo seed writes codes without the counter).
CREATE TABLE visitor_code_counter (
    year         smallint NOT NULL PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
    last_number  integer  NOT NULL CHECK (last_number BETWEEN 1 AND 999999)
);

-- The e-mail to the receiving side of a new referral, written in the referral's own transaction (so a stored
-- referral always gets its mail, and a refused one never does) and sent by a background job. The mail carries a
-- link only (design.md §4): this row holds no address and no text, only which referral and whether it was sent.
CREATE TABLE referral_notification (
    referral_id  integer     NOT NULL PRIMARY KEY REFERENCES referral (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    sent_at      timestamptz,
    attempts     smallint    NOT NULL DEFAULT 0 CHECK (attempts BETWEEN 0 AND 100)
);
CREATE INDEX referral_notification_unsent ON referral_notification (created_at) WHERE sent_at IS NULL;

-- Need to know (design.md §4): a professional sees what they registered, sent or received. These keep the
-- "mine" lists and the visitor-card check on an index instead of a scan of the plein's whole register.
CREATE INDEX referral_created_by ON referral (created_by);
CREATE INDEX visit_registered_by ON visit (registered_by);
CREATE INDEX visit_helped_by ON visit (helped_by) WHERE helped_by IS NOT NULL;
CREATE INDEX visitor_created_by ON visitor (created_by);

-- Finding a visitor by the name or phone stored for a warm handover: case and accents folded, typos tolerated.
CREATE INDEX visitor_contact_name_trgm ON visitor_contact USING gin (lower(immutable_unaccent(name)) gin_trgm_ops);
