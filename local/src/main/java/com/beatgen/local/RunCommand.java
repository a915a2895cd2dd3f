package com.beatgen.local;

import com.beatgen.Json;
import com.beatgen.config.Env;
import com.beatgen.local.asl.LocalStateMachine;
import com.beatgen.local.stack.LocalStack;
import com.beatgen.api.BeatReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", description = {
        "Run the pipeline once, end to end: the real state machine (statemachine/beat-generation.asl.json), every task on "
                + "its real Lambda handler, MySQL, a local S3 and the providers.",
        "Providers: the built-in stub, or the real ones whose keys are set (GEMINI_API_KEY, OPENAI_API_KEY, SUNO_API_KEYS; "
                + "optional *_BASE_URL). State (database, audio files) persists under $BEATGEN_HOME, so the next run takes "
                + "another template and the next Suno key. The sample catalog is loaded when the database has none."})
final class RunCommand implements Callable<Integer> {

    private final Env env;
    private final DatabaseProvider databases;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "print one JSON object: {\"beat\": …, \"execution\": […]} or {\"error\": …, \"execution\": […]}")
    boolean json;

    @Option(names = "--real-time", description = "wait 10 s between Suno polls and use the real retry intervals (default: shortened)")
    boolean realTime;

    RunCommand(Env env, DatabaseProvider databases) {
        this.env = env;
        this.databases = databases;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path home = EnvDatabaseProvider.home(env);
        Path definition = Path.of(env.string("BEATGEN_STATE_MACHINE", "statemachine/beat-generation.asl.json"));
        Path catalog = Path.of(env.string("BEAT_CATALOG_PATH", "catalog/beat_catalog.xml"));
        if (!Files.isRegularFile(definition)) {
            throw new com.beatgen.config.ConfigException("No state machine at " + definition.toAbsolutePath()
                    + ": run ./beatgen from the project directory or set BEATGEN_STATE_MACHINE");
        }
        LocalStack.Options options = realTime ? LocalStack.Options.realTime() : LocalStack.Options.fast();
        try (LocalStack stack = LocalStack.start(env, databases.open(), home, home.resolve("s3"), definition, options)) {
            stack.loadCatalogIfEmpty(catalog).ifPresent(sync -> {
                if (!json) {
                    out.printf("Loaded the catalog %s: %d templates%n", catalog, sync.added());
                }
            });
            if (!json) {
                out.println("Running the state machine" + (stack.stub().isPresent() ? " (providers: local stub)" : "") + " …");
                out.flush();
            }
            LocalStateMachine.Execution execution = stack.runManual(event -> {
                if (!json && "StateEntered".equals(event.type())) {
                    out.println("  → " + event.stateName());
                    out.flush();
                }
            });
            return json ? printJson(out, stack, execution) : printText(out, stack, execution);
        }
    }

    private int printText(PrintWriter out, LocalStack stack, LocalStateMachine.Execution execution) {
        out.println();
        if (!execution.succeeded()) {
            out.printf("Run FAILED: %s%n  %s%n", execution.error(), cause(execution.cause()));
            return 1;
        }
        Map<?, ?> output = execution.output() instanceof Map<?, ?> map ? map : Map.of();
        if (output.get("beatId") == null) {
            Object reason = output.get("run") instanceof Map<?, ?> run ? run.get("reason") : output;
            out.println("Run skipped: " + reason);
            return 0;
        }
        Map<String, Object> beat = new BeatReader(stack.database().jdbi()).find(output.get("beatId").toString()).orElseThrow();
        out.printf("Beat created: %s%n", beat.get("name"));
        out.printf("  template   %s%n  genre      %s / %s / %s (%s)%n  tags       %s%n", beat.get("templateId"), beat.get("genre"),
                beat.get("style"), beat.get("mood"), beat.get("useCase"), String.join(", ", castList(beat.get("tags"))));
        out.printf("  prompt     %s%n", beat.get("normalizedPrompt"));
        out.printf("  audio      %s%n             %s%n", beat.get("fileUrl"), localFile(stack, beat.get("fileUrl")));
        if (beat.get("alternateFileUrl") != null) {
            out.printf("  alternate  %s%n             %s%n", beat.get("alternateFileUrl"), localFile(stack, beat.get("alternateFileUrl")));
        }
        out.printf("  beat id    %s (key %s)%n", beat.get("id"), stack.components().keyPool().find(beat.get("apiKeyId").toString())
                .map(k -> k.masked()).orElse("?"));
        out.println();
        out.println("Execution history:");
        out.println(execution.formatHistory());
        return 0;
    }

    private int printJson(PrintWriter out, LocalStack stack, LocalStateMachine.Execution execution) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        Map<?, ?> output = execution.output() instanceof Map<?, ?> map ? map : Map.of();
        if (!execution.succeeded()) {
            result.put("error", Map.of("name", String.valueOf(execution.error()), "cause", cause(execution.cause())));
        } else if (output.get("beatId") != null) {
            result.put("beat", new BeatReader(stack.database().jdbi()).find(output.get("beatId").toString()).orElseThrow());
        } else {
            result.put("skipped", output.get("run") instanceof Map<?, ?> run ? run.get("reason") : "skipped");
        }
        result.put("execution", execution.history());
        out.println(Json.MAPPER.writeValueAsString(result));
        out.flush();
        return execution.succeeded() ? 0 : 1;
    }

    /** Where the local S3 keeps an {@code s3://bucket/key} object on disk. */
    private static Path localFile(LocalStack stack, Object s3Url) {
        String url = String.valueOf(s3Url);
        return stack.home().resolve("s3").resolve(url.substring("s3://".length()));
    }

    private static String cause(String cause) {
        return com.beatgen.pipeline.FailureService.readable(cause);
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object value) {
        return value instanceof List<?> list ? (List<String>) list : List.of();
    }
}
