-- Every paid Suno generation, from the intent to submit (written before Suno is called) to its end: adopted by the
-- job, refused by Suno, unanswered (no acceptance heard within the wait), or orphaned (accepted, but its job had
-- moved on: the clips are kept for operators and the credits counted). A job has at most one accepted submission.
CREATE TABLE suno_submission (
    id             CHAR(36)       NOT NULL,
    job_id         CHAR(36)       NOT NULL,
    key_id         CHAR(36)       NOT NULL,
    task_id        VARCHAR(100)   NULL,
    status         VARCHAR(16)    NOT NULL,
    file_url       VARCHAR(1024)  NULL COMMENT 'orphaned generations: the first take in the beats bucket',
    alt_file_url   VARCHAR(1024)  NULL,
    detail         VARCHAR(1000)  NULL,
    requested_at   DATETIME(3)    NOT NULL,
    updated_at     DATETIME(3)    NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_suno_submission_task UNIQUE (task_id),
    CONSTRAINT ck_suno_submission_status CHECK (status IN ('pending', 'accepted', 'refused', 'unanswered', 'orphaned')),
    CONSTRAINT fk_suno_submission_key FOREIGN KEY (key_id) REFERENCES suno_api_key (id),
    INDEX ix_suno_submission_job (job_id, requested_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Suno's callbacks as received (a hint: confirmed through record-info before anything is stored), one row per task
-- and callback type, so a redelivery is recognised.
CREATE TABLE suno_callback (
    task_id        VARCHAR(100)   NOT NULL,
    callback_type  VARCHAR(16)    NOT NULL,
    job_id         CHAR(36)       NOT NULL,
    code           INT            NOT NULL,
    received_at    DATETIME(3)    NOT NULL,
    PRIMARY KEY (task_id, callback_type),
    INDEX ix_suno_callback_job (job_id, received_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Generations bought before this table existed: one accepted submission per job with a task.
INSERT INTO suno_submission (id, job_id, key_id, task_id, status, requested_at, updated_at)
SELECT UUID(), j.id, j.api_key_id, j.suno_task_id, 'accepted', COALESCE(j.submitted_at, j.created_at), COALESCE(j.submitted_at, j.created_at)
FROM beat_job j
WHERE j.suno_task_id IS NOT NULL AND j.api_key_id IS NOT NULL;
