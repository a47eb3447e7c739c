-- The gids API (HSDS export) reads each page's spreekuren per organisation and per professional; without these
-- every row of a page would scan the whole spreekuur table (thousands of rows in a region of many pleinen).
CREATE INDEX spreekuur_organisation ON spreekuur (organisation_id) WHERE professional_id IS NULL;
CREATE INDEX spreekuur_professional ON spreekuur (professional_id) WHERE professional_id IS NOT NULL;
