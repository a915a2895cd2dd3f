package com.beatgen.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.api.ApiRoutes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The routing table of the API functions ({@link ApiRoutes}) is the OpenAPI document's: every operation, its method,
 * path and the function its integration invokes, nothing more; and each handler class serves the function the template
 * gives it.
 */
class ApiRoutesTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern FUNCTION = Pattern.compile("\\$\\{(\\w+?Function)(?:\\.Arn|Alias\\w+)}");

    @Test
    void theRoutingTableIsTheOpenApiDocuments() throws IOException {
        JsonNode paths = new YAMLMapper().readTree(ROOT.resolve("infrastructure/openapi.yaml").toFile()).get("paths");
        JsonNode resources = new YAMLMapper().readTree(ROOT.resolve("infrastructure/template.yaml").toFile()).get("Resources");
        List<ApiRoutes.Route> documented = new ArrayList<>();
        paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            Matcher function = FUNCTION.matcher(operation.getValue().at("/x-amazon-apigateway-integration/uri/Fn::Sub").asText(""));
            assertThat(function.find()).as(operation.getKey() + " " + path.getKey()).isTrue();
            if (servedThroughApiWiring(resources, function.group(1))) {
                documented.add(new ApiRoutes.Route(operation.getValue().get("operationId").asText(),
                        operation.getKey().toUpperCase(Locale.ROOT), path.getKey(), function.group(1)));
            }
        }));

        assertThat(ApiRoutes.ALL).containsExactlyInAnyOrderElementsOf(documented);
    }

    /** Whether the function's handler is an {@link ApiHandler} (the Suno callback route has a handler of its own). */
    private static boolean servedThroughApiWiring(JsonNode resources, String function) {
        String handler = resources.at("/" + function + "/Properties/Handler").asText();
        try {
            return ApiHandler.class.isAssignableFrom(Class.forName(handler.substring(0, handler.indexOf("::"))));
        } catch (ClassNotFoundException e) {
            throw new AssertionError(handler, e);
        }
    }

    @Test
    void eachHandlerServesTheFunctionTheTemplateGivesIt() throws IOException {
        JsonNode resources = new YAMLMapper().readTree(ROOT.resolve("infrastructure/template.yaml").toFile()).get("Resources");
        int checked = 0;
        for (ApiRoutes.Route route : ApiRoutes.ALL) {
            String handler = resources.at("/" + route.function() + "/Properties/Handler").asText();
            String className = handler.substring(0, handler.indexOf("::"));
            try {
                assertThat(ApiHandler.functionOf(Class.forName(className).asSubclass(ApiHandler.class))).as(className)
                        .isEqualTo(route.function());
                checked++;
            } catch (ClassNotFoundException e) {
                throw new AssertionError(className, e);
            }
        }
        assertThat(checked).isEqualTo(ApiRoutes.ALL.size());
    }
}
