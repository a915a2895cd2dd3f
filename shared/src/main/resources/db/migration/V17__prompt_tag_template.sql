-- A prompt list by template and tag walked one index until now (the template's, or the tag's) and checked the other
-- criterion per entry: when the two rarely meet that walk is long (0.65 % of one template's 47,568 records have the
-- tag piano at 1M beats: 2,922 entries for one page; a pair that never meets walks the whole template). The tag rows
-- carry their record's template, and (template_id, tag, created_at, owner) makes the pair one index range, newest
-- first (FacetedTable.carried, FacetListing).
ALTER TABLE prompt_record_tag ADD COLUMN template_id VARCHAR(160) NULL COMMENT 'copy of prompt_record.template_id';

UPDATE prompt_record_tag t JOIN prompt_record p ON p.id = t.prompt_record_id SET t.template_id = p.template_id;

ALTER TABLE prompt_record_tag
    MODIFY template_id VARCHAR(160) NOT NULL COMMENT 'copy of prompt_record.template_id',
    ADD INDEX ix_prompt_record_tag_template_tag_created (template_id, tag, created_at, prompt_record_id);
