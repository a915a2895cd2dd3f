package com.beatgen.catalog;

import com.beatgen.Json;
import com.beatgen.config.Env;
import com.beatgen.config.ScheduleInterval;
import com.beatgen.storage.StorageUnavailableException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The catalog as delivered through S3 (seed property 5; the CatalogSync Lambda and {@code ./beatgen up}): an
 * {@code ObjectCreated} event is only a trigger, the object as it is now in the bucket is what gets synced. Its size is
 * checked (HEAD) before it is downloaded; the version read (version id, else ETag) is recorded with the run, so a
 * repeated or late event for a version already synced changes nothing, and one already refused (or whose sync the
 * database refused, {@code Catalog.SyncFailed}) fails again the same way without a new run: only a new version is
 * tried again. Validation and the sync itself are {@link CatalogSyncService}'s, as for {@code catalog sync}.
 */
public final class CatalogObjectSync {

    public static final String BUCKET = "CATALOG_BUCKET";
    public static final String KEY = "CATALOG_KEY";
    public static final String DEFAULT_KEY = "beat_catalog.xml";
    public static final String MAX_BYTES = "CATALOG_MAX_BYTES";

    private static final Logger log = LoggerFactory.getLogger(CatalogObjectSync.class);
    private static final int ATTEMPTS = 3;

    /** What became of one object: synced (with the result), a duplicate, ignored (not a catalog) or absent. */
    public record Outcome(Kind kind, String location, String version, SyncResult result, String detail) {
        public enum Kind { SYNCED, DUPLICATE, IGNORED, ABSENT }
    }

    private final Jdbi jdbi;
    private final S3Client s3;
    private final CatalogSyncService sync;
    private final long maxBytes;
    private final Clock clock;

    public CatalogObjectSync(Jdbi jdbi, S3Client s3, long maxBytes, Clock clock) {
        this(jdbi, s3, maxBytes, clock, ScheduleInterval.DEFAULT);
    }

    /** @param interval the schedule's interval, for the catalog-size warning ({@link CatalogCoverage}) */
    public CatalogObjectSync(Jdbi jdbi, S3Client s3, long maxBytes, Clock clock, Duration interval) {
        this.jdbi = jdbi;
        this.s3 = s3;
        this.maxBytes = maxBytes;
        this.clock = clock;
        // the reader's own limit stays as a second guard, should the object grow between HEAD and GET
        this.sync = new CatalogSyncService(jdbi, new CatalogReader(maxBytes), clock, interval);
    }

    public static long maxBytes(Env env) {
        return env.longValue(MAX_BYTES, CatalogReader.DEFAULT_MAX_BYTES, 1, Long.MAX_VALUE);
    }

    /**
     * One record of an S3 event notification. {@code encodedKey} is the key as the event carries it (URL-encoded,
     * spaces as {@code +}).
     *
     * @throws InvalidCatalogException when the object is not a valid catalog (the refused run is recorded)
     * @throws StorageUnavailableException when S3 cannot be read
     */
    public Outcome onObjectCreated(String eventName, String bucket, String encodedKey) {
        String key = decodeKey(encodedKey);
        String location = "s3://" + bucket + "/" + key;
        if (eventName != null && !eventName.startsWith("ObjectCreated:")) {
            return ignored(location, "not an ObjectCreated event (" + eventName + ")");
        }
        if (!isCatalogKey(key)) {
            return ignored(location, "not an .xml key");
        }
        return syncCurrent(bucket, key);
    }

    /**
     * Syncs the object as it is now (the first load on deploy, and what every event does); does nothing when there is
     * no such object.
     */
    public Outcome syncCurrent(String bucket, String key) {
        for (int attempt = 1; ; attempt++) {
            try {
                return syncOnce(bucket, key);
            } catch (ObjectReplacedException e) {
                if (attempt == ATTEMPTS) {
                    throw new StorageUnavailableException("s3://" + bucket + "/" + key
                            + " kept changing while it was read; the next event will sync it", e);
                }
            }
        }
    }

