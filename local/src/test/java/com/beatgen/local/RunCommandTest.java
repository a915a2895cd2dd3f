package com.beatgen.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.Json;
import com.beatgen.db.TestDatabase;
import com.beatgen.testkit.stub.ProviderStub;
import com.beatgen.testkit.stub.ProviderStub.Api;
import com.beatgen.testkit.stub.ProviderStub.Fault;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./beatgen run} in-process on a test database, the real state machine and handlers: a Gemini that refuses its
 * key (a real HTTP stub answering 403) degrades two steps, and the run says so instead of reporting a plain success.
 */
class RunCommandTest {

    @TempDir
    Path home;

    @Test
    void aRefusedGeminiKeyIsAConfigurationErrorOnStderrAndInJsonAndTheBeatIsStillMade() throws Exception {
        try (ProviderStub gemini = ProviderStub.start()) {
            gemini.inject(Api.GEMINI, Fault.UNAUTHORIZED, 1000);
            Cli cli = new Cli(TestDatabase.freshConfig());
            Map<String, String> env = Map.of(EnvDatabaseProvider.HOME, home.toString(), ProjectFiles.PROJECT, "..",
                    "GEMINI_API_KEY", "wrong-key", "GEMINI_BASE_URL", gemini.baseUrl());

            Cli.Run json = cli.run(env, "run", "--json");
            assertThat(json.exitCode()).as(json.all()).isZero();
            JsonNode result = Json.MAPPER.readTree(json.out());
            assertThat(result.path("beat").path("id").asText()).isNotEmpty();
            List<String> steps = new ArrayList<>();
            for (JsonNode step : result.path("degraded")) {
                steps.add(step.path("step").asText());
                assertThat(step.path("error").asText()).isEqualTo("Provider.Unauthorized");
                assertThat(step.path("configurationError").asText()).isEqualTo("GEMINI_API_KEY");
            }
            assertThat(steps).containsExactly("GenerateConcept", "GenerateMetadata");
            assertThat(json.out()).doesNotContain("stackTrace").doesNotContain("at com.beatgen");
            assertThat(json.err()).contains("WARN GenerateConcept degraded", "WARN GenerateMetadata degraded",
                    "configuration error: the provider refused GEMINI_API_KEY");

            Cli.Run text = cli.run(env, "run");
            assertThat(text.exitCode()).as(text.all()).isZero();
            assertThat(text.out()).doesNotContain("Execution history").contains("Beat created (2 degraded steps");
            List<String> lines = text.out().strip().lines().toList();
            assertThat(lines.get(lines.size() - 1)).as("the summary is printed last").startsWith("  beat id");
            assertThat(text.err()).contains("WARN GenerateConcept degraded").contains("GEMINI_API_KEY");

            Cli.Run history = cli.run(env, "run", "--history");
            assertThat(history.out()).contains("Execution history", "Provider.Unauthorized").doesNotContain("stackTrace")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void theEmulatorRuntimeNeedsTheDeploymentJarAndSaysHowToBuildItBeforeAnyTaskRuns() {
        Cli cli = new Cli(TestDatabase.freshConfig());
        Path missing = home.resolve("no-such-lambda.jar");
        Map<String, String> env = Map.of(EnvDatabaseProvider.HOME, home.toString(), ProjectFiles.PROJECT, "..",
                "BEATGEN_LAMBDA_JAR", missing.toString());

        Cli.Run run = cli.run(env, "run", "--runtime", "emulator");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err().strip()).doesNotContain("\n").contains("No deployment jar at " + missing.toAbsolutePath(),
                "mvn -B -q -ntp -DskipTests -pl functions -am package");
        assertThat(run.out()).doesNotContain("Running the state machine");

        Cli.Run unknown = cli.run(env, "run", "--runtime", "docker");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--runtime must be in-process or emulator, was docker");
    }
}
