package com.beatgen.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.beatgen.Json;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * A state machine task: event in → one service call → result out. Failures leave as {@link StepError}s named for
 * the state machine. Logs are Powertools JSON with the Lambda context and the task's {@code jobId}. Each task has a
 * no-argument constructor (Lambda's: its container) and one taking {@link com.beatgen.wiring.Components} (tests and the
 * local stack share one set of components between tasks).
 *
 * <p>A stream handler on purpose: the Java runtime's own serializer drops {@code null} values from a returned map
 * (aws/aws-lambda-java-libs#281), and the state machine's paths such as {@code $.Payload.reason} fail with
 * {@code States.Runtime} on a missing key. Writing the JSON here keeps every key, null or not.
 */
public abstract class StepHandler<S> implements RequestStreamHandler {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final Supplier<S> service;

    /** @param service what this task needs, built by its own wiring once per container */
    protected StepHandler(Supplier<S> service) {
        this.service = service;
    }

    /** A task's container: its wiring, with the pipeline's SnapStart priming. */
    protected static <S> PerContainer<S> container(java.util.function.Function<com.beatgen.wiring.Components, S> wiring) {
        return PerContainer.of(wiring, Priming::steps);
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Map<String, Object> event = Json.MAPPER.readValue(input, MAP);
        Object result = PowertoolsLogging.withLogging(context, () -> {
            StepInput step = new StepInput(event);
            String jobId = step.optional("jobId");
            if (!jobId.isEmpty()) {
                MDC.put("jobId", jobId);
            }
            try {
                return handle(step, service.get());
            } catch (RuntimeException e) {
                throw StepError.of(e);
            }
        });
        output.write(Json.MAPPER.writeValueAsBytes(result));
    }

    /** The task as the Lambda service runs it, JSON in and out (the local stack and the tests call this). */
    public final Map<String, Object> invoke(Map<String, Object> event, Context context) {
        try {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            handleRequest(new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(event)), output, context);
            return Json.MAPPER.readValue(output.toByteArray(), MAP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses the input, calls the service once, returns its result record (serialised with every key, null or not). */
    protected abstract Object handle(StepInput input, S service);
}
