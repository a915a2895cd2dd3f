-- Every API endpoint fast at a million beats, and an exact sliding-window rate limit (issue 14).
--
-- 1. The rate limit keeps, per client IP, one row per accepted request of the last window ("slots", at most
--    RATE_LIMIT_MAX_REQUESTS): a request is accepted by claiming a slot that is older than the window (one UPDATE …
--    LIMIT 1) or by adding a slot while there are fewer than the maximum. The unique (client_ip, slot) key makes it
--    exact across concurrent Lambda instances; the oldest slot tells the true Retry-After. Replaces the fixed
--    windows of V4, which accepted 200 requests within seconds around a minute boundary.
-- 2. Prompt records carry the genre, style and mood of the template they were written for, and their tags carry the
--    record's created_at, so every prompt filter walks one index newest first (as beats do since V5);
--    prompt_facet_count keeps the number of records overall and per template, genre, style, mood and tag, written
--    in the transaction that writes the record (FacetCounts.PROMPTS).
-- 3. beat_job (status, completed_at): /api/stats counts the last 24 hours' finished jobs on a range of this index.

DROP TABLE api_rate_limit;

CREATE TABLE api_rate_limit_slot (
    client_ip    VARCHAR(64)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL COMMENT 'API Gateway identity.sourceIp',
    slot         INT          NOT NULL COMMENT '0 … RATE_LIMIT_MAX_REQUESTS - 1',
    accepted_at  DATETIME(3)  NOT NULL COMMENT 'UTC time of the accepted request that last used this slot',
    PRIMARY KEY (client_ip, slot),
    INDEX ix_api_rate_limit_slot_client_accepted (client_ip, accepted_at),
    INDEX ix_api_rate_limit_slot_accepted (accepted_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

ALTER TABLE prompt_record
    ADD COLUMN genre VARCHAR(100) NULL COMMENT 'the template''s genre when the record was written' AFTER template_id,
    ADD COLUMN style VARCHAR(100) NULL AFTER genre,
    ADD COLUMN mood  VARCHAR(100) NULL AFTER style;

UPDATE prompt_record p JOIN beat_template t ON t.id = p.template_id SET p.genre = t.genre, p.style = t.style, p.mood = t.mood;

ALTER TABLE prompt_record
    MODIFY genre VARCHAR(100) NOT NULL COMMENT 'the template''s genre when the record was written',
    MODIFY style VARCHAR(100) NOT NULL,
    MODIFY mood  VARCHAR(100) NOT NULL,
    ADD INDEX ix_prompt_record_genre_created (genre, created_at, id),
    ADD INDEX ix_prompt_record_style_created (style, created_at, id),
    ADD INDEX ix_prompt_record_mood_created (mood, created_at, id);

ALTER TABLE prompt_record_tag ADD COLUMN created_at DATETIME(3) NULL COMMENT 'copy of prompt_record.created_at';

UPDATE prompt_record_tag t JOIN prompt_record p ON p.id = t.prompt_record_id SET t.created_at = p.created_at;

ALTER TABLE prompt_record_tag
    MODIFY created_at DATETIME(3) NOT NULL COMMENT 'copy of prompt_record.created_at',
    ADD INDEX ix_prompt_record_tag_tag_created (tag, created_at, prompt_record_id),
    DROP INDEX ix_prompt_record_tag_tag;

CREATE TABLE prompt_facet_count (
    facet    VARCHAR(8)    CHARACTER SET ascii COLLATE ascii_bin NOT NULL COMMENT 'all, template, genre, style, mood or tag',
    value    VARCHAR(160)  NOT NULL COMMENT 'compared like the prompt columns: ignoring case',
    records  BIGINT        NOT NULL,
    PRIMARY KEY (facet, value),
    CONSTRAINT ck_prompt_facet_count_facet CHECK (facet IN ('all', 'template', 'genre', 'style', 'mood', 'tag')),
    CONSTRAINT ck_prompt_facet_count_records CHECK (records >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO prompt_facet_count (facet, value, records)
SELECT 'all' AS facet, '' AS value, COUNT(*) AS records FROM prompt_record
UNION ALL SELECT 'template' AS facet, p.template_id AS value, COUNT(*) AS records FROM prompt_record p GROUP BY p.template_id
UNION ALL SELECT 'genre' AS facet, p.genre AS value, COUNT(*) AS records FROM prompt_record p GROUP BY p.genre
UNION ALL SELECT 'style' AS facet, p.style AS value, COUNT(*) AS records FROM prompt_record p GROUP BY p.style
UNION ALL SELECT 'mood' AS facet, p.mood AS value, COUNT(*) AS records FROM prompt_record p GROUP BY p.mood
UNION ALL SELECT 'tag' AS facet, t.tag AS value, COUNT(*) AS records FROM prompt_record_tag t GROUP BY t.tag;

ALTER TABLE beat_job ADD INDEX ix_beat_job_status_completed (status, completed_at);
