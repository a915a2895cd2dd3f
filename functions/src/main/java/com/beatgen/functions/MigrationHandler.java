package com.beatgen.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.beatgen.config.Env;
import com.beatgen.ops.Migrations;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The CloudFormation custom resource that migrates the schema on every deploy (its properties carry the function
 * version, which changes with the jar and so with the migrations in it). Create and Update run Flyway, then load the
 * catalog already in the catalog bucket (first load, {@link Migrations#deploy}); Delete does
 * nothing (the data outlives the stack). Whatever happens, CloudFormation gets an answer: SUCCESS, or FAILED with the
 * reason, also when the migration would outlast the function's time.
 */
public final class MigrationHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    static final String PHYSICAL_ID = "beatgen-database-schema";
    private static final Logger log = LoggerFactory.getLogger(MigrationHandler.class);
    /** Time kept to answer CloudFormation: the answer's three tries take at most 3 × 10 s plus 3 s between them. */
    static final Duration ANSWER_RESERVE = Duration.ofSeconds(40);
    private static final Duration NO_CONTEXT_LIMIT = Duration.ofMinutes(14);

    private final Supplier<Migrations.Result> migrate;
    private final HttpClient http;

    public MigrationHandler() {
        this(() -> Migrations.deploy(Env.system()), HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    public MigrationHandler(Supplier<Migrations.Result> migrate, HttpClient http) {
        this.migrate = migrate;
        this.http = http;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> answer(event, context));
    }

    private Map<String, Object> answer(Map<String, Object> event, Context context) {
        String type = String.valueOf(event.get("RequestType"));
        Object physical = event.get("PhysicalResourceId");
        String physicalId = physical == null || physical.toString().isBlank() ? PHYSICAL_ID : physical.toString();
        CustomResourceResponse response;
        try {
            response = switch (type) {
                case "Delete" -> CustomResourceResponse.success(physicalId, Map.of());
                case "Create", "Update" -> migrate(physicalId, limit(context));
                default -> CustomResourceResponse.failed(physicalId, "Unknown RequestType " + type);
            };
        } catch (RuntimeException | Error e) {
            log.error("Migration request failed", e);
            response = CustomResourceResponse.failed(physicalId, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        response.send(event, http);
        return Map.of("Status", response.status(), "Reason", response.reason());
    }

    private CustomResourceResponse migrate(String physicalId, Duration limit) {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "migration");
            thread.setDaemon(true);
            return thread;
        });
        Map<String, String> logContext = MDC.getCopyOfContextMap(); // Flyway's lines carry the request id too
        Future<Migrations.Result> running = executor.submit(() -> {
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
            return migrate.get();
        });
        try {
            Migrations.Result result = running.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Schema at version {} ({} migrations applied)", result.schemaVersion(), result.applied());
            return CustomResourceResponse.success(physicalId, Map.of(
                    "SchemaVersion", String.valueOf(result.schemaVersion()), "MigrationsApplied", result.applied()));
        } catch (TimeoutException e) {
            running.cancel(true);
            return CustomResourceResponse.failed(physicalId, "The migration did not finish within " + limit.toSeconds()
                    + " s; see the function's log. Flyway records what it applied, so the next deploy continues from there.");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            log.error("Migration failed", cause);
            return CustomResourceResponse.failed(physicalId, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CustomResourceResponse.failed(physicalId, "Interrupted");
        } finally {
            executor.shutdownNow();
        }
    }

    private static Duration limit(Context context) {
        if (context == null) {
            return NO_CONTEXT_LIMIT;
        }
        Duration left = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(ANSWER_RESERVE);
        return left.isNegative() ? Duration.ofSeconds(1) : left;
    }
}
