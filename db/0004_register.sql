-- The plein's dataset: visitors (pseudonymous), their visits and the referrals with a closed loop.

CREATE TABLE visitor (
    id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plein_id        integer     NOT NULL REFERENCES plein (id),
    -- Pseudonymous code, e.g. B-2026-0042; never a BSN or a name (design.md §4).
    code            text        NOT NULL CHECK (code ~ '^B-[0-9]{4}-[0-9]{4,6}$'),
    birth_year      smallint    CHECK (birth_year BETWEEN 1900 AND 2100),
    gender          text        NOT NULL DEFAULT 'onbekend' CHECK (gender IN ('man', 'vrouw', 'anders', 'onbekend')),
    -- Four digits only: the letters of a Dutch postcode would narrow a visitor down too far.
    postcode        text        CHECK (postcode ~ '^[1-9][0-9]{3}$'),
    wijk_id         integer,
    first_visit_on  date        NOT NULL,
    -- The form's idempotency token: a double click creates one visitor.
    request_id      uuid        NOT NULL,
    created_by      integer     REFERENCES app_user (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- Codes are numbered per year over the whole installation, so they are unique across pleinen.
    CONSTRAINT visitor_code_unique UNIQUE (code),
    CONSTRAINT visitor_request_unique UNIQUE (request_id),
    CONSTRAINT visitor_plein_unique UNIQUE (id, plein_id),
    CONSTRAINT visitor_wijk_same_plein FOREIGN KEY (wijk_id, plein_id) REFERENCES wijk (id, plein_id)
);
CREATE INDEX visitor_plein ON visitor (plein_id);

-- Name and phone, only when a warm handover needs them and the visitor consented; erased by the
-- retention job. A separate table so that every read of it is deliberate (and audited).
CREATE TABLE visitor_contact (
    visitor_id       integer     NOT NULL PRIMARY KEY REFERENCES visitor (id),
    name             text        NOT NULL CHECK (char_length(btrim(name)) BETWEEN 2 AND 120),
    phone            text        NOT NULL DEFAULT '' CHECK (phone ~ '^[0-9 +()-]{0,20}$'),
    consented_at     timestamptz NOT NULL,
    last_contact_on  date        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE visit (
    id                  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plein_id            integer     NOT NULL REFERENCES plein (id),
    visitor_id          integer     NOT NULL,
    visited_on          date        NOT NULL,
    kind                text        NOT NULL CHECK (kind IN ('spreekuur', 'inloop')),
    spreekuur_id        integer     REFERENCES spreekuur (id),
    helped_by           integer     REFERENCES professional (id),
    registered_by       integer     REFERENCES app_user (id),
    request_id          uuid        NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT visit_request_unique UNIQUE (request_id),
    -- A visit belongs to a visitor of the same plein; referrals point at (visit, visitor) pairs.
    CONSTRAINT visit_visitor_same_plein FOREIGN KEY (visitor_id, plein_id) REFERENCES visitor (id, plein_id),
    CONSTRAINT visit_visitor_unique UNIQUE (id, visitor_id)
);
CREATE INDEX visit_plein_date ON visit (plein_id, visited_on);
CREATE INDEX visit_visitor_date ON visit (visitor_id, visited_on);

CREATE TABLE visit_leefgebied (
    visit_id       integer NOT NULL REFERENCES visit (id),
    leefgebied_id  integer NOT NULL REFERENCES leefgebied (id),
    PRIMARY KEY (visit_id, leefgebied_id)
);

CREATE TABLE referral (
    id                     integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plein_id               integer     NOT NULL REFERENCES plein (id),
    referred_on            date        NOT NULL,
    visitor_id             integer,
    visit_id               integer,
    from_kind              text        NOT NULL CHECK (from_kind IN ('professional', 'organisation', 'eigen_initiatief')),
    from_professional_id   integer     REFERENCES professional (id),
    -- Kept beside the professional: the flow between organisations is counted as it was on the day.
    from_organisation_id   integer     REFERENCES organisation (id),
    to_professional_id     integer     REFERENCES professional (id),
    to_organisation_id     integer     NOT NULL REFERENCES organisation (id),
    -- A short question without medical details (design.md §4).
    zorgvraag              text        NOT NULL CHECK (char_length(btrim(zorgvraag)) BETWEEN 3 AND 500),
    zorgvraag_category     text        CHECK (char_length(btrim(zorgvraag_category)) BETWEEN 2 AND 60),
    leefgebied_id          integer     NOT NULL REFERENCES leefgebied (id),
    consent_share_contact  boolean     NOT NULL DEFAULT false,
    consent_feedback       boolean     NOT NULL DEFAULT false,
    spoed                  boolean     NOT NULL DEFAULT false,
    status                 text        NOT NULL DEFAULT 'verzonden' CHECK (status IN
                               ('verzonden', 'geaccepteerd', 'contact_gelegd', 'afgerond', 'afgewezen', 'niet_bereikt', 'geannuleerd')),
    outcome                text        CHECK (outcome IN ('geholpen', 'doorverwezen', 'niet_verschenen', 'anders')),
    status_reason          text        CHECK (char_length(btrim(status_reason)) BETWEEN 2 AND 200),
    status_changed_at      timestamptz NOT NULL DEFAULT now(),
    created_by             integer     REFERENCES app_user (id),
    request_id             uuid        NOT NULL,
    created_at             timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT referral_request_unique UNIQUE (request_id),
    -- Never another plein's visitor, and never a visit of somebody else.
    CONSTRAINT referral_visitor_same_plein FOREIGN KEY (visitor_id, plein_id) REFERENCES visitor (id, plein_id),
    CONSTRAINT referral_visit_of_visitor FOREIGN KEY (visit_id, visitor_id) REFERENCES visit (id, visitor_id),
    CONSTRAINT referral_sender_consistent CHECK (
        (from_kind = 'professional'     AND from_professional_id IS NOT NULL AND from_organisation_id IS NOT NULL) OR
        (from_kind = 'organisation'     AND from_professional_id IS NULL     AND from_organisation_id IS NOT NULL) OR
        (from_kind = 'eigen_initiatief' AND from_professional_id IS NULL     AND from_organisation_id IS NULL)),
    CONSTRAINT referral_visit_needs_visitor CHECK (visit_id IS NULL OR visitor_id IS NOT NULL),
    CONSTRAINT referral_outcome_only_when_done CHECK ((status = 'afgerond') = (outcome IS NOT NULL)),
    CONSTRAINT referral_reason_when_refused CHECK (status NOT IN ('afgewezen', 'niet_bereikt') OR status_reason IS NOT NULL)
);
CREATE INDEX referral_plein_date ON referral (plein_id, referred_on);
CREATE INDEX referral_to_organisation ON referral (to_organisation_id, status);
CREATE INDEX referral_to_professional ON referral (to_professional_id, status) WHERE to_professional_id IS NOT NULL;
CREATE INDEX referral_from_professional ON referral (from_professional_id) WHERE from_professional_id IS NOT NULL;
CREATE INDEX referral_visitor ON referral (visitor_id) WHERE visitor_id IS NOT NULL;

-- Every status change of a referral, the first 'verzonden' included: who, when, why.
CREATE TABLE referral_status_event (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    referral_id  integer     NOT NULL REFERENCES referral (id),
    status       text        NOT NULL CHECK (status IN
                     ('verzonden', 'geaccepteerd', 'contact_gelegd', 'afgerond', 'afgewezen', 'niet_bereikt', 'geannuleerd')),
    outcome      text        CHECK (outcome IN ('geholpen', 'doorverwezen', 'niet_verschenen', 'anders')),
    reason       text        CHECK (char_length(btrim(reason)) BETWEEN 2 AND 200),
    note         text        CHECK (char_length(note) <= 500),
    changed_by   integer     REFERENCES app_user (id),
    changed_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT referral_status_event_outcome CHECK ((status = 'afgerond') = (outcome IS NOT NULL)),
    CONSTRAINT referral_status_event_reason CHECK (status NOT IN ('afgewezen', 'niet_bereikt') OR reason IS NOT NULL)
);
CREATE INDEX referral_status_event_referral ON referral_status_event (referral_id, changed_at);
