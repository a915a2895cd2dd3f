package com.beatgen.catalog;

import com.beatgen.Json;
import com.beatgen.db.DatabaseErrors;
import com.beatgen.config.ScheduleInterval;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validate-then-sync of the beat catalog (seed "XML to Database Sync Strategy", properties 6, 7, 8, 8a–8c): the
 * whole document is validated first; then one transaction inserts new templates, updates changed ones (by MD5
 * checksum), soft-deletes missing ones and reactivates returning ones, never writing an unchanged row. Any error
 * rolls everything back; every run, good or bad, is recorded in {@code catalog_sync_run} with the name of the error it
 * ended with. A database that cannot be reached is rethrown as it is ({@code Database.Unavailable}, worth a retry);
 * any other database error becomes {@link CatalogSyncFailedException} ({@code Catalog.SyncFailed}), logged once,
 * without the SQL text. Used by the CatalogSync Lambda and by {@code ./beatgen catalog sync}.
 */
public final class CatalogSyncService {

    private static final Logger log = LoggerFactory.getLogger(CatalogSyncService.class);
    /** Error names recorded with failed runs. */
    public static final String INVALID = "Catalog.Invalid";
    public static final String UNAVAILABLE = "Database.Unavailable";

    private final Jdbi jdbi;
    private final CatalogReader reader;
    private final Clock clock;
    private final Duration interval;

    /** For the deployed schedule, one run every {@link ScheduleInterval#DEFAULT}. */
    public CatalogSyncService(Jdbi jdbi, CatalogReader reader, Clock clock) {
        this(jdbi, reader, clock, ScheduleInterval.DEFAULT);
    }

    /** @param interval the schedule's interval: a catalog with fewer active templates than runs in 24 h is warned about */
    public CatalogSyncService(Jdbi jdbi, CatalogReader reader, Clock clock, Duration interval) {
        this.jdbi = jdbi;
        this.reader = reader;
        this.clock = clock;
        this.interval = interval;
    }

    /**
     * Reads, validates and applies a catalog.
     *
     * @throws InvalidCatalogException when the catalog is refused (the failed run is recorded, templates untouched)
     */
    public SyncResult sync(InputStream input, SyncSource source) {
        Instant started = clock.instant();
        MessageDigest sha256 = sha256();
        List<BeatTemplate> templates;
        try {
            templates = reader.read(new DigestInputStream(input, sha256));
        } catch (InvalidCatalogException e) {
            throw refuse(source, started, e);
        }
        return apply(templates, source, HexFormat.of().formatHex(sha256.digest()), started);
    }

    /**
     * Records a catalog refused without reading it through (e.g. an S3 object above the size limit) as a failed,
     * refused run, logs it at ERROR and returns the exception for the caller to throw.
     */
    public InvalidCatalogException refuse(SyncSource source, Instant started, InvalidCatalogException refusal) {
        recordFailure(source, null, started, refusal.errors(), true, INVALID);
        log.error("Catalog {} refused: {}", source.location(), refusal.getMessage());
        return refusal;
    }

    /**
     * A source version whose sync already succeeded, found once the template rows are locked: a duplicate delivery
     * that raced past the caller's own check (S3 events arrive at least once, sometimes together). Nothing was written.
     */
    public static final class AlreadySyncedException extends RuntimeException {
        private final long runId;

        AlreadySyncedException(long runId) {
            super("already synced in run " + runId);
            this.runId = runId;
        }

        public long runId() {
            return runId;
        }
    }

    /** Throws {@link AlreadySyncedException} when the latest run of this source synced this very version. */
    private static void alreadySynced(Handle handle, SyncSource source) {
        if (source.version() == null) {
            return;
        }
        handle.createQuery("SELECT id, source_version, status FROM catalog_sync_run WHERE source = :source ORDER BY id DESC LIMIT 1")
                .bind("source", source.location())
                .mapToMap().findOne()
                .filter(run -> source.version().equals(run.get("source_version")) && "succeeded".equals(run.get("status")))
                .ifPresent(run -> {
                    throw new AlreadySyncedException(((Number) run.get("id")).longValue());
                });
    }

    /** Applies already validated templates in one transaction. */
    public SyncResult apply(List<BeatTemplate> templates, SyncSource source, String contentSha256, Instant started) {
        try {
            SyncResult result = jdbi.inTransaction(handle -> {
                SyncResult applied = applyInTransaction(handle, templates, source, contentSha256, started);
                return CatalogCoverage.of(handle, interval).warning().map(applied::withWarning).orElse(applied);
            });
            log.info("Catalog {} synced: added={} updated={} deactivated={} reactivated={} unchanged={}", source.location(),
                    result.added(), result.updated(), result.deactivated(), result.reactivated(), result.unchanged());
            if (result.warning() != null) {
                log.warn("Catalog {} is too small for the schedule: {}", source.location(), result.warning());
            }
            return result;
        } catch (AlreadySyncedException e) {
            throw e;
        } catch (RuntimeException e) {
            String reason = DatabaseErrors.reason(e);
            if (DatabaseErrors.isUnavailable(e)) {
                recordFailure(source, contentSha256, started, List.of(CatalogError.document(
                        "database unavailable, nothing changed: " + reason)), false, UNAVAILABLE);
                log.error("Catalog {} not synced, the database is unavailable (a later delivery retries): {}", source.location(), reason);
                throw e;
            }
            String message = "the database refused the catalog, nothing changed: " + reason;
            recordFailure(source, contentSha256, started, List.of(CatalogError.document(message)), false, CatalogSyncFailedException.ERROR_NAME);
            log.error("Catalog {} not synced: {}: {}", source.location(), CatalogSyncFailedException.ERROR_NAME, message);
            throw new CatalogSyncFailedException(message);
        }
    }

