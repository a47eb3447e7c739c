-- One definition for two rules that several tables check, so a change reaches every table at once instead of
-- drifting: what an e-mail address looks like (directory entries may leave it empty; accounts, subscribers and
-- deliveries also keep it lower-case and at most 254 characters, the SMTP limit), and which statuses a referral and its
-- status events can have. The constraints keep their names, so errors and tests read as before.

CREATE FUNCTION is_email_address(value text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN value ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$';

-- Stored addresses of accounts and newsletter mail: compared as typed, so always lower-case.
CREATE FUNCTION is_stored_email_address(value text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN value = lower(value) AND is_email_address(value) AND char_length(value) <= 254;

CREATE FUNCTION is_referral_status(value text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN value IN ('verzonden', 'geaccepteerd', 'contact_gelegd', 'afgerond', 'afgewezen', 'niet_bereikt', 'geannuleerd');

ALTER TABLE organisation DROP CONSTRAINT organisation_email_check,
    ADD CONSTRAINT organisation_email_check CHECK (email = '' OR is_email_address(email));
ALTER TABLE professional DROP CONSTRAINT professional_email_check,
    ADD CONSTRAINT professional_email_check CHECK (email = '' OR is_email_address(email));
ALTER TABLE app_user DROP CONSTRAINT app_user_email_check,
    ADD CONSTRAINT app_user_email_check CHECK (is_stored_email_address(email));
ALTER TABLE newsletter_subscriber DROP CONSTRAINT newsletter_subscriber_email_check,
    ADD CONSTRAINT newsletter_subscriber_email_check CHECK (is_stored_email_address(email));
ALTER TABLE newsletter_delivery DROP CONSTRAINT newsletter_delivery_email_check,
    ADD CONSTRAINT newsletter_delivery_email_check CHECK (is_stored_email_address(email));

ALTER TABLE referral DROP CONSTRAINT referral_status_check,
    ADD CONSTRAINT referral_status_check CHECK (is_referral_status(status));
ALTER TABLE referral_status_event DROP CONSTRAINT referral_status_event_status_check,
    ADD CONSTRAINT referral_status_event_status_check CHECK (is_referral_status(status));
