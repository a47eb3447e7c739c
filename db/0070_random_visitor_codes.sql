-- New visitor codes are random with a check character (B-K7QM-4XRA: seven characters of an alphabet without 0, O, 1,
-- I and L, and one check character; SociaalPlein.Data/Bezoekers/VisitorCode.cs), so that nobody reaches a visitor by
-- counting up and a typo at the desk is caught. The numbered codes handed out before (B-2026-0042) stay valid.
-- visitor_code_counter is no longer written; it stays, as a record of the numbers handed out.
ALTER TABLE visitor DROP CONSTRAINT visitor_code_check;
ALTER TABLE visitor ADD CONSTRAINT visitor_code_check
    CHECK (code ~ '^B-[0-9]{4}-[0-9]{4,6}$' OR code ~ '^B-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$');
