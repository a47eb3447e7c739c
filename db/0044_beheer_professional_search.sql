-- The beheer's professional list searches names and organisation names for a part of a word (LIKE '%…%', folded).
-- Professional names have had a trigram index since 0009; organisation names get one, so that each half of the search
-- is an index lookup instead of folding every name of the join.
CREATE INDEX organisation_name_trgm ON organisation USING gin (lower(immutable_unaccent(name)) gin_trgm_ops);
