-- What a job carries between the state machine's steps (payloads stay ids; the data lives here), and the
-- idempotency records that make retried or duplicated task invocations return their first result.

ALTER TABLE beat_job
    ADD COLUMN prompt_record_id   CHAR(36)       NULL AFTER normalized_prompt,
    ADD COLUMN metadata           JSON           NULL AFTER prompt_record_id,
    ADD COLUMN file_url           VARCHAR(1024)  NULL AFTER metadata,
    ADD COLUMN alt_file_url       VARCHAR(1024)  NULL AFTER file_url,
    ADD COLUMN duration_seconds   DECIMAL(8, 2)  NULL AFTER alt_file_url,
    ADD COLUMN beat_id            CHAR(36)       NULL AFTER duration_seconds,
    ADD CONSTRAINT fk_beat_job_prompt_record FOREIGN KEY (prompt_record_id) REFERENCES prompt_record (id);

-- Powertools-style idempotency on MySQL: one record per (step, significant payload) hash.
CREATE TABLE idempotency_record (
    idempotency_key  CHAR(64)      NOT NULL COMMENT 'SHA-256 of step name and significant payload',
    step             VARCHAR(64)   NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    result           JSON          NULL,
    expires_at       DATETIME(3)   NOT NULL,
    created_at       DATETIME(3)   NOT NULL,
    updated_at       DATETIME(3)   NOT NULL,
    PRIMARY KEY (idempotency_key),
    CONSTRAINT ck_idempotency_record_status CHECK (status IN ('in_progress', 'completed')),
    INDEX ix_idempotency_record_expires (expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Serializes StartRun decisions ("is a job processing?") across concurrent executions.
CREATE TABLE scheduler_lock (
    id  TINYINT NOT NULL,
    PRIMARY KEY (id)
) ENGINE = InnoDB;

INSERT INTO scheduler_lock (id) VALUES (1);
