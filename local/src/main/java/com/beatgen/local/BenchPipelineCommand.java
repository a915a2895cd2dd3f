package com.beatgen.local;

import com.beatgen.config.ConfigException;
import com.beatgen.config.Env;
import com.beatgen.local.asl.LocalStateMachine;
import com.beatgen.local.asl.LocalStateMachine.HistoryEvent;
import com.beatgen.local.emulator.FunctionMemory;
import com.beatgen.local.stack.LocalStack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "pipeline", description = {
        "Benchmark whole pipeline runs on the local stack with the zero-latency provider stub: the real state machine, "
                + "every task on its real handler (in-process, warm after the first run), a throw-away database.",
        "Prints per run the wall time, the time inside Task states, the state transitions, and the AWS cost per beat "
                + "from the functions' memory in infrastructure/template.yaml and the prices given as options."})
final class BenchPipelineCommand extends LocalCommand {

    private static final Pattern FUNCTION = Pattern.compile("\\$\\{(\\w+)Arn}");
    private static final String POLL_STATE = "PollMusic";

    @Option(names = "--runs", defaultValue = "10", description = "executions (default: ${DEFAULT-VALUE}; at most 40, one template each)")
    int runs;

    @Option(names = "--polls", defaultValue = "12",
            description = "Suno status polls of a real generation for the cost model (default: ${DEFAULT-VALUE}, i.e. 2 minutes "
                    + "at the state machine's 10 s; its limit is 30)")
    int polls;

    @Option(names = "--lambda-gb-second", defaultValue = "0.0000133334", description = "USD per GB-second, arm64 (default: ${DEFAULT-VALUE})")
    double gbSecondPrice;

    @Option(names = "--lambda-request", defaultValue = "0.0000002", description = "USD per Lambda request (default: ${DEFAULT-VALUE})")
    double requestPrice;

    @Option(names = "--transition", defaultValue = "0.000025",
            description = "USD per Step Functions Standard state transition (default: ${DEFAULT-VALUE})")
    double transitionPrice;

    @Option(names = "--s3-put", defaultValue = "0.000005", description = "USD per S3 PUT (default: ${DEFAULT-VALUE})")
    double putPrice;

    BenchPipelineCommand(Env env, DatabaseProvider databases) {
        super(env, databases);
    }

