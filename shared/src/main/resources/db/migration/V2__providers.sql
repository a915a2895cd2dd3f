-- Provider reliability: Suno credit freshness and a circuit breaker per provider whose state survives across
-- Lambda invocations.

-- Round-robin order: each selection stamps its key with the database's microsecond UTC clock (one clock for all
-- Lambda instances, taken after the key's row lock), so the least recently selected key comes first.
ALTER TABLE suno_api_key
    ADD COLUMN credits_checked_at DATETIME(3) NULL AFTER quota_remaining,
    ADD COLUMN selection_ticket BIGINT NOT NULL DEFAULT 0 AFTER last_used,
    DROP INDEX ix_suno_api_key_selection,
    ADD INDEX ix_suno_api_key_selection (status, selection_ticket, created_at, id);

-- Selections queue on this row, so round-robin is exact across all Lambda instances (with SKIP LOCKED alone, a
-- selector skips older keys held by concurrent selectors and can repeat a key a few selections early).
CREATE TABLE key_pool_lock (
    id  TINYINT NOT NULL,
    PRIMARY KEY (id)
) ENGINE = InnoDB;

INSERT INTO key_pool_lock (id) VALUES (1);

CREATE TABLE circuit_breaker (
    provider              VARCHAR(16)  NOT NULL,
    state                 VARCHAR(16)  NOT NULL DEFAULT 'closed',
    consecutive_failures  INT          NOT NULL DEFAULT 0,
    opened_at             DATETIME(3)  NULL COMMENT 'when it opened, or when the current half-open trial began',
    updated_at            DATETIME(3)  NOT NULL,
    PRIMARY KEY (provider),
    CONSTRAINT ck_circuit_breaker_state CHECK (state IN ('closed', 'open', 'half_open'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO circuit_breaker (provider, state, consecutive_failures, opened_at, updated_at) VALUES
    ('GEMINI', 'closed', 0, NULL, '2026-01-01 00:00:00'),
    ('OPENAI', 'closed', 0, NULL, '2026-01-01 00:00:00'),
    ('SUNO',   'closed', 0, NULL, '2026-01-01 00:00:00');
