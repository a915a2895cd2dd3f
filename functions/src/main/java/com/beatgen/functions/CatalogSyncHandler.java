package com.beatgen.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.beatgen.catalog.CatalogObjectSync.Outcome;
import com.beatgen.catalog.CatalogObjectSync;
import com.beatgen.catalog.CatalogSyncFailedException;
import com.beatgen.wiring.Components;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * S3 {@code ObjectCreated} in the catalog bucket → validate-then-sync of each record's object (seed property 5), the
 * same code as {@code ./beatgen catalog sync}. Every record is handled; if any failed (an invalid catalog: recorded
 * as a refused run, the database unchanged), the invocation fails afterwards with the first error's name
 * ({@code Catalog.Invalid}, {@code Catalog.SyncFailed}, {@code Storage.Unavailable}, {@code Database.Unavailable} …),
 * so Lambda's error metric, the alarm and the retry/failure destination see it. A redelivered record is a no-op, and
 * a retry of a version that failed as {@code Catalog.*} fails again without a new sync run.
 */
public final class CatalogSyncHandler implements RequestHandler<S3Event, Map<String, Object>> {

    private static final Logger log = LoggerFactory.getLogger(CatalogSyncHandler.class);
    private static final PerContainer<CatalogObjectSync> CONTAINER = PerContainer.of(CatalogSyncHandler::wire, Priming::database);
    private final Supplier<CatalogObjectSync> sync;

    public CatalogSyncHandler() {
        this(CONTAINER);
    }

    static CatalogObjectSync wire(Components c) {
        return c.catalogSync();
    }

    public CatalogSyncHandler(Supplier<CatalogObjectSync> sync) {
        this.sync = sync;
    }

    @Override
    public Map<String, Object> handleRequest(S3Event event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> syncAll(event));
    }

    private Map<String, Object> syncAll(S3Event event) {
        List<Map<String, Object>> records = new ArrayList<>();
        RuntimeException failure = null;
        for (S3EventNotificationRecord record : event.getRecords()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("bucket", record.getS3().getBucket().getName());
            result.put("key", record.getS3().getObject().getKey()); // as the event carries it: URL-encoded
            try {
                Outcome outcome = sync.get().onObjectCreated(record.getEventName(), record.getS3().getBucket().getName(),
                        record.getS3().getObject().getKey());
                result.put("outcome", outcome.kind().name());
                result.put("version", outcome.version());
                result.put("detail", outcome.detail());
                if (outcome.result() != null) {
                    result.put("runId", outcome.result().runId());
                    result.put("added", outcome.result().added());
                    result.put("updated", outcome.result().updated());
                    result.put("deactivated", outcome.result().deactivated());
                    result.put("reactivated", outcome.result().reactivated());
                    result.put("unchanged", outcome.result().unchanged());
                    if (outcome.result().warning() != null) {
                        result.put("warning", outcome.result().warning());
                    }
                }
            } catch (RuntimeException e) {
                RuntimeException named = StepError.of(e);
                if (!(e instanceof CatalogSyncFailedException)) { // logged once where it arose, with the database's reason
                    log.error("Catalog sync failed for event key {} in bucket {}: {}: {}", result.get("key"), result.get("bucket"),
                            named.getClass().getName(), e.getMessage());
                }
                result.put("outcome", "FAILED");
                result.put("error", named.getClass().getName());
                result.put("detail", e.getMessage());
                if (failure == null) {
                    failure = named;
                } else {
                    failure.addSuppressed(named);
                }
            }
            records.add(result);
        }
        if (failure != null) {
            throw failure;
        }
        return Map.of("records", records);
    }
}
