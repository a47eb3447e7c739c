-- The gids's language facet starts from the professionals who speak a language (a semi-join on
-- professional_language); its primary key leads with professional_id, so it needs this one.
CREATE INDEX professional_language_code ON professional_language (language_code, professional_id);
