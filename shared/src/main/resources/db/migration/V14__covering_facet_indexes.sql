-- Lists filtered by two or more of genre, style, mood (and, for prompts, template) walk the index of the most
-- selective criterion and test the others on each entry. Carrying the other facet columns in each facet index makes
-- that test, and the bounded count of a multi-criteria total, an index-only scan: no primary-key lookup per entry.
-- The index names stay (FacetedTable.index derives them from the facet); each is replaced in one statement.
ALTER TABLE beat
    DROP INDEX ix_beat_genre_created, ADD INDEX ix_beat_genre_created (genre, created_at, id, style, mood),
    DROP INDEX ix_beat_style_created, ADD INDEX ix_beat_style_created (style, created_at, id, genre, mood),
    DROP INDEX ix_beat_mood_created, ADD INDEX ix_beat_mood_created (mood, created_at, id, genre, style);

ALTER TABLE prompt_record
    DROP INDEX ix_prompt_record_template_created,
    ADD INDEX ix_prompt_record_template_created (template_id, created_at, id, genre, style, mood),
    DROP INDEX ix_prompt_record_genre_created, ADD INDEX ix_prompt_record_genre_created (genre, created_at, id, template_id, style, mood),
    DROP INDEX ix_prompt_record_style_created, ADD INDEX ix_prompt_record_style_created (style, created_at, id, template_id, genre, mood),
    DROP INDEX ix_prompt_record_mood_created, ADD INDEX ix_prompt_record_mood_created (mood, created_at, id, template_id, genre, style);