    /** An S3 event key: URL-encoded as a form value ({@code +} is a space, {@code %2B} a plus). */
    public static String decodeKey(String encodedKey) {
        try {
            return URLDecoder.decode(encodedKey, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("S3 event key is not URL-encoded: " + encodedKey, e);
        }
    }

    public static boolean isCatalogKey(String key) {
        return key.toLowerCase(Locale.ROOT).endsWith(".xml");
    }

    private Outcome syncOnce(String bucket, String key) {
        Instant started = clock.instant();
        String location = "s3://" + bucket + "/" + key;
        HeadObjectResponse head;
        try {
            head = s3.headObject(b -> b.bucket(bucket).key(key));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                log.info("Catalog {} does not exist (any more): nothing to sync", location);
                return new Outcome(Outcome.Kind.ABSENT, location, null, null, "no such object");
            }
            throw unavailable(location, e);
        } catch (SdkException | UncheckedIOException e) { // a connection dropped mid-request, with the URL-connection client
            throw unavailable(location, e);
        }
        String etag = unquote(head.eTag());
        SyncSource source = SyncSource.s3(bucket, key, head.versionId(), etag, head.contentLength());

        Optional<LastRun> last = lastRun(location).filter(run -> source.version() != null && source.version().equals(run.version()));
        if (last.isPresent() && last.get().succeeded()) {
            log.info("Catalog {} version {} was already synced (run {}): nothing to do", location, source.version(), last.get().id());
            return new Outcome(Outcome.Kind.DUPLICATE, location, source.version(), null, "already synced in run " + last.get().id());
        }
        if (last.isPresent() && last.get().refused()) {
            InvalidCatalogException refusal = new InvalidCatalogException(last.get().errors());
            log.error("Catalog {} version {} was already refused (run {}): {}", location, source.version(), last.get().id(),
                    refusal.getMessage());
            throw refusal;
        }
        if (last.isPresent() && CatalogSyncFailedException.ERROR_NAME.equals(last.get().errorName())) {
            String message = last.get().errors().get(0).message();
            log.error("Catalog {} version {} already failed (run {}): {}: {}", location, source.version(), last.get().id(),
                    CatalogSyncFailedException.ERROR_NAME, message);
            throw new CatalogSyncFailedException(message);
        }
        if (head.contentLength() != null && head.contentLength() > maxBytes) {
            throw sync.refuse(source, started, new InvalidCatalogException(CatalogError.document("the object is "
                    + head.contentLength() + " bytes, larger than the limit of " + maxBytes + " bytes (" + MAX_BYTES + ")")));
        }

        GetObjectRequest.Builder get = GetObjectRequest.builder().bucket(bucket).key(key);
        if (head.versionId() != null) {
            get.versionId(head.versionId());
        } else if (head.eTag() != null) {
            get.ifMatch(head.eTag()); // the version whose size was checked, or nothing
        }
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(get.build())) {
            SyncResult result = sync.sync(in, source);
            return new Outcome(Outcome.Kind.SYNCED, location, source.version(), result, null);
        } catch (CatalogSyncService.AlreadySyncedException e) {
            log.info("Catalog {} version {} was synced by a concurrent delivery: nothing to do", location, source.version());
            return new Outcome(Outcome.Kind.DUPLICATE, location, source.version(), null, e.getMessage());
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                throw new ObjectReplacedException(e);
            }
            if (e.statusCode() == 404) {
                log.info("Catalog {} was deleted before it could be read: nothing to sync", location);
                return new Outcome(Outcome.Kind.ABSENT, location, source.version(), null, "deleted before it was read");
            }
            throw unavailable(location, e);
        } catch (SdkException | UncheckedIOException e) { // a connection dropped mid-request, with the URL-connection client
            throw unavailable(location, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Outcome ignored(String location, String reason) {
        log.info("Ignored {}: {}", location, reason);
        return new Outcome(Outcome.Kind.IGNORED, location, null, null, reason);
    }

    private record LastRun(long id, String version, boolean succeeded, boolean refused, String errorName, List<CatalogError> errors) {
    }

    private Optional<LastRun> lastRun(String location) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, source_version, status, refused, error_name, errors FROM catalog_sync_run
                        WHERE source = :source ORDER BY id DESC LIMIT 1""")
                .bind("source", location)
                .map((rs, ctx) -> new LastRun(rs.getLong("id"), rs.getString("source_version"),
                        "succeeded".equals(rs.getString("status")), rs.getBoolean("refused"), rs.getString("error_name"),
                        errors(rs.getString("errors"))))
                .findOne());
    }

    private static List<CatalogError> errors(String json) {
        if (json == null) {
            return List.of(CatalogError.document("refused earlier"));
        }
        try {
            List<String> texts = Json.MAPPER.readValue(json, new TypeReference<List<String>>() { });
            return texts.stream().map(CatalogError::document).toList();
        } catch (IOException e) {
            return List.of(CatalogError.document(json));
        }
    }

    private static String unquote(String etag) {
        return etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
                ? etag.substring(1, etag.length() - 1) : etag;
    }

    private static StorageUnavailableException unavailable(String location, Exception e) {
        return new StorageUnavailableException("Could not read " + location + ": " + e.getMessage(), e);
    }

    /** The object changed between HEAD and GET (If-Match failed): read it again. */
    private static final class ObjectReplacedException extends RuntimeException {
        ObjectReplacedException(Throwable cause) {
            super(cause);
        }
    }
}
