-- The prompt list filters as the beat list does (V8): genre, style and mood of prompt records and the prompt facet
-- counts compare with utf8mb4_0900_ai_ci, so different emoji are different values and a UNION of a record's facets
-- (its tags are utf8mb4_0900_ai_ci since V8) has one collation.
ALTER TABLE prompt_record
    MODIFY genre VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci NOT NULL COMMENT 'the template''s genre when the record was written',
    MODIFY style VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci NOT NULL,
    MODIFY mood  VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci NOT NULL;

DELETE FROM prompt_facet_count;

ALTER TABLE prompt_facet_count
    MODIFY value VARCHAR(160) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci NOT NULL COMMENT 'compared like the prompt filters';

INSERT INTO prompt_facet_count (facet, value, records)
SELECT 'all' AS facet, '' AS value, COUNT(*) AS records FROM prompt_record
UNION ALL SELECT 'template', p.template_id COLLATE utf8mb4_0900_ai_ci, COUNT(*) FROM prompt_record p GROUP BY p.template_id
UNION ALL SELECT 'genre', p.genre, COUNT(*) FROM prompt_record p GROUP BY p.genre
UNION ALL SELECT 'style', p.style, COUNT(*) FROM prompt_record p GROUP BY p.style
UNION ALL SELECT 'mood', p.mood, COUNT(*) FROM prompt_record p GROUP BY p.mood
UNION ALL SELECT 'tag', t.tag, COUNT(*) FROM prompt_record_tag t GROUP BY t.tag;
