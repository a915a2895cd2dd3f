package com.beatgen.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The SQL of the rate limit: table {@code api_rate_limit_slot}, one row per accepted request of the last window and
 * client ({@code slot} 0 … max − 1, unique per client). Every statement is a single autocommitted statement; the
 * unique key and InnoDB's row locks make each exact under concurrent callers.
 */
final class RateLimitRepository {

    /** How a client uses its slots: how many exist (below the maximum), the oldest use, the highest slot number (−1: none). */
    record Usage(int slots, Instant oldest, int highest) {
    }

    private final Jdbi jdbi;

    RateLimitRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Reuses the client's oldest slot last used at or before {@code expiredAt} (outside the window): one UPDATE of at
     * most one row. Two callers never get the same slot: the second waits for the first's row lock and then sees the
     * new time.
     */
    boolean claimExpired(String client, int max, Instant expiredAt, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE api_rate_limit_slot SET accepted_at = :now
                        WHERE client_ip = :client AND slot < :max AND accepted_at <= :expiredAt
                        ORDER BY accepted_at LIMIT 1""")
                .bind("now", now).bind("client", client).bind("max", max).bind("expiredAt", expiredAt)
                .execute()) == 1;
    }

    /** Adds slot {@code slot} used at {@code now}; false when another caller added it first. */
    boolean add(String client, int slot, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        INSERT IGNORE INTO api_rate_limit_slot (client_ip, slot, accepted_at) VALUES (:client, :slot, :now)""")
                .bind("client", client).bind("slot", slot).bind("now", now)
                .execute()) == 1;
    }

    Usage usage(String client, int max) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) AS slots, MIN(accepted_at) AS oldest, COALESCE(MAX(slot), -1) AS highest
                        FROM api_rate_limit_slot WHERE client_ip = :client AND slot < :max""")
                .bind("client", client).bind("max", max)
                .map((rs, ctx) -> new Usage(rs.getInt("slots"), Rows.instant(rs, "oldest", ctx), rs.getInt("highest")))
                .one());
    }

    /** The lowest slot number below {@code max} the client does not have, if any. */
    Optional<Integer> freeSlot(String client, int max) {
        List<Integer> used = jdbi.withHandle(h -> h.createQuery(
                        "SELECT slot FROM api_rate_limit_slot WHERE client_ip = :client AND slot < :max ORDER BY slot")
                .bind("client", client).bind("max", max).mapTo(Integer.class).list());
        for (int i = 0; i < used.size(); i++) {
            if (used.get(i) != i) {
                return Optional.of(i);
            }
        }
        return used.size() < max ? Optional.of(used.size()) : Optional.empty();
    }

    /** Deletes up to {@code limit} slots last used before {@code before} (a missing slot counts as a free one). */
    int deleteUsedBefore(Instant before, int limit) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM api_rate_limit_slot WHERE accepted_at < :before LIMIT :limit")
                .bind("before", before).bind("limit", limit).execute());
    }
}
