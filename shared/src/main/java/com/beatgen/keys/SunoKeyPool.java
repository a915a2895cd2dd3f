package com.beatgen.keys;

import com.beatgen.db.ExecutionLog;
import com.beatgen.provider.Redactor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The pool of Suno keys (seed properties 1–4, 11, 14, 29). Keys are stored encrypted; selection hands out the least
 * recently used active key with credits for one generation, safe across concurrent callers on several Lambda
 * instances: selections queue on one lock row (a few milliseconds each), so round-robin is exact and no key is
 * handed out twice within a round. Rate-limited keys
 * cool down; out-of-credit keys become exhausted until a credit refresh shows credits; refused keys become error.
 */
public final class SunoKeyPool {

    private static final String SERVICE = "key-pool";
    private static final String COLUMNS = """
            id, label, key_last4, status, quota_remaining, credits_checked_at, cooldown_until, last_used, last_error""";

    private final Jdbi jdbi;
    private final KeyCipher cipher;
    private final Redactor redactor;
    private final ExecutionLog executionLog;
    private final Clock clock;
    private final int generationCost;

    public SunoKeyPool(Jdbi jdbi, KeyCipher cipher, Redactor redactor, ExecutionLog executionLog, Clock clock, int generationCost) {
        this.jdbi = jdbi;
        this.cipher = cipher;
        this.redactor = redactor;
        this.executionLog = executionLog;
        this.clock = clock;
        this.generationCost = generationCost;
    }

    public int generationCost() {
        return generationCost;
    }

