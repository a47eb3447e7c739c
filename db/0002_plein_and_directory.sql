-- The pleinen, the partner organisations and their professionals, the leefgebieden taxonomy and the
-- spreekuren: everything the gids and the public schedule show.

CREATE TABLE plein (
    id                             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                           text        NOT NULL CHECK (char_length(btrim(name)) BETWEEN 2 AND 120),
    municipality                   text        NOT NULL CHECK (char_length(btrim(municipality)) BETWEEN 2 AND 80),
    address                        text        NOT NULL DEFAULT '' CHECK (char_length(address) <= 200),
    opened_on                      date        NOT NULL,
    -- A visitor is a veelbezoeker with at least this many visits within the window (issue: register).
    frequent_visitor_threshold     smallint    NOT NULL DEFAULT 3 CHECK (frequent_visitor_threshold BETWEEN 2 AND 50),
    frequent_visitor_window_days   smallint    NOT NULL DEFAULT 90 CHECK (frequent_visitor_window_days BETWEEN 7 AND 366),
    -- Contact details of visitors are erased this long after the last contact (design.md §4).
    contact_retention_months       smallint    NOT NULL DEFAULT 12 CHECK (contact_retention_months BETWEEN 1 AND 60),
    newsletter_auto_send           boolean     NOT NULL DEFAULT false,
    active                         boolean     NOT NULL DEFAULT true,
    created_at                     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT plein_name_unique UNIQUE (name)
);

-- The neighbourhoods a plein serves; visitors may be recorded by wijk instead of postcode.
CREATE TABLE wijk (
    id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plein_id   integer NOT NULL REFERENCES plein (id),
    name       text    NOT NULL CHECK (char_length(btrim(name)) BETWEEN 2 AND 80),
    CONSTRAINT wijk_name_unique UNIQUE (plein_id, name),
    -- Lets a visitor's wijk be required to lie in the visitor's own plein.
    CONSTRAINT wijk_plein_unique UNIQUE (id, plein_id)
);

CREATE TABLE leefgebied (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Stable across renames: exports, URLs and the newsletter refer to the code, never to the name.
    code        text     NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
    name        text     NOT NULL CHECK (char_length(btrim(name)) BETWEEN 2 AND 80),
    description text     NOT NULL DEFAULT '' CHECK (char_length(description) <= 500),
    -- Words residents and colleagues use for it ("schulden" for financiën); the gids searches them too.
    synonyms    text[]   NOT NULL DEFAULT '{}' CHECK (cardinality(synonyms) <= 50),
    sort_order  smallint NOT NULL DEFAULT 0,
    -- Retired, never deleted while referrals point to it (design.md §3).
    active      boolean  NOT NULL DEFAULT true,
    CONSTRAINT leefgebied_code_unique UNIQUE (code),
    CONSTRAINT leefgebied_name_unique UNIQUE (name)
);

