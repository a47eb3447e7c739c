-- The quarterly newsletter of a plein (plein_id set) or of a region (plein_id NULL, pleinen listed).
CREATE TABLE newsletter (
    id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plein_id           integer     REFERENCES plein (id),
    year               smallint    NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    quarter            smallint    NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    status             text        NOT NULL DEFAULT 'concept' CHECK (status IN ('concept', 'verzonden')),
    note               text        CHECK (char_length(note) <= 1500),
    pdf                bytea,
    pdf_generated_at   timestamptz,
    sent_at            timestamptz,
    sent_by            integer     REFERENCES app_user (id),
    created_at         timestamptz NOT NULL DEFAULT now(),
    -- One newsletter per plein and quarter, and one regional one: re-running the job never makes two.
    CONSTRAINT newsletter_quarter_unique UNIQUE NULLS NOT DISTINCT (plein_id, year, quarter),
    CONSTRAINT newsletter_sent_consistent CHECK ((status = 'verzonden') = (sent_at IS NOT NULL)),
    CONSTRAINT newsletter_sent_has_pdf CHECK (status <> 'verzonden' OR pdf IS NOT NULL),
    CONSTRAINT newsletter_pdf_dated CHECK ((pdf IS NULL) = (pdf_generated_at IS NULL))
);

CREATE TABLE newsletter_region_plein (
    newsletter_id  integer NOT NULL REFERENCES newsletter (id),
    plein_id       integer NOT NULL REFERENCES plein (id),
    PRIMARY KEY (newsletter_id, plein_id)
);

CREATE TABLE newsletter_subscriber (
    id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plein_id           integer     NOT NULL REFERENCES plein (id),
    name               text        NOT NULL CHECK (char_length(btrim(name)) BETWEEN 2 AND 120),
    organisation_name  text        NOT NULL DEFAULT '' CHECK (char_length(organisation_name) <= 160),
    email              text        NOT NULL CHECK (email = lower(email) AND email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' AND char_length(email) <= 254),
    unsubscribed_at    timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT newsletter_subscriber_email_unique UNIQUE (plein_id, email)
);

-- One row per newsletter and address: a retry or a crash never mails anyone twice.
CREATE TABLE newsletter_delivery (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    newsletter_id  integer     NOT NULL REFERENCES newsletter (id),
    subscriber_id  integer     REFERENCES newsletter_subscriber (id),
    email          text        NOT NULL CHECK (email = lower(email) AND email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' AND char_length(email) <= 254),
    status         text        NOT NULL DEFAULT 'wachtend' CHECK (status IN ('wachtend', 'verzonden', 'mislukt')),
    attempts       smallint    NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error     text        CHECK (char_length(last_error) <= 1000),
    sent_at        timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT newsletter_delivery_unique UNIQUE (newsletter_id, email),
    CONSTRAINT newsletter_delivery_sent_consistent CHECK ((status = 'verzonden') = (sent_at IS NOT NULL))
);
