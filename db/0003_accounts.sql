-- Our own user accounts (cookie authentication, ASP.NET Core's PasswordHasher) and plein membership.
CREATE TABLE app_user (
    id                   integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Stored lower-cased so a login by "Naam@Org.nl" finds "naam@org.nl".
    email                text        NOT NULL CHECK (email = lower(email) AND email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' AND char_length(email) <= 254),
    display_name         text        NOT NULL CHECK (char_length(btrim(display_name)) BETWEEN 2 AND 120),
    -- NULL until an invited user sets a password.
    password_hash        text,
    -- Roles nest: a beheerder may do all a projectleider may, a projectleider all a professional may.
    role                 text        NOT NULL CHECK (role IN ('professional', 'projectleider', 'beheerder')),
    professional_id      integer     REFERENCES professional (id),
    active               boolean     NOT NULL DEFAULT true,
    failed_login_count   smallint    NOT NULL DEFAULT 0 CHECK (failed_login_count >= 0),
    locked_until         timestamptz,
    -- Changes whenever roles, password or activity change, so older cookies stop working.
    security_stamp       uuid        NOT NULL DEFAULT gen_random_uuid(),
    last_login_at        timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT app_user_email_unique UNIQUE (email),
    -- One account per professional, so "my referrals" means one person's.
    CONSTRAINT app_user_professional_unique UNIQUE (professional_id)
);

CREATE TABLE app_user_plein (
    user_id   integer NOT NULL REFERENCES app_user (id),
    plein_id  integer NOT NULL REFERENCES plein (id),
    PRIMARY KEY (user_id, plein_id)
);
