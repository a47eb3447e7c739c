-- The members of one plein and the beheerders: the access report asks, per referral, which accounts may see its
-- contact details, and only those can (NeedToKnow.AccountsAtPleinOf). The primary key (user_id, plein_id) answers
-- "the pleinen of one account", not this; without these each referral scanned all of app_user_plein and app_user
-- (20,000 accounts at region scale).
CREATE INDEX app_user_plein_plein ON app_user_plein (plein_id, user_id);
CREATE INDEX app_user_beheerder ON app_user (id) WHERE role = 'beheerder';
