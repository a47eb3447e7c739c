-- Metingen: with the visitor's agreement, a professional records per leefgebied the conversation was about how
-- self-reliant the visitor is on a five-step scale, so that the plein can tell whether its support helped. The steps'
-- words are our own (meting_step), editable by the beheerder. A score on a health leefgebied is health data (AVG
-- art. 9): those leefgebieden take a meting only where the beheerder switched them on for the plein (plein_meting).

-- The two leefgebieden whose score is health data. A column, not a list of codes in the queries: a beheerder who adds a
-- leefgebied about health marks it here too.
ALTER TABLE leefgebied ADD COLUMN health boolean NOT NULL DEFAULT false;
UPDATE leefgebied SET health = true WHERE code IN ('geestelijke_gezondheid', 'lichamelijke_gezondheid');

-- The five steps, 1 the lowest. Labels and descriptions are what the desk, the card and the newsletter show.
CREATE TABLE meting_step (
    step         smallint    NOT NULL PRIMARY KEY CHECK (step BETWEEN 1 AND 5),
    label        text        NOT NULL CHECK (char_length(btrim(label)) BETWEEN 2 AND 40),
    description  text        NOT NULL CHECK (char_length(btrim(description)) BETWEEN 5 AND 200),
    updated_by   integer     REFERENCES app_user (id),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
INSERT INTO meting_step (step, label, description) VALUES
    (1, 'Acute problemen', 'Er is nu een crisis op dit gebied; zonder directe hulp gaat het mis.'),
    (2, 'Niet zelfredzaam', 'Het lukt niet alleen; er is veel hulp van anderen nodig om het vol te houden.'),
    (3, 'Beperkt zelfredzaam', 'Met regelmatige hulp of steun gaat het redelijk, maar het blijft wankel.'),
    (4, 'Voldoende zelfredzaam', 'Het gaat grotendeels zelf; af en toe een steuntje in de rug is genoeg.'),
    (5, 'Volledig zelfredzaam', 'Het gaat helemaal zelf, ook als er iets tegenzit.');

-- Per plein: whether the health leefgebieden take a meting (off unless a beheerder switches it on), and after how many
-- months without a meting a visitor who still visits appears on the follow-up list. No row: the defaults.
CREATE TABLE plein_meting (
    plein_id          integer     NOT NULL PRIMARY KEY REFERENCES plein (id),
    health_enabled    boolean     NOT NULL DEFAULT false,
    followup_months   smallint    NOT NULL DEFAULT 3 CHECK (followup_months BETWEEN 1 AND 24),
    updated_by        integer     REFERENCES app_user (id),
    updated_at        timestamptz NOT NULL DEFAULT now()
);

-- The visitor's agreement to metingen: given (who recorded it, when) and possibly withdrawn (who, when). Withdrawn is
-- final for that row; agreeing again later is a new row, so the history of both stays. At most one row in force per
-- visitor.
CREATE TABLE meting_agreement (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    visitor_id    integer     NOT NULL REFERENCES visitor (id),
    given_at      timestamptz NOT NULL DEFAULT now(),
    given_by      integer     REFERENCES app_user (id),
    withdrawn_at  timestamptz,
    withdrawn_by  integer     REFERENCES app_user (id),
    CONSTRAINT meting_agreement_withdrawn_after_given CHECK (withdrawn_at IS NULL OR withdrawn_at >= given_at),
    CONSTRAINT meting_agreement_withdrawer_when_withdrawn CHECK (withdrawn_by IS NULL OR withdrawn_at IS NOT NULL),
    CONSTRAINT meting_agreement_of_visitor UNIQUE (id, visitor_id)
);
CREATE UNIQUE INDEX meting_agreement_in_force ON meting_agreement (visitor_id) WHERE withdrawn_at IS NULL;

-- A visit's date travels with its metingen (the meting's own date, for the figures without a join).
ALTER TABLE visit ADD CONSTRAINT visit_dated_unique UNIQUE (id, visitor_id, visited_on);

