package com.beatgen.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The operations of {@code infrastructure/openapi.yaml}: operationId, method, path and the function its API Gateway
 * integration invokes. This table is the document's, written out so that a Lambda function routes without parsing
 * YAML at start; {@code ApiRoutesTest} fails when the two differ. A function serves only its own operations: any other
 * request is 404 from it (405 for another method on one of its paths).
 */
public final class ApiRoutes {

    /**
     * One operation of the document served through {@link ApiWiring}. The Suno callback route has a handler of its own
     * (HMAC-signed, not rate limited per client), so it is not listed here.
     */
    public record Route(String operationId, String method, String path, String function) {
    }

    public static final List<Route> ALL = List.of(
            new Route("listBeats", "GET", "/api/beats", "BeatsApiFunction"),
            new Route("getBeat", "GET", "/api/beats/{id}", "BeatsApiFunction"),
            new Route("rateTake", "PUT", "/api/beats/{id}/ratings/{take}", "RatingsAdminApiFunction"),
            new Route("getStats", "GET", "/api/stats", "StatsApiFunction"),
            new Route("listPrompts", "GET", "/api/prompts", "PromptsApiFunction"),
            new Route("listTemplates", "GET", "/api/templates", "TemplatesApiFunction"),
            new Route("listJobs", "GET", "/api/jobs", "JobsApiFunction"),
            new Route("getHealth", "GET", "/api/health", "HealthApiFunction"),
            new Route("listKeys", "GET", "/api/keys", "KeysAdminApiFunction"),
            new Route("addKey", "POST", "/api/keys", "KeysAdminApiFunction"),
            new Route("updateKey", "PATCH", "/api/keys/{id}", "KeysAdminApiFunction"),
            new Route("refreshKeyCredits", "POST", "/api/keys/{id}/refresh", "KeysAdminApiFunction"));

    /** A request matched to an operation, with the values of the path's parameters. */
    public record Match(Route route, Map<String, String> pathParameters) {
    }

    private final List<Route> routes;

    private ApiRoutes(List<Route> routes) {
        this.routes = routes;
    }

    /** The routes of one function (e.g. {@code BeatsApiFunction}). */
    public static ApiRoutes of(String function) {
        List<Route> routes = ALL.stream().filter(r -> r.function().equals(function)).toList();
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("No API operation is bound to " + function);
        }
        return new ApiRoutes(routes);
    }

    /** The function serving {@code path} (with any method), if an operation has that path. */
    public static Optional<String> owner(String path) {
        List<String> segments = segments(path);
        return ALL.stream().filter(r -> parameters(segments(r.path()), segments).isPresent()).map(Route::function).findFirst();
    }

    public List<Route> routes() {
        return routes;
    }

    /** @throws ApiException 404 when no operation of this function has the path, 405 when none has the method */
    public Match match(String method, String path) {
        List<String> segments = segments(path);
        Set<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Optional<Map<String, String>> parameters = parameters(segments(route.path()), segments);
            if (parameters.isPresent()) {
                if (route.method().equals(method)) {
                    return new Match(route, parameters.get());
                }
                allowed.add(route.method());
            }
        }
        if (allowed.isEmpty()) {
            throw new ApiException(Problem.of(404, "Not Found", "No route for " + method + " " + path));
        }
        throw new ApiException(Problem.of(405, "Method Not Allowed", method + " is not supported here"),
                Map.of("Allow", String.join(", ", allowed)));
    }

    /** The path parameters when {@code path} fits {@code template} ({@code {name}} matches one non-empty segment). */
    private static Optional<Map<String, String>> parameters(List<String> template, List<String> path) {
        if (template.size() != path.size()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            if (t.startsWith("{") && t.endsWith("}")) {
                parameters.put(t.substring(1, t.length() - 1), path.get(i));
            } else if (!t.equals(path.get(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }

    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        return segments;
    }
}
