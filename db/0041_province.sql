-- The province of a plein's and an organisation's address. Open Referral HSDS requires it in every address
-- (state_province) and neither the one-line plein address nor the organisation's street, postcode and city carry it;
-- a municipality's province is not derivable from its name without a register we do not keep. Empty means "not yet
-- known": the HSDS API then leaves that address out rather than guess.
ALTER TABLE plein ADD COLUMN province text NOT NULL DEFAULT ''
    CONSTRAINT plein_province_check CHECK (province IN ('', 'Groningen', 'Friesland', 'Drenthe', 'Overijssel', 'Flevoland',
        'Gelderland', 'Utrecht', 'Noord-Holland', 'Zuid-Holland', 'Zeeland', 'Noord-Brabant', 'Limburg'));
ALTER TABLE organisation ADD COLUMN province text NOT NULL DEFAULT ''
    CONSTRAINT organisation_province_check CHECK (province IN ('', 'Groningen', 'Friesland', 'Drenthe', 'Overijssel', 'Flevoland',
        'Gelderland', 'Utrecht', 'Noord-Holland', 'Zuid-Holland', 'Zeeland', 'Noord-Brabant', 'Limburg'));
