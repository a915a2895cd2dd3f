package com.beatgen.local;

import com.beatgen.local.asl.LocalStateMachine.Execution;
import com.beatgen.local.asl.LocalStateMachine.HistoryEvent;
import com.beatgen.pipeline.FailureService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run's user must know besides its result: every step that fell back (the state machine caught a provider
 * error and went on without the concept, with the base prompt or with the template's metadata), with the provider's
 * error. A refused key (401/403) is a configuration error, named by its variable.
 */
final class RunReport {

    /** A step that fell back: the Task state, what was used instead, the error caught, and its variable if a bad key. */
    record Degraded(String step, String fallback, String error, String cause, String variable) {

        /** One line for stderr. */
        String warning() {
            String line = "WARN " + step + " degraded, " + fallback + ": " + error + (cause.isEmpty() ? "" : " (" + cause + ")");
            return variable == null ? line
                    : line + "; configuration error: the provider refused " + variable + ", check its value";
        }

        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("step", step);
            map.put("fallback", fallback);
            map.put("error", error);
            map.put("cause", cause);
            map.put("configurationError", variable);
            return map;
        }
    }

    /** The fallback Pass states: the Task that failed, where its error is, what was used instead, whose key it uses. */
    private record Fallback(String state, String step, String errorPath, String fallback, String variable) {
    }

    private static final List<Fallback> FALLBACKS = List.of(
            new Fallback("ContinueWithoutConcept", "GenerateConcept", "conceptError", "continued without a concept", "GEMINI_API_KEY"),
            new Fallback("UseBasePrompt", "NormalizePrompt", "promptError", "used the template's base prompt", "OPENAI_API_KEY"),
            new Fallback("UseTemplateMetadata", "GenerateMetadata", "metadataError", "used the template's metadata", "GEMINI_API_KEY"));

    private RunReport() {
    }

    /** The degraded steps of {@code execution}, in the order they happened. */
    static List<Degraded> degraded(Execution execution) {
        List<Degraded> degraded = new ArrayList<>();
        for (HistoryEvent event : execution.history()) {
            if (!"StateEntered".equals(event.type())) {
                continue;
            }
            for (Fallback fallback : FALLBACKS) {
                if (fallback.state().equals(event.stateName())) {
                    Map<?, ?> error = event.input() instanceof Map<?, ?> input && input.get(fallback.errorPath()) instanceof Map<?, ?> e
                            ? e : Map.of();
                    String name = String.valueOf(error.get("Error"));
                    String cause = FailureService.readable(error.get("Cause") == null ? null : error.get("Cause").toString());
                    degraded.add(new Degraded(fallback.step(), fallback.fallback(), name, cause,
                            "Provider.Unauthorized".equals(name) ? fallback.variable() : null));
                }
            }
        }
        return degraded;
    }
}
