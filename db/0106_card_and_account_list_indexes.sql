-- A visitor's agreements to metingen, for their card and access report: meting_agreement_in_force covers only the
-- agreement in force, so the card's list of every agreement (withdrawn ones too) scanned all of them (333,333 at
-- region scale: 40-56 ms for every card).
CREATE INDEX meting_agreement_visitor ON meting_agreement (visitor_id, given_at);

-- The beheer's account list in its order, so that its first 200 are read from the index instead of sorting every
-- account of a region.
CREATE INDEX app_user_display_name ON app_user (display_name, id);
