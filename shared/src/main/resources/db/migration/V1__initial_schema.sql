-- Beat Generator schema. One dialect for MySQL 8.0 and MariaDB 10.11+:
-- utf8mb4_unicode_ci exists on both, CHECK constraints are enforced on both,
-- JSON is native on MySQL and a validated LONGTEXT on MariaDB.
-- All timestamps are UTC, written by the application.

CREATE TABLE suno_api_key (
    id               CHAR(36)      NOT NULL,
    label            VARCHAR(100)  NOT NULL,
    key_ciphertext   VARBINARY(1024) NOT NULL,
    key_fingerprint  CHAR(64)      NOT NULL COMMENT 'SHA-256 of the key: finds duplicates without decrypting',
    key_last4        CHAR(4)       NOT NULL COMMENT 'for masked display only',
    status           VARCHAR(16)   NOT NULL DEFAULT 'active',
    quota_remaining  INT           NOT NULL DEFAULT 0,
    cooldown_until   DATETIME(3)   NULL,
    last_used        DATETIME(3)   NULL,
    last_error       VARCHAR(500)  NULL,
    created_at       DATETIME(3)   NOT NULL,
    updated_at       DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_suno_api_key_fingerprint UNIQUE (key_fingerprint),
    CONSTRAINT ck_suno_api_key_status CHECK (status IN ('active', 'exhausted', 'error', 'disabled')),
    CONSTRAINT ck_suno_api_key_quota CHECK (quota_remaining >= 0),
    INDEX ix_suno_api_key_selection (status, last_used, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE beat_template (
    id             VARCHAR(160)  NOT NULL COMMENT 'slug of category_name',
    category_name  VARCHAR(150)  NOT NULL,
    genre          VARCHAR(100)  NOT NULL,
    style          VARCHAR(100)  NOT NULL,
    mood           VARCHAR(100)  NOT NULL,
    use_case       VARCHAR(100)  NOT NULL,
    tags           JSON          NOT NULL,
    base_prompt    TEXT          NOT NULL,
    is_active      BOOLEAN       NOT NULL DEFAULT TRUE,
    last_used      DATETIME(3)   NULL,
    checksum       CHAR(32)      NOT NULL COMMENT 'MD5 of the catalog row',
    created_at     DATETIME(3)   NOT NULL,
    updated_at     DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_beat_template_category_name UNIQUE (category_name),
    INDEX ix_beat_template_genre_style_mood (genre, style, mood),
    INDEX ix_beat_template_selection (is_active, last_used, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE beat_job (
    id                 CHAR(36)      NOT NULL,
    template_id        VARCHAR(160)  NOT NULL,
    status             VARCHAR(16)   NOT NULL DEFAULT 'pending',
    schedule_slot      VARCHAR(64)   NULL COMMENT 'the 15-minute slot (execution name) that started the job',
    execution_id       VARCHAR(256)  NULL,
    suno_task_id       VARCHAR(100)  NULL,
    api_key_id         CHAR(36)      NULL,
    poll_count         INT           NOT NULL DEFAULT 0,
    concept            JSON          NULL,
    normalized_prompt  TEXT          NULL,
    error_name         VARCHAR(100)  NULL,
    error_cause        TEXT          NULL,
    created_at         DATETIME(3)   NOT NULL,
    submitted_at       DATETIME(3)   NULL,
    completed_at       DATETIME(3)   NULL,
    updated_at         DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_beat_job_schedule_slot UNIQUE (schedule_slot),
    CONSTRAINT ck_beat_job_status CHECK (status IN ('pending', 'processing', 'completed', 'failed')),
    CONSTRAINT fk_beat_job_template FOREIGN KEY (template_id) REFERENCES beat_template (id),
    CONSTRAINT fk_beat_job_api_key FOREIGN KEY (api_key_id) REFERENCES suno_api_key (id),
    INDEX ix_beat_job_status_created (status, created_at),
    INDEX ix_beat_job_created (created_at, id),
    INDEX ix_beat_job_suno_task (suno_task_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE beat (
    id                 CHAR(36)       NOT NULL,
    job_id             CHAR(36)       NOT NULL,
    template_id        VARCHAR(160)   NOT NULL,
    name               VARCHAR(191)   NOT NULL,
    genre              VARCHAR(100)   NOT NULL,
    style              VARCHAR(100)   NOT NULL,
    mood               VARCHAR(100)   NOT NULL,
    use_case           VARCHAR(100)   NOT NULL,
    description        TEXT           NOT NULL,
    file_url           VARCHAR(1024)  NOT NULL COMMENT 'S3 location of the primary take',
    alt_file_url       VARCHAR(1024)  NULL     COMMENT 'S3 location of the alternate take',
    duration_seconds   DECIMAL(8, 2)  NULL,
    base_prompt        TEXT           NOT NULL,
    normalized_prompt  TEXT           NOT NULL,
    concept            JSON           NOT NULL,
    api_key_id         CHAR(36)       NOT NULL,
    created_at         DATETIME(3)    NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_beat_name UNIQUE (name),
    CONSTRAINT uq_beat_job UNIQUE (job_id),
    CONSTRAINT fk_beat_job FOREIGN KEY (job_id) REFERENCES beat_job (id),
    CONSTRAINT fk_beat_template FOREIGN KEY (template_id) REFERENCES beat_template (id),
    CONSTRAINT fk_beat_api_key FOREIGN KEY (api_key_id) REFERENCES suno_api_key (id),
    -- keyset pagination, newest first, optionally narrowed by one attribute
    INDEX ix_beat_created (created_at, id),
    INDEX ix_beat_genre_created (genre, created_at, id),
    INDEX ix_beat_style_created (style, created_at, id),
    INDEX ix_beat_mood_created (mood, created_at, id),
    INDEX ix_beat_genre_style_mood (genre, style, mood),
    INDEX ix_beat_template (template_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE beat_tag (
    beat_id  CHAR(36)     NOT NULL,
    tag      VARCHAR(64)  NOT NULL,
    PRIMARY KEY (beat_id, tag),
    CONSTRAINT fk_beat_tag_beat FOREIGN KEY (beat_id) REFERENCES beat (id) ON DELETE CASCADE,
    INDEX ix_beat_tag_tag (tag, beat_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE prompt_record (
    id                 CHAR(36)      NOT NULL,
    template_id        VARCHAR(160)  NOT NULL,
    job_id             CHAR(36)      NULL,
    version            INT           NOT NULL,
    base_prompt        TEXT          NOT NULL,
    normalized_prompt  TEXT          NOT NULL,
    concept            JSON          NOT NULL,
    api_key_id         CHAR(36)      NULL COMMENT 'set once a Suno key is chosen',
    execution_result   VARCHAR(16)   NOT NULL DEFAULT 'pending',
    error_message      TEXT          NULL,
    created_at         DATETIME(3)   NOT NULL,
    updated_at         DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_prompt_record_version UNIQUE (template_id, version),
    CONSTRAINT ck_prompt_record_result CHECK (execution_result IN ('pending', 'success', 'failure')),
    CONSTRAINT fk_prompt_record_template FOREIGN KEY (template_id) REFERENCES beat_template (id),
    CONSTRAINT fk_prompt_record_job FOREIGN KEY (job_id) REFERENCES beat_job (id),
    CONSTRAINT fk_prompt_record_api_key FOREIGN KEY (api_key_id) REFERENCES suno_api_key (id),
    INDEX ix_prompt_record_template_created (template_id, created_at),
    INDEX ix_prompt_record_result (execution_result),
    INDEX ix_prompt_record_created (created_at, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE prompt_record_tag (
    prompt_record_id  CHAR(36)     NOT NULL,
    tag               VARCHAR(64)  NOT NULL,
    PRIMARY KEY (prompt_record_id, tag),
    CONSTRAINT fk_prompt_record_tag_record FOREIGN KEY (prompt_record_id) REFERENCES prompt_record (id) ON DELETE CASCADE,
    INDEX ix_prompt_record_tag_tag (tag, prompt_record_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE execution_log (
    id           BIGINT        NOT NULL AUTO_INCREMENT,
    level        VARCHAR(8)    NOT NULL,
    service      VARCHAR(64)   NOT NULL,
    message      TEXT          NOT NULL,
    context      JSON          NULL,
    stack_trace  TEXT          NULL,
    job_id       CHAR(36)      NULL,
    created_at   DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_execution_log_level CHECK (level IN ('ERROR', 'WARN', 'INFO', 'DEBUG')),
    INDEX ix_execution_log_level_created (level, created_at),
    INDEX ix_execution_log_service_created (service, created_at),
    INDEX ix_execution_log_job (job_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE daily_summary (
    summary_date       DATE           NOT NULL,
    beats_created      INT            NOT NULL DEFAULT 0,
    beats_succeeded    INT            NOT NULL DEFAULT 0,
    beats_failed       INT            NOT NULL DEFAULT 0,
    error_rate         DECIMAL(5, 4)  NOT NULL DEFAULT 0,
    active_api_keys    INT            NOT NULL DEFAULT 0,
    exhausted_api_keys INT            NOT NULL DEFAULT 0,
    created_at         DATETIME(3)    NOT NULL,
    PRIMARY KEY (summary_date)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE catalog_sync_run (
    id              BIGINT         NOT NULL AUTO_INCREMENT,
    source          VARCHAR(1024)  NOT NULL COMMENT 'file path or s3://bucket/key',
    source_version  VARCHAR(200)   NULL     COMMENT 'S3 version id or ETag, when known',
    content_sha256  CHAR(64)       NULL,
    status          VARCHAR(16)    NOT NULL,
    added           INT            NOT NULL DEFAULT 0,
    updated         INT            NOT NULL DEFAULT 0,
    deactivated     INT            NOT NULL DEFAULT 0,
    reactivated     INT            NOT NULL DEFAULT 0,
    unchanged       INT            NOT NULL DEFAULT 0,
    errors          JSON           NULL,
    started_at      DATETIME(3)    NOT NULL,
    finished_at     DATETIME(3)    NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_catalog_sync_run_status CHECK (status IN ('succeeded', 'failed')),
    INDEX ix_catalog_sync_run_started (started_at),
    INDEX ix_catalog_sync_run_content (content_sha256)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
