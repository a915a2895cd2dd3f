-- Unicode-safe catalog and filters (issue 17, docs/unicode.md).
--
-- utf8mb4_unicode_ci (UCA 4.0.0) gives every character outside the BMP the same weight: any emoji equals any other
-- ('🔥' = '💩'), so tags=💩 returned beats tagged 🔥 and mood=Dark 🔥 matched Dark 😈. The columns that API filters and
-- facet counts compare move to utf8mb4_0900_ai_ci: the same name on MySQL 8.0/8.4 (UCA 9.0.0) and on MariaDB
-- 11.4.5+ (an alias of utf8mb4_uca1400_nopad_ai_ci); both ignore case and accents as before, give each emoji its own
-- weight and are NO PAD.
--
-- beat_template.category_name is unique by binary comparison (utf8mb4_bin, identical on both engines): names are
-- stored NFC and the catalog refuses invisible characters and two names with one id, so the database can never call
-- two names equal that validation calls different (a zero-width space no longer makes a "duplicate" of a soft-deleted
-- row). Every statement is portable to MySQL 8.4.

ALTER TABLE beat_template
    MODIFY category_name VARCHAR(150) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    MODIFY genre         VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci NOT NULL,
    MODIFY style         VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci NOT NULL,
    MODIFY mood          VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci NOT NULL,
    MODIFY use_case      VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci NOT NULL;

ALTER TABLE beat
    MODIFY genre     VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci NOT NULL,
    MODIFY style     VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci NOT NULL,
    MODIFY mood      VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci NOT NULL,
    MODIFY use_case  VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci NOT NULL;

ALTER TABLE beat_tag
    MODIFY tag VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci NOT NULL;

ALTER TABLE prompt_record_tag
    MODIFY tag VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci NOT NULL;

-- The counts were kept per value as the old collation grouped them (all emoji in one row): recount.
DELETE FROM beat_facet_count;

ALTER TABLE beat_facet_count
    MODIFY value VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci NOT NULL COMMENT 'compared like the beat columns: ignoring case and accents, each emoji distinct';

INSERT INTO beat_facet_count (facet, value, beats)
SELECT 'all' AS facet, '' AS value, COUNT(*) AS beats FROM beat
UNION ALL SELECT 'genre' AS facet, b.genre AS value, COUNT(*) AS beats FROM beat b GROUP BY b.genre
UNION ALL SELECT 'style' AS facet, b.style AS value, COUNT(*) AS beats FROM beat b GROUP BY b.style
UNION ALL SELECT 'mood' AS facet, b.mood AS value, COUNT(*) AS beats FROM beat b GROUP BY b.mood
UNION ALL SELECT 'tag' AS facet, t.tag AS value, COUNT(*) AS beats FROM beat_tag t GROUP BY t.tag;

-- Which error a failed run ended with (Catalog.Invalid, Catalog.SyncFailed, Database.Unavailable): a redelivery of a
-- version that failed with Catalog.Invalid or Catalog.SyncFailed fails again without a new run; only a new version
-- (or a Database.Unavailable failure) is tried again.
ALTER TABLE catalog_sync_run
    ADD COLUMN error_name VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL COMMENT 'the named error of a failed run' AFTER refused;