    /** One measured execution. */
    record Run(double wallMs, double taskMs, int transitions, int invocations, int polls, double gbSeconds,
               int transitionsPerPoll, double gbSecondsPerPoll) {
    }

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || runs > 40) {
            throw new ConfigException("--runs must be between 1 and 40, was " + runs);
        }
        PrintWriter out = spec.commandLine().getOut();
        Path definition = ProjectFiles.path(env, "BEATGEN_STATE_MACHINE", "statemachine/beat-generation.asl.json");
        Path template = ProjectFiles.template(env);
        Path catalog = ProjectFiles.path(env, "BEAT_CATALOG_PATH", "catalog/beat_catalog.xml");
        Map<String, Integer> memory = memoryByState(definition, template);
        Path scratch = Files.createTempDirectory("beatgen-bench-pipeline");
        Map<String, String> values = new HashMap<>(env.values());
        List.of("GEMINI_API_KEY", "OPENAI_API_KEY", "SUNO_API_KEYS").forEach(values::remove); // always the stub
        List<Run> measured = new ArrayList<>();
        try (LocalStack stack = LocalStack.start(new Env(values), databases.openFresh(), scratch, scratch.resolve("s3"), definition,
                LocalStack.Options.fast())) {
            stack.loadCatalogIfEmpty(catalog);
            for (int i = 0; i < runs; i++) {
                LocalStateMachine.Execution execution = stack.runManual(e -> { });
                if (!execution.succeeded() || !(execution.output() instanceof Map<?, ?> output) || output.get("beatId") == null) {
                    throw new IllegalStateException("Run " + (i + 1) + " made no beat: " + execution.formatHistory());
                }
                measured.add(measure(execution.history(), memory));
            }
        } finally {
            deleteQuietly(scratch);
        }

        out.printf(Locale.ROOT, "Pipeline benchmark: %d runs on the local stack (zero-latency provider stub, waits shortened), "
                + "Java %s, %d CPUs%n%n", runs, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "%-5s %10s %10s %12s %12s %7s %10s%n", "run", "wall", "in tasks", "transitions", "invocations",
                "polls", "GB-s");
        for (int i = 0; i < measured.size(); i++) {
            Run r = measured.get(i);
            out.printf(Locale.ROOT, "%-5d %7.0f ms %7.0f ms %12d %12d %7d %10.4f%n", i + 1, r.wallMs(), r.taskMs(), r.transitions(),
                    r.invocations(), r.polls(), r.gbSeconds());
        }
        List<Run> warm = measured.size() > 1 ? measured.subList(1, measured.size()) : measured;
        Run median = median(warm);
        out.printf(Locale.ROOT, "%nmedian of runs %s: wall %.0f ms, in tasks %.0f ms (target ≤ 3,000 ms per beat), %d transitions, "
                + "%d invocations, %d polls%n", measured.size() > 1 ? "2.." + measured.size() : "1", median.wallMs(), median.taskMs(),
                median.transitions(), median.invocations(), median.polls());

        // cost per beat: the measured run, then the same run with `polls` status polls (a real Suno generation)
        int perPollTransitions = median.transitionsPerPoll();
        int extraPolls = Math.max(0, polls - median.polls());
        Run real = new Run(median.wallMs() + extraPolls * 10_000.0, median.taskMs(), median.transitions() + extraPolls * perPollTransitions,
                median.invocations() + extraPolls, polls, median.gbSeconds() + extraPolls * median.gbSecondsPerPoll(),
                perPollTransitions, median.gbSecondsPerPoll());
        out.printf(Locale.ROOT, "%nAWS cost per beat (prices: $%s per GB-s arm64, $%s per request, $%s per transition, $%s per S3 PUT; "
                        + "2 audio PUTs; RDS, API Gateway, NAT and storage are not per beat):%n", gbSecondPrice, requestPrice,
                transitionPrice, putPrice);
        out.printf(Locale.ROOT, "%-34s %12s %12s %12s %12s %12s%n", "", "Lambda GB-s", "requests", "transitions", "S3 PUTs", "total");
        for (Map.Entry<String, Run> row : Map.of("as measured (" + median.polls() + " polls)", median,
                "Suno taking " + polls + " polls", real).entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            Run r = row.getValue();
            double lambda = r.gbSeconds() * gbSecondPrice;
            double requests = r.invocations() * requestPrice;
            double transitions = r.transitions() * transitionPrice;
            double puts = 2 * putPrice;
            out.printf(Locale.ROOT, "%-34s $%11.7f $%11.7f $%11.7f $%11.7f $%11.7f%n", row.getKey(), lambda, requests, transitions,
                    puts, lambda + requests + transitions + puts);
        }
        out.printf(Locale.ROOT, "(each further poll: %d transitions and one PollMusic invocation; the handler time is warm, "
                + "cold-start INIT time is billed on top when an environment is new)%n", perPollTransitions);
        out.flush();
        return 0;
    }

    /**
     * Wall time, time inside Task states, transitions (states entered, retries included), billed GB-s (each invocation
     * rounded up to 1 ms) of one run; and what one more Suno poll adds (transitions between two PollMusic entries, the
     * PollMusic invocations' mean GB-s).
     */
    static Run measure(List<HistoryEvent> history, Map<String, Integer> memory) {
        double taskMs = 0;
        double gbSeconds = 0;
        double pollGbSeconds = 0;
        int transitions = 0;
        int invocations = 0;
        int polls = 0;
        List<Integer> pollEntries = new ArrayList<>();
        Map<String, HistoryEvent> entered = new HashMap<>();
        for (HistoryEvent e : history) {
            if ("StateEntered".equals(e.type())) {
                transitions++;
                entered.put(e.stateName(), e);
                if (POLL_STATE.equals(e.stateName())) {
                    pollEntries.add(transitions);
                }
            } else if ("StateRetried".equals(e.type())) {
                transitions++;
            } else if ("StateExited".equals(e.type()) && "Task".equals(e.stateType())) {
                HistoryEvent start = entered.remove(e.stateName());
                if (start != null) {
                    double ms = Duration.between(start.timestamp(), e.timestamp()).toNanos() / 1e6;
                    double gbs = Math.max(1, Math.ceil(ms)) / 1000.0 * memory.getOrDefault(e.stateName(), 1024) / 1024.0;
                    taskMs += ms;
                    gbSeconds += gbs;
                    invocations++;
                    if (POLL_STATE.equals(e.stateName())) {
                        polls++;
                        pollGbSeconds += gbs;
                    }
                }
            }
        }
        double wallMs = history.isEmpty() ? 0
                : Duration.between(history.get(0).timestamp(), history.get(history.size() - 1).timestamp()).toNanos() / 1e6;
        // the poll loop (Wait, PollMusic, Choice) as the history shows it; 3 when the first poll already had the music
        int perPoll = pollEntries.size() > 1
                ? (pollEntries.get(pollEntries.size() - 1) - pollEntries.get(0)) / (pollEntries.size() - 1) : 3;
        return new Run(wallMs, taskMs, transitions, invocations, polls, gbSeconds, perPoll, polls == 0 ? 0 : pollGbSeconds / polls);
    }

    /** Task state name → the memory (MB) of the function it invokes, from the ASL and the SAM template. */
    static Map<String, Integer> memoryByState(Path definition, Path template) throws java.io.IOException {
        FunctionMemory memory = FunctionMemory.read(template);
        Map<String, Integer> byState = new LinkedHashMap<>();
        JsonNode asl = new ObjectMapper().readTree(definition.toFile());
        collect(asl.path("States"), memory, byState);
        return byState;
    }

    private static void collect(JsonNode states, FunctionMemory memory, Map<String, Integer> byState) {
        states.fields().forEachRemaining(state -> {
            JsonNode function = state.getValue().path("Parameters").path("FunctionName");
            Matcher m = FUNCTION.matcher(function.asText());
            if (m.matches()) {
                byState.put(state.getKey(), memory.ofResource(m.group(1)));
            }
            state.getValue().path("Branches").forEach(branch -> collect(branch.path("States"), memory, byState));
            collect(state.getValue().path("Iterator").path("States"), memory, byState);
        });
    }

    private static Run median(List<Run> runs) {
        List<Run> byTask = new ArrayList<>(runs);
        byTask.sort((a, b) -> Double.compare(a.taskMs(), b.taskMs()));
        return byTask.get(byTask.size() / 2);
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temp directory; nothing to do
        }
    }
}
