-- GET /api/beats at a million beats (issue 5). Two changes:
--
-- 1. beat_tag carries its beat's created_at, so a tag filter walks the index (tag, created_at, beat_id) newest first
--    and stops after one page (keyset or short OFFSET), instead of collecting every beat with the tag and sorting.
--    The old (tag, beat_id) index is replaced: the primary key (beat_id, tag) answers "has this beat that tag".
-- 2. beat_facet_count keeps the number of beats overall ('all', '') and per genre, style, mood and tag, so the
--    list's total for none or one criterion is one primary-key read instead of counting up to a million rows.
--    Written in the same transaction as the beat (BeatCounts.added) and rebuilt from scratch by BeatCounts.rebuild.

ALTER TABLE beat_tag ADD COLUMN created_at DATETIME(3) NULL COMMENT 'copy of beat.created_at, for newest-first tag pages';

UPDATE beat_tag t JOIN beat b ON b.id = t.beat_id SET t.created_at = b.created_at;

ALTER TABLE beat_tag
    MODIFY created_at DATETIME(3) NOT NULL COMMENT 'copy of beat.created_at, for newest-first tag pages',
    ADD INDEX ix_beat_tag_tag_created (tag, created_at, beat_id),
    DROP INDEX ix_beat_tag_tag;

CREATE TABLE beat_facet_count (
    facet  VARCHAR(8)    CHARACTER SET ascii COLLATE ascii_bin NOT NULL COMMENT 'all, genre, style, mood or tag',
    value  VARCHAR(100)  NOT NULL COMMENT 'compared like the beat columns: ignoring case',
    beats  BIGINT        NOT NULL,
    PRIMARY KEY (facet, value),
    CONSTRAINT ck_beat_facet_count_facet CHECK (facet IN ('all', 'genre', 'style', 'mood', 'tag')),
    CONSTRAINT ck_beat_facet_count_beats CHECK (beats >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO beat_facet_count (facet, value, beats)
SELECT 'all' AS facet, '' AS value, COUNT(*) AS beats FROM beat
UNION ALL SELECT 'genre' AS facet, b.genre AS value, COUNT(*) AS beats FROM beat b GROUP BY b.genre
UNION ALL SELECT 'style' AS facet, b.style AS value, COUNT(*) AS beats FROM beat b GROUP BY b.style
UNION ALL SELECT 'mood' AS facet, b.mood AS value, COUNT(*) AS beats FROM beat b GROUP BY b.mood
UNION ALL SELECT 'tag' AS facet, t.tag AS value, COUNT(*) AS beats FROM beat_tag t GROUP BY t.tag;
