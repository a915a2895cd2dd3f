-- As V17 for prompts: a beat list by genre, style or mood and a tag walked one index and checked the other criterion
-- per entry, long when the two rarely meet. The tag rows carry their beat's genre, style and mood, each with a
-- (facet, tag, created_at, beat_id) index: such a pair is one index range, newest first (FacetedTable.carried).
ALTER TABLE beat_tag
    ADD COLUMN genre VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci NULL COMMENT 'copy of beat.genre',
    ADD COLUMN style VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci NULL COMMENT 'copy of beat.style',
    ADD COLUMN mood  VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci NULL COMMENT 'copy of beat.mood';

UPDATE beat_tag t JOIN beat b ON b.id = t.beat_id SET t.genre = b.genre, t.style = b.style, t.mood = b.mood;

ALTER TABLE beat_tag
    MODIFY genre VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci NOT NULL COMMENT 'copy of beat.genre',
    MODIFY style VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci NOT NULL COMMENT 'copy of beat.style',
    MODIFY mood  VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci NOT NULL COMMENT 'copy of beat.mood',
    ADD INDEX ix_beat_tag_genre_tag_created (genre, tag, created_at, beat_id),
    ADD INDEX ix_beat_tag_style_tag_created (style, tag, created_at, beat_id),
    ADD INDEX ix_beat_tag_mood_tag_created (mood, tag, created_at, beat_id);
