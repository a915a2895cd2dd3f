-- A key's credits are unknown until Suno was asked (credits_checked_at): NULL, not 0, so that a never-checked key is
-- neither shown nor counted as empty (/api/keys, /api/stats) and StartRun asks Suno before deciding.
ALTER TABLE suno_api_key MODIFY quota_remaining INT NULL DEFAULT NULL;
UPDATE suno_api_key SET quota_remaining = NULL WHERE credits_checked_at IS NULL;
