package com.beatgen.pipeline;

import com.beatgen.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Powertools-style idempotency on MySQL (Powertools v2's idempotency stores are not available here): a record keyed
 * by a hash of step and significant payload; the first invocation runs and stores its result; a replay returns the
 * stored result without running; a concurrent duplicate fails with {@code Idempotency.InProgress}; a failed
 * invocation leaves no record, so a retry runs again. Records expire.
 */
public final class Idempotency {

    private final Jdbi jdbi;
    private final Clock clock;
    private final Duration expiry;
    private final Duration inProgressTimeout;

    /**
     * @param expiry how long a completed result is replayed
     * @param inProgressTimeout how long a running invocation holds its record (longer than the Lambda timeout: an
     *                          invocation killed by its timeout must not block the retry for long)
     */
    public Idempotency(Jdbi jdbi, Clock clock, Duration expiry, Duration inProgressTimeout) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.expiry = expiry;
        this.inProgressTimeout = inProgressTimeout;
    }

    /** Runs {@code action} once for {@code step} and {@code payloadKey}; a replay returns its stored result as {@code type}. */
    public <T> T run(String step, String payloadKey, Class<T> type, Supplier<T> action) {
        String key = hash(step + "\u001f" + payloadKey);
        Instant now = clock.instant();
        Optional<String> stored = claim(key, step, now);
        if (stored.isPresent()) {
            return readResult(stored.get(), type);
        }
        T result;
        try {
            result = action.get();
        } catch (RuntimeException e) {
            jdbi.useHandle(h -> h.createUpdate("DELETE FROM idempotency_record WHERE idempotency_key = :key AND status = 'in_progress'")
                    .bind("key", key).execute());
            throw e;
        }
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE idempotency_record SET status = 'completed', result = :result, expires_at = :expires, updated_at = :now
                        WHERE idempotency_key = :key""")
                .bind("key", key).bind("result", Json.write(result)).bind("expires", clock.instant().plus(expiry))
                .bind("now", clock.instant()).execute());
        return result;
    }

    /** Empty when this caller may run; the stored result when a completed record exists. */
    private Optional<String> claim(String key, String step, Instant now) {
        return jdbi.inTransaction(h -> {
            Optional<Map<String, Object>> row = h.createQuery("""
                            SELECT status, result, expires_at FROM idempotency_record WHERE idempotency_key = :key FOR UPDATE""")
                    .bind("key", key).mapToMap().findOne();
            if (row.isPresent()) {
                Instant expires = ((java.time.LocalDateTime) row.get().get("expires_at")).toInstant(java.time.ZoneOffset.UTC);
                if (expires.isAfter(now)) {
                    if ("completed".equals(row.get().get("status"))) {
                        return Optional.of(String.valueOf(row.get().get("result")));
                    }
                    throw new PipelineException("Idempotency.InProgress", "Step " + step + " is already running for this payload");
                }
                h.createUpdate("DELETE FROM idempotency_record WHERE idempotency_key = :key").bind("key", key).execute();
            }
            try {
                h.createUpdate("""
                                INSERT INTO idempotency_record (idempotency_key, step, status, expires_at, created_at, updated_at)
                                VALUES (:key, :step, 'in_progress', :expires, :now, :now)""")
                        .bind("key", key).bind("step", step).bind("expires", now.plus(inProgressTimeout)).bind("now", now).execute();
            } catch (UnableToExecuteStatementException e) {
                throw new PipelineException("Idempotency.InProgress", "Step " + step + " is already running for this payload", e);
            }
            return Optional.empty();
        });
    }

    private static <T> T readResult(String json, Class<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Stored idempotency result is unreadable", e);
        }
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