-- One step per leefgebied per visit, taken at that visit under an agreement of that visitor.
CREATE TABLE meting (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plein_id       integer     NOT NULL REFERENCES plein (id),
    visitor_id     integer     NOT NULL,
    visit_id       integer     NOT NULL,
    measured_on    date        NOT NULL,
    leefgebied_id  integer     NOT NULL REFERENCES leefgebied (id),
    step           smallint    NOT NULL CONSTRAINT meting_step_range CHECK (step BETWEEN 1 AND 5),
    agreement_id   bigint      NOT NULL,
    registered_by  integer     REFERENCES app_user (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT meting_visitor_same_plein FOREIGN KEY (visitor_id, plein_id) REFERENCES visitor (id, plein_id),
    CONSTRAINT meting_of_visit FOREIGN KEY (visit_id, visitor_id, measured_on)
        REFERENCES visit (id, visitor_id, visited_on) ON UPDATE CASCADE,
    CONSTRAINT meting_under_agreement FOREIGN KEY (agreement_id, visitor_id) REFERENCES meting_agreement (id, visitor_id),
    CONSTRAINT meting_one_per_leefgebied UNIQUE (visit_id, leefgebied_id)
);
CREATE INDEX meting_visitor ON meting (visitor_id, leefgebied_id, measured_on);
CREATE INDEX meting_plein_date ON meting (plein_id, measured_on);

-- The database refuses what the desk refuses: a meting under a withdrawn agreement, and a meting on a health
-- leefgebied where the plein did not switch those on. Named like constraints, so callers and tests see which rule.
CREATE FUNCTION meting_allowed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM meting_agreement a WHERE a.id = NEW.agreement_id AND a.withdrawn_at IS NOT NULL) THEN
        RAISE EXCEPTION 'meting under a withdrawn agreement' USING ERRCODE = 'check_violation',
            CONSTRAINT = 'meting_agreement_not_withdrawn', TABLE = 'meting';
    END IF;
    IF EXISTS (SELECT 1 FROM leefgebied l WHERE l.id = NEW.leefgebied_id AND l.health)
       AND NOT EXISTS (SELECT 1 FROM plein_meting p WHERE p.plein_id = NEW.plein_id AND p.health_enabled) THEN
        RAISE EXCEPTION 'meting on a health leefgebied at a plein without them' USING ERRCODE = 'check_violation',
            CONSTRAINT = 'meting_health_switched_on', TABLE = 'meting';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER meting_allowed BEFORE INSERT OR UPDATE OF agreement_id, leefgebied_id, plein_id ON meting
    FOR EACH ROW EXECUTE FUNCTION meting_allowed();

-- A meting registered late or corrected reaches a closed quarter's kept dashboard figures (db/0032). Erasing metingen
-- on the visitor's request does not: the figures already counted and published stay as they were (they name nobody),
-- a quarter not yet counted is counted without them.
CREATE TRIGGER meting_dataset_figures AFTER INSERT OR UPDATE ON meting
    FOR EACH ROW EXECUTE FUNCTION dataset_figures_row_changed('measured_on');

-- The figures gain a metingen section: quarters kept before it existed are counted again on their next view.
UPDATE dataset_figures_version SET version = version + 1;
DELETE FROM dataset_figures;

-- A meting is never rewritten: inserted with its visit, deleted only when the visitor withdraws agreement and asks for
-- erasure. An agreement is withdrawn by an UPDATE and kept as evidence of what the visitor agreed to, never deleted.
-- The five steps are fixed; only their words change.
REVOKE UPDATE, TRUNCATE ON meting FROM sociaalplein_app;
REVOKE DELETE, TRUNCATE ON meting_agreement FROM sociaalplein_app;
REVOKE INSERT, DELETE, TRUNCATE ON meting_step FROM sociaalplein_app;