    /**
     * Adds a key (seed property 1: stored active, retrievable by id). Adding a key that is already in the pool returns
     * the existing one unchanged. Credits are unknown (null) until the first refresh.
     */
    public SunoKey add(String label, String secret) {
        String key = secret == null ? "" : secret.strip();
        if (key.length() < 8 || key.length() > 512 || key.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("A Suno key must be 8 to 512 characters without spaces");
        }
        if (label == null || label.isBlank() || label.length() > 100) {
            throw new IllegalArgumentException("A key label must be 1 to 100 characters");
        }
        redactor.add(key);
        String fingerprint = cipher.fingerprint(key);
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO suno_api_key (id, label, key_ciphertext, key_fingerprint, key_last4, status,
                                                  quota_remaining, created_at, updated_at)
                        VALUES (:id, :label, :ciphertext, :fingerprint, :last4, 'active', NULL, :now, :now)
                        ON DUPLICATE KEY UPDATE id = id""")
                .bind("id", id)
                .bind("label", label)
                .bind("ciphertext", cipher.encrypt(key))
                .bind("fingerprint", fingerprint)
                .bind("last4", key.substring(key.length() - 4))
                .bind("now", now)
                .execute());
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM suno_api_key WHERE key_fingerprint = :fingerprint")
                .bind("fingerprint", fingerprint).map(SunoKeyPool::map).one());
    }

    /** Adds the keys from {@code SUNO_API_KEYS}; keys already present are left as they are. */
    public List<SunoKey> importKeys(Collection<String> secrets) {
        int[] n = {0};
        return secrets.stream().map(secret -> add("env-" + (++n[0]), secret)).toList();
    }

    /**
     * Makes {@code secrets} the whole pool (the local stack's {@code SUNO_API_KEYS}): every other key that is not
     * disabled yet is retired (disabled, logged), and a listed key that was retired becomes active again.
     *
     * @return the keys retired now
     */
    public List<SunoKey> retainOnly(Collection<String> secrets) {
        List<String> listed = secrets.stream().map(String::strip).map(cipher::fingerprint).toList();
        if (listed.isEmpty()) {
            return List.of();   // no declaration: nothing to retire
        }
        List<SunoKey> retired = jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + ", key_fingerprint FROM suno_api_key"
                        + " WHERE status <> 'disabled'")
                .map((rs, ctx) -> listed.contains(rs.getString("key_fingerprint")) ? null : map(rs, ctx)).list())
                .stream().filter(java.util.Objects::nonNull).toList();
        for (SunoKey key : retired) {
            setEnabled(key.id(), false);
            executionLog.warn(SERVICE, "Suno key retired: not listed in SUNO_API_KEYS", Map.of("keyId", key.id(), "key", key.masked()));
        }
        if (!listed.isEmpty()) {
            jdbi.useHandle(h -> h.createUpdate("""
                            UPDATE suno_api_key SET status = 'active', last_error = NULL, updated_at = :now
                            WHERE status = 'disabled' AND key_fingerprint IN (<listed>)""")
                    .bindList("listed", listed).bind("now", clock.instant()).execute());
        }
        return retired;
    }

    /** The active keys whose credits were never read: StartRun asks Suno before it decides. */
    public List<String> withUnknownCredits() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id FROM suno_api_key WHERE status = 'active' AND credits_checked_at IS NULL ORDER BY created_at, id""")
                .mapTo(String.class).list());
    }

    /** Whether a key other than {@code id} could be selected now. */
    public boolean hasOtherSelectableKey(String id) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) FROM suno_api_key
                        WHERE id <> :id AND status = 'active' AND (quota_remaining >= :cost OR credits_checked_at IS NULL)
                          AND (cooldown_until IS NULL OR cooldown_until <= :now)""")
                .bind("id", id).bind("cost", generationCost).bind("now", clock.instant()).mapTo(Integer.class).one()) > 0;
    }

    /** When the first active key with credits that is cooling down (rate limited) may be used again; empty if none. */
    public Optional<Instant> nextCooldownEnd() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT MIN(cooldown_until) FROM suno_api_key
                        WHERE status = 'active' AND (quota_remaining >= :cost OR credits_checked_at IS NULL)
                          AND cooldown_until > :now""")
                .bind("cost", generationCost).bind("now", clock.instant()).mapTo(Instant.class).findOne());
    }

    public Optional<SunoKey> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM suno_api_key WHERE id = :id")
                .bind("id", id).map(SunoKeyPool::map).findOne());
    }

    public List<SunoKey> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM suno_api_key ORDER BY created_at, id")
                .map(SunoKeyPool::map).list());
    }

    /**
     * Whether a key known to have credits for a generation could be selected now (the scheduler's check, after it
     * asked Suno about the keys whose credits were unknown).
     */
    public boolean hasUsableKey() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) FROM suno_api_key
                        WHERE status = 'active' AND quota_remaining >= :cost AND (cooldown_until IS NULL OR cooldown_until <= :now)""")
                .bind("cost", generationCost).bind("now", clock.instant()).mapTo(Integer.class).one()) > 0;
    }

    /**
     * Round-robin selection (seed properties 4 and 11): the least recently selected active key (by selection stamp), not
     * cooling down, with credits for one generation — or whose credits were never read, which the caller then
     * refreshes before use; marked used in the same transaction.
     *
     * @throws NoKeyAvailableException when no key qualifies
     */
    public LeasedKey select() {
        Instant now = clock.instant();
        return jdbi.inTransaction(h -> {
            h.createQuery("SELECT id FROM key_pool_lock WHERE id = 1 FOR UPDATE").mapTo(Integer.class).one();
            LeasedKey key = h.createQuery("""
                            SELECT id, key_ciphertext, quota_remaining, credits_checked_at FROM suno_api_key
                            WHERE status = 'active' AND (quota_remaining >= :cost OR credits_checked_at IS NULL)
                              AND (cooldown_until IS NULL OR cooldown_until <= :now)
                            ORDER BY selection_ticket, created_at, id
                            LIMIT 1
                            FOR UPDATE""")
                    .bind("cost", generationCost).bind("now", now)
                    .map((rs, ctx) -> new LeasedKey(rs.getString("id"), cipher.decrypt(rs.getBytes("key_ciphertext")),
                            rs.getObject("quota_remaining", Integer.class), instant(rs, "credits_checked_at", ctx), 0))
                    .findOne()
                    .orElseThrow(() -> new NoKeyAvailableException("No active Suno key with at least " + generationCost + " credits"));
            // stamped after the row lock, with the one clock all instances share: the database's
            h.createUpdate("""
                            UPDATE suno_api_key
                            SET last_used = :now, updated_at = :now,
                                selection_ticket = TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', UTC_TIMESTAMP(6))
                            WHERE id = :id""")
                    .bind("id", key.id()).bind("now", now).execute();
            long ticket = h.createQuery("SELECT selection_ticket FROM suno_api_key WHERE id = :id").bind("id", key.id())
                    .mapTo(Long.class).one();
            redactor.add(key.secret());
            return new LeasedKey(key.id(), key.secret(), key.quotaRemaining(), key.creditsCheckedAt(), ticket);
        });
    }

    /** Whether the key's credit count is older than {@code maxAge} (or was never read). */
    public boolean creditsStale(LeasedKey key, Duration maxAge) {
        return key.creditsCheckedAt() == null || key.creditsCheckedAt().plus(maxAge).isBefore(clock.instant());
    }

    /** Stores a fresh credit count (seed property 2); the key is active when it covers a generation, else exhausted. */
    public SunoKey refreshCredits(String id, int credits) {
        Instant now = clock.instant();
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE suno_api_key
                        SET quota_remaining = :credits, credits_checked_at = :now, updated_at = :now,
                            status = CASE WHEN status IN ('active', 'exhausted')
                                          THEN CASE WHEN :credits >= :cost THEN 'active' ELSE 'exhausted' END
                                          ELSE status END
                        WHERE id = :id""")
                .bind("id", id).bind("credits", Math.max(0, credits)).bind("cost", generationCost).bind("now", now).execute());
        SunoKey key = find(id).orElseThrow();
        executionLog.info(SERVICE, "Suno credits refreshed", Map.of("keyId", id, "quotaRemaining", key.quotaRemaining(),
                "status", key.status().name()));
        return key;
    }

    /**
     * After a generation was accepted: credits down by one generation, logged with the key id (seed property 29), in
     * the caller's transaction (the one that stores the task id: both are written, or neither).
     */
    public void recordUsage(Handle h, String id) {
        Instant now = clock.instant();
        h.createUpdate("""
                        UPDATE suno_api_key
                        SET quota_remaining = GREATEST(quota_remaining - :cost, 0),
                            -- assignments apply left to right: this reads the reduced credits
                            status = CASE WHEN status = 'active' AND quota_remaining < :cost THEN 'exhausted' ELSE status END,
                            updated_at = :now
                        WHERE id = :id""")
                .bind("id", id).bind("cost", generationCost).bind("now", now).execute();
        var key = h.createQuery("SELECT quota_remaining, status FROM suno_api_key WHERE id = :id").bind("id", id).mapToMap().one();
        executionLog.info(h, SERVICE, "Suno key used", Map.of("keyId", id, "quotaRemaining", key.get("quota_remaining"),
                "status", key.get("status")));
    }

    /** {@link #recordUsage(Handle, String)} in a transaction of its own. */
    public void recordUsage(String id) {
        inTransaction(h -> recordUsage(h, id));
    }

    /** Runs {@code work} in one transaction of the pool's database. */
    public void inTransaction(java.util.function.Consumer<Handle> work) {
        jdbi.useTransaction(work::accept);
    }

    /** A per-key rate limit (405/430): skip the key until {@code until} (seed property 14). */
    public void coolDown(String id, Instant until) {
        update(id, "UPDATE suno_api_key SET cooldown_until = :until, updated_at = :now WHERE id = :id", Map.of("until", until));
        executionLog.warn(SERVICE, "Suno key rate limited, cooling down", Map.of("keyId", id, "until", until.toString()));
    }

    /** Out of credits (seed property 3): not selected again until a refresh shows credits. */
    public void markExhausted(String id) {
        update(id, "UPDATE suno_api_key SET status = 'exhausted', quota_remaining = 0, updated_at = :now WHERE id = :id", Map.of());
        executionLog.warn(SERVICE, "Suno key exhausted", Map.of("keyId", id, "quotaRemaining", 0));
    }

    /** Refused by the provider (401): kept for the operator, never selected. */
    public void markError(String id, String reason) {
        update(id, "UPDATE suno_api_key SET status = 'error', last_error = :reason, updated_at = :now WHERE id = :id",
                Map.of("reason", redactor.redact(reason)));
        executionLog.warn(SERVICE, "Suno key refused by the provider", Map.of("keyId", id));
    }

    /** Operator switch: disabled keys are never selected; enabling makes a key active again. */
    public void setEnabled(String id, boolean enabled) {
        update(id, enabled
                ? "UPDATE suno_api_key SET status = 'active', last_error = NULL, updated_at = :now WHERE id = :id"
                : "UPDATE suno_api_key SET status = 'disabled', updated_at = :now WHERE id = :id", Map.of());
    }

    /** The decrypted key, for a credit refresh of one key. */
    public String secret(String id) {
        byte[] ciphertext = jdbi.withHandle(h -> h.createQuery("SELECT key_ciphertext FROM suno_api_key WHERE id = :id")
                .bind("id", id).mapTo(byte[].class).findOne()).orElseThrow(() -> new IllegalArgumentException("No Suno key " + id));
        String secret = cipher.decrypt(ciphertext);
        redactor.add(secret);
        return secret;
    }

    private void update(String id, String sql, Map<String, Object> binds) {
        jdbi.useHandle(h -> h.createUpdate(sql).bind("id", id).bind("now", clock.instant()).bindMap(binds).execute());
    }

    private static SunoKey map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new SunoKey(rs.getString("id"), rs.getString("label"), "****" + rs.getString("key_last4"),
                SunoKey.Status.valueOf(rs.getString("status")), rs.getObject("quota_remaining", Integer.class),
                instant(rs, "credits_checked_at", ctx), instant(rs, "cooldown_until", ctx), instant(rs, "last_used", ctx),
                rs.getString("last_error"));
    }

    private static Instant instant(ResultSet rs, String column, StatementContext ctx) throws SQLException {
        ColumnMapper<Instant> mapper = ctx.findColumnMapperFor(Instant.class).orElseThrow();
        return mapper.map(rs, column, ctx);
    }
}
