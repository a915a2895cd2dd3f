package com.beatgen.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.beatgen.pipeline.Pipeline;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * A state machine task: event in → one service call → result out. Failures leave as {@link StepError}s named for
 * the state machine. Logs are Powertools JSON with the Lambda context and the task's {@code jobId}. The no-argument
 * constructor is Lambda's (container wiring); the other one is for tests.
 */
public abstract class StepHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final Supplier<Pipeline> pipeline;

    protected StepHandler() {
        this(Container.wiring());
    }

    protected StepHandler(Supplier<Pipeline> pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public final Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            StepInput step = new StepInput(input);
            String jobId = step.optional("jobId");
            if (!jobId.isEmpty()) {
                MDC.put("jobId", jobId);
            }
            try {
                return handle(step, pipeline.get());
            } catch (RuntimeException e) {
                throw StepError.of(e);
            }
        });
    }

    protected abstract Map<String, Object> handle(StepInput input, Pipeline pipeline);
}