    private SyncResult applyInTransaction(Handle handle, List<BeatTemplate> templates, SyncSource source,
                                          String contentSha256, Instant started) {
        Map<String, Existing> existing = handle.createQuery("SELECT id, checksum, is_active FROM beat_template FOR UPDATE")
                .map((rs, ctx) -> new Existing(rs.getString("id"), rs.getString("checksum"), rs.getBoolean("is_active")))
                .list().stream().collect(Collectors.toMap(Existing::id, Function.identity()));
        alreadySynced(handle, source);
        Instant now = clock.instant();

        List<BeatTemplate> inserts = new ArrayList<>();
        List<BeatTemplate> updates = new ArrayList<>();
        List<String> reactivations = new ArrayList<>();
        int updated = 0;
        int reactivated = 0;
        int unchanged = 0;
        Set<String> seen = new HashSet<>();
        for (BeatTemplate template : templates) {
            seen.add(template.id());
            Existing current = existing.get(template.id());
            if (current == null) {
                inserts.add(template);
                continue;
            }
            boolean sameData = current.checksum().equals(template.checksum());
            if (!sameData) {
                updates.add(template); // the update also reactivates a returning template
            } else if (!current.active()) {
                reactivations.add(template.id());
            }
            if (!current.active()) {
                reactivated++;
            } else if (!sameData) {
                updated++;
            } else {
                unchanged++;
            }
        }
        List<String> deactivations = existing.values().stream()
                .filter(e -> e.active() && !seen.contains(e.id()))
                .map(Existing::id)
                .sorted()
                .toList();

        flagBatch(handle, "UPDATE beat_template SET is_active = FALSE, updated_at = :now WHERE id = :id", deactivations, now);
        flagBatch(handle, "UPDATE beat_template SET is_active = TRUE, updated_at = :now WHERE id = :id", reactivations, now);
        templateBatch(handle, """
                UPDATE beat_template
                SET category_name = :categoryName, genre = :genre, style = :style, mood = :mood, use_case = :useCase,
                    tags = :tagsJson, base_prompt = :basePrompt, checksum = :checksum, is_active = TRUE, updated_at = :now
                WHERE id = :id""", updates, now);
        templateBatch(handle, """
                INSERT INTO beat_template (id, category_name, genre, style, mood, use_case, tags, base_prompt,
                                           is_active, checksum, created_at, updated_at)
                VALUES (:id, :categoryName, :genre, :style, :mood, :useCase, :tagsJson, :basePrompt,
                        TRUE, :checksum, :now, :now)""", inserts, now);

        SyncResult counts = new SyncResult(0, SyncResult.Status.succeeded, inserts.size(), updated, deactivations.size(),
                reactivated, unchanged, List.of());
        return counts.withRunId(insertRun(handle, source, contentSha256, counts, false, null, started, clock.instant()));
    }

    private static void flagBatch(Handle handle, String sql, List<String> ids, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch(sql);
        ids.forEach(id -> batch.bind("id", id).bind("now", now).add());
        batch.execute();
    }

    private static void templateBatch(Handle handle, String sql, List<BeatTemplate> templates, Instant now) {
        if (templates.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch(sql);
        for (BeatTemplate t : templates) {
            batch.bindMethods(t)
                    .bind("tagsJson", Json.write(t.tags()))
                    .bind("checksum", t.checksum())
                    .bind("now", now)
                    .add();
        }
        batch.execute();
    }

    private void recordFailure(SyncSource source, String contentSha256, Instant started, List<CatalogError> errors,
                               boolean refused, String errorName) {
        try {
            jdbi.useTransaction(handle -> insertRun(handle, source, contentSha256,
                    new SyncResult(0, SyncResult.Status.failed, 0, 0, 0, 0, 0, errors), refused, errorName, started, clock.instant()));
        } catch (RuntimeException e) {
            log.error("Could not record the failed catalog sync of {}: {}", source.location(), e.getMessage());
        }
    }

    private static long insertRun(Handle handle, SyncSource source, String contentSha256, SyncResult result,
                                  boolean refused, String errorName, Instant started, Instant finished) {
        return handle.createUpdate("""
                        INSERT INTO catalog_sync_run (source, source_version, source_etag, source_bytes, content_sha256, status,
                                                      refused, error_name, added, updated, deactivated, reactivated, unchanged,
                                                      errors, started_at, finished_at)
                        VALUES (:source, :version, :etag, :bytes, :sha, :status, :refused, :errorName, :added, :updated,
                                :deactivated, :reactivated, :unchanged, :errors, :started, :finished)""")
                .bind("source", source.location())
                .bind("version", source.version())
                .bind("etag", source.etag())
                .bind("bytes", source.bytes())
                .bind("sha", contentSha256)
                .bind("status", result.status().name())
                .bind("refused", refused)
                .bind("errorName", errorName)
                .bind("added", result.added())
                .bind("updated", result.updated())
                .bind("deactivated", result.deactivated())
                .bind("reactivated", result.reactivated())
                .bind("unchanged", result.unchanged())
                .bind("errors", result.errors().isEmpty() ? null : Json.write(result.errors().stream().map(CatalogError::toString).toList()))
                .bind("started", started)
                .bind("finished", finished)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private record Existing(String id, String checksum, boolean active) {
    }
}
