-- Judging in the listening room (issue 18): a rating per take (keep or skip), one row per judged beat.
--
-- verdict is the beat's rating as the list filters it: 'keep' when a take is kept, else 'skip'. A beat without a
-- judged take has no row ('unrated'). created_at copies beat.created_at so that a rating filter walks the index
-- (verdict, created_at, beat_id) newest first and stops after one page, like beat_tag's (tag, created_at, beat_id).
-- The beats per verdict are counted in beat_facet_count (facet 'rating'), so a rated list's total is a key read.
CREATE TABLE beat_rating (
    beat_id           CHAR(36)     NOT NULL,
    primary_rating    VARCHAR(4)   CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    alternate_rating  VARCHAR(4)   CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    verdict           VARCHAR(4)   CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    created_at        DATETIME(3)  NOT NULL COMMENT 'copy of beat.created_at, for newest-first rating pages',
    rated_at          DATETIME(3)  NOT NULL,
    PRIMARY KEY (beat_id),
    CONSTRAINT fk_beat_rating_beat FOREIGN KEY (beat_id) REFERENCES beat (id) ON DELETE CASCADE,
    CONSTRAINT ck_beat_rating_primary CHECK (primary_rating IN ('keep', 'skip')),
    CONSTRAINT ck_beat_rating_alternate CHECK (alternate_rating IN ('keep', 'skip')),
    CONSTRAINT ck_beat_rating_verdict CHECK (verdict IN ('keep', 'skip')),
    INDEX ix_beat_rating_verdict_created (verdict, created_at, beat_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

ALTER TABLE beat_facet_count DROP CONSTRAINT ck_beat_facet_count_facet;
ALTER TABLE beat_facet_count
    ADD CONSTRAINT ck_beat_facet_count_facet CHECK (facet IN ('all', 'genre', 'style', 'mood', 'tag', 'rating'));
