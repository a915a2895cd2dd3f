package com.beatgen.api;

import com.beatgen.provider.ProviderException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations of the OpenAPI document (by operationId): each reads its parameters strictly, calls one query or
 * service and answers JSON. {@link #of} creates only the operations asked for, and with them only their collaborators.
 */
public final class ApiOperations {

    /** One operation: the request and its path parameters (from the route) → the response. */
    @FunctionalInterface
    public interface Operation {
        ApiResponse handle(ApiRequest request, Map<String, String> pathParameters);
    }

    /** Jobs are counted up to this many; beyond, the total is this with {@code totalExact: false} ("at least"). */
    public static final int JOB_TOTAL_BOUND = 10_000;
    /**
     * A total of beats or prompts with several criteria is counted on this many rows of the most selective one (exact
     * when it has no more, else an estimate with {@code totalExact: false}).
     */
    public static final int TOTAL_SAMPLE = 2_000;

    private static final Logger log = LoggerFactory.getLogger(ApiOperations.class);
    private static final Pattern UUID_SHAPE = Pattern.compile("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");
    private static final Set<String> BEAT_FILTERS = Set.of("genre", "style", "mood", "tags", "rating", "cursor", "page", "pageSize");
    private static final Set<String> PROMPT_FILTERS = Set.of("templateId", "genre", "style", "mood", "tags", "cursor", "page", "pageSize");
    private static final Set<String> TEMPLATE_FILTERS = Set.of("genre", "style", "mood", "active", "cursor", "page", "pageSize");
    private static final Set<String> BEAT_OPERATIONS = Set.of("listBeats", "getBeat");
    private static final Set<String> KEY_OPERATIONS = Set.of("listKeys", "addKey", "updateKey", "refreshKeyCredits");
    private static final Set<String> JOB_FILTERS = Set.of("status", "from", "to", "cursor", "page", "pageSize");

    private ApiOperations() {
    }

    /**
     * @param audio the audio links (asked for only when a beat operation is among {@code operationIds})
     * @param keys  the admin key service (asked for only when a key operation is: only the admin function has the
     *              encryption key)
     * @throws IllegalArgumentException for an operationId this class does not implement
     */
    public static Map<String, Operation> of(Set<String> operationIds, Jdbi jdbi, ApiConfig config, Supplier<AudioLinks> audio,
                                            Supplier<KeyAdmin> keys, Clock clock) {
        Map<String, Operation> operations = new LinkedHashMap<>();
        BeatQueries beats = operationIds.stream().anyMatch(BEAT_OPERATIONS::contains)
                ? new BeatQueries(jdbi, audio.get(), TOTAL_SAMPLE) : null;
        KeyAdmin keyAdmin = operationIds.stream().anyMatch(KEY_OPERATIONS::contains) ? keys.get() : null;
        AdminAuth admin = new AdminAuth(config.adminToken());
        for (String id : operationIds) {
            operations.put(id, switch (id) {
                case "listBeats" -> listBeats(beats);
                case "getBeat" -> (request, path) -> {
                    noQuery(request);
                    String beatId = id(request, path, "Beat");
                    return ApiResponse.json(200, beats.detail(beatId).orElseThrow(() -> ApiException.notFound("Beat " + beatId)));
                };
                case "getStats" -> {
                    StatsService stats = new StatsService(jdbi, clock, config.statsCacheTtl());
                    yield (request, path) -> {
                        noQuery(request);
                        return ApiResponse.json(200, stats.stats());
                    };
                }
                case "listPrompts" -> listPrompts(new PromptQueries(jdbi, TOTAL_SAMPLE));
                case "listTemplates" -> listTemplates(new TemplateQueries(jdbi, config.scheduleInterval()));
                case "listJobs" -> listJobs(new JobQueries(jdbi, JOB_TOTAL_BOUND));
                case "getHealth" -> (request, path) -> {
                    noQuery(request);
                    jdbi.useHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
                    return ApiResponse.json(200, Map.of("status", "ok", "database", "up", "time", clock.instant().toString()));
                };
                case "listKeys" -> admin(admin, (request, path) -> ApiResponse.json(200, keyAdmin.list()));
                case "addKey" -> admin(admin, (request, path) -> ApiResponse.json(201, keyAdmin.add(request.body())));
                case "updateKey" -> admin(admin, (request, path) ->
                        ApiResponse.json(200, keyAdmin.update(id(request, path, "Key"), request.body())));
                case "rateTake" -> rateTake(admin, new BeatRatings(jdbi, clock));
                case "refreshKeyCredits" -> admin(admin, (request, path) -> {
                    try {
                        return ApiResponse.json(200, keyAdmin.refresh(id(request, path, "Key")));
                    } catch (ProviderException e) {
                        log.warn("Credit refresh failed: {}", e.errorName());
                        throw new ApiException(Problem.of(502, "Bad Gateway", "Suno did not return the key's credits ("
                                + e.errorName() + ")"));
                    }
                });
                default -> throw new IllegalArgumentException("No implementation of operation " + id);
            });
        }
        return Map.copyOf(operations);
    }

    private static Operation listBeats(BeatQueries beats) {
        return (request, path) -> {
            QueryParams params = new QueryParams(request, BEAT_FILTERS);
            BeatQueries.Filter filter = new BeatQueries.Filter(params.text("genre", 100), params.text("style", 100),
                    params.text("mood", 100), params.tags("tags"), params.oneOf("rating", BeatRatings.VERDICTS));
            Page page = params.page();
            params.validate();
            return ApiResponse.json(200, beats.list(filter, page));
        };
    }

    /** PUT /api/beats/{id}/ratings/{take} (admin): judges one take. */
    private static Operation rateTake(AdminAuth auth, BeatRatings ratings) {
        return admin(auth, (request, path) -> {
            String beatId = id(request, path, "Beat");
            String take = request.pathParameters().getOrDefault("take", path.get("take"));
            if (!BeatRatings.TAKES.contains(take)) {
                throw ApiException.notFound("Take " + take + " (the takes are " + String.join(", ", BeatRatings.TAKES) + ")");
            }
            return ApiResponse.json(200, ratings.rate(beatId, take, request.body()));
        });
    }

    private static Operation listPrompts(PromptQueries prompts) {
        return (request, path) -> {
            QueryParams params = new QueryParams(request, PROMPT_FILTERS);
            PromptQueries.Filter filter = new PromptQueries.Filter(params.text("templateId", 160), params.text("genre", 100),
                    params.text("style", 100), params.text("mood", 100), params.tags("tags"));
            Page page = params.page();
            params.validate();
            return ApiResponse.json(200, prompts.list(filter, page));
        };
    }

    private static Operation listTemplates(TemplateQueries templates) {
        return (request, path) -> {
            QueryParams params = new QueryParams(request, TEMPLATE_FILTERS);
            TemplateQueries.Filter filter = new TemplateQueries.Filter(params.text("genre", 100), params.text("style", 100),
                    params.text("mood", 100), params.bool("active", true));
            Page page = params.numberedPage();
            var after = params.text("cursor", 160);
            params.validate();
            return ApiResponse.json(200, templates.list(filter, page, after));
        };
    }

    private static Operation listJobs(JobQueries jobs) {
        return (request, path) -> {
            QueryParams params = new QueryParams(request, JOB_FILTERS);
            JobQueries.Filter filter = new JobQueries.Filter(params.oneOf("status", JobQueries.STATUSES), params.instant("from"),
                    params.instant("to"));
            Page page = params.page();
            params.validate();
            return ApiResponse.json(200, jobs.list(filter, page));
        };
    }

    /** An admin operation: the caller must be allowed, and the request has no query parameters. */
    private static Operation admin(AdminAuth auth, Operation operation) {
        return (request, path) -> {
            auth.check(request);
            noQuery(request);
            return operation.handle(request, path);
        };
    }

    private static void noQuery(ApiRequest request) {
        new QueryParams(request, Set.of()).validate();
    }

    /** The id from the path (API Gateway's pathParameters when given); ids are UUIDs, anything else does not exist. */
    private static String id(ApiRequest request, Map<String, String> path, String what) {
        String id = request.pathParameters().getOrDefault("id", path.get("id"));
        if (id == null || !UUID_SHAPE.matcher(id).matches()) {
            throw ApiException.notFound(what + " " + id);
        }
        return id.toLowerCase(Locale.ROOT);
    }
}
