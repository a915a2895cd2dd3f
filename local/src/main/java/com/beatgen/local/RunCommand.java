package com.beatgen.local;

import com.beatgen.Json;
import com.beatgen.config.Env;
import com.beatgen.local.asl.LocalStateMachine;
import com.beatgen.local.stack.LocalStack;
import com.beatgen.api.BeatReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", description = {
        "Run the pipeline once, end to end: the real state machine (statemachine/beat-generation.asl.json), every task on "
                + "its real Lambda handler, MySQL, a local S3 and the providers.",
        "Providers: the built-in stub, or the real ones whose keys are set (GEMINI_API_KEY, OPENAI_API_KEY, SUNO_API_KEYS; "
                + "optional *_BASE_URL). State (database, audio files) persists under $BEATGEN_HOME, so the next run takes "
                + "another template and the next Suno key. The sample catalog is loaded when the database has none."})
final class RunCommand extends LocalCommand {

    @Option(names = "--json", description = "print one JSON object: {\"beat\": …, \"degraded\": […], \"execution\": […]} or "
            + "{\"error\": …, \"execution\": […]}")
    boolean json;

    @Option(names = "--history", description = "print the execution history (one line per event) before the summary")
    boolean history;

    @Option(names = "--real-time", description = "wait 10 s between Suno polls and use the real retry intervals (default: shortened)")
    boolean realTime;

    @Mixin
    TaskRuntimeOption runtime;

    RunCommand(Env env, DatabaseProvider databases) {
        super(env, databases);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path home = EnvDatabaseProvider.home(env);
        Path definition = ProjectFiles.path(env, "BEATGEN_STATE_MACHINE", "statemachine/beat-generation.asl.json");
        Path catalog = ProjectFiles.path(env, "BEAT_CATALOG_PATH", "catalog/beat_catalog.xml");
        if (!Files.isRegularFile(definition)) {
            throw new com.beatgen.config.ConfigException("No state machine at " + definition.toAbsolutePath()
                    + ": start it through ./beatgen (which sets BEATGEN_PROJECT) or set BEATGEN_STATE_MACHINE");
        }
        LocalStack.Options options = (realTime ? LocalStack.Options.realTime() : LocalStack.Options.fast())
                .withStubCallbacks(Duration.ofSeconds(1));
        try (LocalDatabase local = databases.open();
             LocalStack stack = LocalStack.start(env, local, home, home.resolve("s3"), definition, runtime.apply(options, env))) {
            stack.loadCatalogIfEmpty(catalog).ifPresent(sync -> {
                if (!json) {
                    out.printf("Loaded the catalog %s: %d templates%n", catalog, sync.added());
                }
            });
            if (!json) {
                out.println("Running the state machine (" + runtime.describe() + (stack.stub().isPresent() ? "; providers: local stub" : "")
                        + ") …");
                out.flush();
            }
            LocalStateMachine.Execution execution = stack.runManual(event -> {
                if (!json && "StateEntered".equals(event.type())) {
                    out.println("  → " + event.stateName());
                    out.flush();
                }
            });
            List<RunReport.Degraded> degraded = RunReport.degraded(execution);
            if (json) {
                warn(err, execution, degraded);
                return printJson(out, stack, execution, degraded);
            }
            return printText(out, err, stack, execution, degraded);
        }
    }

    /** The history if asked for, the degraded steps as warnings on stderr, then the summary: the last thing printed. */
    private int printText(PrintWriter out, PrintWriter err, LocalStack stack, LocalStateMachine.Execution execution,
                          List<RunReport.Degraded> degraded) {
        out.println();
        if (history) {
            out.println("Execution history:");
            out.println(execution.formatHistory());
        }
        out.flush();
        warn(err, execution, degraded);
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
        out.printf("Beat created%s: %s%n", degraded.isEmpty() ? "" : " (" + degraded.size() + " degraded step"
                + (degraded.size() == 1 ? "" : "s") + ", see the warnings above)", beat.get("name"));
        out.printf("  template   %s%n  genre      %s / %s / %s (%s)%n  tags       %s%n", beat.get("templateId"), beat.get("genre"),
                beat.get("style"), beat.get("mood"), beat.get("useCase"), String.join(", ", castList(beat.get("tags"))));
        out.printf("  prompt     %s%n", beat.get("normalizedPrompt"));
        out.printf("  audio      %s%n             %s%n", beat.get("fileUrl"), localFile(stack, beat.get("fileUrl")));
        if (beat.get("alternateFileUrl") != null) {
            out.printf("  alternate  %s%n             %s%n", beat.get("alternateFileUrl"), localFile(stack, beat.get("alternateFileUrl")));
        }
        out.printf("  beat id    %s (key %s)%n", beat.get("id"), stack.components().keyPool().find(beat.get("apiKeyId").toString())
                .map(k -> k.masked()).orElse("?"));
        return 0;
    }

    private int printJson(PrintWriter out, LocalStack stack, LocalStateMachine.Execution execution,
                          List<RunReport.Degraded> degraded) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        Map<?, ?> output = execution.output() instanceof Map<?, ?> map ? map : Map.of();
        if (!execution.succeeded()) {
            result.put("error", Map.of("name", String.valueOf(execution.error()), "cause", cause(execution.cause())));
        } else if (output.get("beatId") != null) {
            result.put("beat", new BeatReader(stack.database().jdbi()).find(output.get("beatId").toString()).orElseThrow());
        } else {
            result.put("skipped", output.get("run") instanceof Map<?, ?> run ? run.get("reason") : "skipped");
        }
        result.put("degraded", degraded.stream().map(RunReport.Degraded::toMap).toList());
        result.put("execution", execution.history().stream().map(LocalStateMachine.HistoryEvent::readable).toList());
        out.println(Json.MAPPER.writeValueAsString(result));
        out.flush();
        return execution.succeeded() ? 0 : 1;
    }

    /** Each degraded step, and a refused Suno key, as a warning on stderr. */
    private static void warn(PrintWriter err, LocalStateMachine.Execution execution, List<RunReport.Degraded> degraded) {
        degraded.forEach(step -> err.println("beatgen: " + step.warning()));
        if (!execution.succeeded() && "Provider.Unauthorized".equals(execution.error())) {
            err.println("beatgen: configuration error: Suno refused the key (SUNO_API_KEYS), check its value");
        }
        err.flush();
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
