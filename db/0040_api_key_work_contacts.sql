-- What an API key may read beyond the public directory: the professionals' work e-mail and phone. Off unless the
-- beheerder allows it for that one key, because another sociale kaart that only shows who works where has no need
-- of them (need to know, design.md §4).
ALTER TABLE plein_api_key ADD COLUMN work_contacts boolean NOT NULL DEFAULT false;
