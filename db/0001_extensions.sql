-- Contrib extensions the gids search needs: trigram similarity (typo tolerance) and accent folding.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;