CREATE TABLE organisation (
    id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name               text        NOT NULL CHECK (char_length(btrim(name)) BETWEEN 2 AND 160),
    domein             text        NOT NULL CHECK (domein IN ('medisch', 'sociaal', 'welzijn', 'overig')),
    -- What kind of organisation, in the words of the field: huisartsenpraktijk, wijkteam, schuldhulp…
    kind               text        NOT NULL DEFAULT '' CHECK (char_length(kind) <= 80),
    description        text        NOT NULL DEFAULT '' CHECK (char_length(description) <= 2000),
    phone              text        NOT NULL DEFAULT '' CHECK (phone ~ '^[0-9 +()-]{0,20}$'),
    email              text        NOT NULL DEFAULT '' CHECK (email = '' OR email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
    website            text        NOT NULL DEFAULT '' CHECK (website = '' OR website ~ '^https?://'),
    street             text        NOT NULL DEFAULT '' CHECK (char_length(street) <= 120),
    postcode           text        NOT NULL DEFAULT '' CHECK (postcode = '' OR postcode ~ '^[1-9][0-9]{3} ?[A-Z]{2}$'),
    city               text        NOT NULL DEFAULT '' CHECK (char_length(city) <= 80),
    capacity           text        NOT NULL DEFAULT 'ruimte' CHECK (capacity IN ('ruimte', 'wachtlijst', 'vol')),
    capacity_weeks     smallint    CHECK (capacity_weeks BETWEEN 1 AND 104),
    capacity_set_at    timestamptz NOT NULL DEFAULT now(),
    verified_at        timestamptz NOT NULL DEFAULT now(),
    active             boolean     NOT NULL DEFAULT true,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    -- A waiting list says how long; the other states carry no number.
    CONSTRAINT organisation_capacity_weeks CHECK ((capacity = 'wachtlijst') = (capacity_weeks IS NOT NULL))
);

CREATE TABLE organisation_plein (
    organisation_id integer NOT NULL REFERENCES organisation (id),
    plein_id        integer NOT NULL REFERENCES plein (id),
    PRIMARY KEY (organisation_id, plein_id)
);
CREATE INDEX organisation_plein_plein ON organisation_plein (plein_id);

CREATE TABLE organisation_leefgebied (
    organisation_id integer NOT NULL REFERENCES organisation (id),
    leefgebied_id   integer NOT NULL REFERENCES leefgebied (id),
    PRIMARY KEY (organisation_id, leefgebied_id)
);

CREATE TABLE professional (
    id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id  integer     NOT NULL REFERENCES organisation (id),
    name             text        NOT NULL CHECK (char_length(btrim(name)) BETWEEN 2 AND 120),
    function         text        NOT NULL CHECK (char_length(btrim(function)) BETWEEN 2 AND 120),
    email            text        NOT NULL DEFAULT '' CHECK (email = '' OR email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
    phone            text        NOT NULL DEFAULT '' CHECK (phone ~ '^[0-9 +()-]{0,20}$'),
    -- "Waarmee kun je bij mij terecht": the professional's own words for colleagues.
    about            text        NOT NULL DEFAULT '' CHECK (char_length(about) <= 2000),
    capacity         text        NOT NULL DEFAULT 'ruimte' CHECK (capacity IN ('ruimte', 'wachtlijst', 'vol')),
    capacity_weeks   smallint    CHECK (capacity_weeks BETWEEN 1 AND 104),
    capacity_set_at  timestamptz NOT NULL DEFAULT now(),
    verified_at      timestamptz NOT NULL DEFAULT now(),
    active           boolean     NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT professional_capacity_weeks CHECK ((capacity = 'wachtlijst') = (capacity_weeks IS NOT NULL))
);
CREATE INDEX professional_organisation ON professional (organisation_id);

CREATE TABLE professional_plein (
    professional_id integer NOT NULL REFERENCES professional (id),
    plein_id        integer NOT NULL REFERENCES plein (id),
    PRIMARY KEY (professional_id, plein_id)
);
CREATE INDEX professional_plein_plein ON professional_plein (plein_id);

CREATE TABLE professional_leefgebied (
    professional_id integer NOT NULL REFERENCES professional (id),
    leefgebied_id   integer NOT NULL REFERENCES leefgebied (id),
    PRIMARY KEY (professional_id, leefgebied_id)
);
CREATE INDEX professional_leefgebied_leefgebied ON professional_leefgebied (leefgebied_id);

CREATE TABLE language (
    -- ISO 639-1, or 639-3 where a language has no two-letter code (e.g. 'tzm' for Tamazight).
    code  text NOT NULL PRIMARY KEY CHECK (code ~ '^[a-z]{2,3}$'),
    name  text NOT NULL CHECK (char_length(btrim(name)) BETWEEN 2 AND 60),
    CONSTRAINT language_name_unique UNIQUE (name)
);

CREATE TABLE professional_language (
    professional_id integer NOT NULL REFERENCES professional (id),
    language_code   text    NOT NULL REFERENCES language (code),
    PRIMARY KEY (professional_id, language_code)
);

-- A recurring consultation (spreekuur) or walk-in hour (inloop) at the plein.
CREATE TABLE spreekuur (
    id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plein_id         integer  NOT NULL REFERENCES plein (id),
    organisation_id  integer  NOT NULL REFERENCES organisation (id),
    professional_id  integer  REFERENCES professional (id),
    kind             text     NOT NULL CHECK (kind IN ('spreekuur', 'inloop')),
    title            text     NOT NULL CHECK (char_length(btrim(title)) BETWEEN 2 AND 120),
    -- ISO weekday: 1 = maandag … 7 = zondag.
    weekday          smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    starts_at        time     NOT NULL,
    ends_at          time     NOT NULL,
    location         text     NOT NULL DEFAULT '' CHECK (char_length(location) <= 120),
    valid_from       date     NOT NULL,
    valid_until      date,
    active           boolean  NOT NULL DEFAULT true,
    CONSTRAINT spreekuur_times CHECK (ends_at > starts_at),
    CONSTRAINT spreekuur_validity CHECK (valid_until IS NULL OR valid_until >= valid_from)
);
CREATE INDEX spreekuur_plein ON spreekuur (plein_id, weekday);

CREATE TABLE spreekuur_leefgebied (
    spreekuur_id  integer NOT NULL REFERENCES spreekuur (id),
    leefgebied_id integer NOT NULL REFERENCES leefgebied (id),
    PRIMARY KEY (spreekuur_id, leefgebied_id)
);
