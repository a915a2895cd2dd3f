-- The REST API's per-client-IP rate limit (seed property 36): one counter row per client and fixed window, counted
-- up by one atomic upsert, so the limit is exact across concurrent Lambda instances. Old windows are deleted by the
-- API itself (at most once per window and instance).

CREATE TABLE api_rate_limit (
    client_ip      VARCHAR(64)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL COMMENT 'API Gateway identity.sourceIp',
    window_start   DATETIME     NOT NULL COMMENT 'UTC start of the fixed window (a multiple of RATE_LIMIT_WINDOW seconds)',
    request_count  INT          NOT NULL,
    PRIMARY KEY (client_ip, window_start),
    INDEX ix_api_rate_limit_window (window_start)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
