package com.beatgen.local.emulator;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.beatgen.Json;
import com.beatgen.functions.StepHandler;
import com.beatgen.local.asl.LocalLambdaServer.FunctionError;
import com.beatgen.local.emulator.EmulatedFunction.Invocation;
import com.beatgen.local.emulator.EmulatedFunction.Report;
import com.beatgen.local.stack.LocalStack;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The state machine's Tasks run by the real Lambda runtime, the way {@code sam local start-lambda} keeps warm
 * containers: each function gets one execution environment under the Runtime Interface Emulator (its own JVM with the
 * runtime client and the deployment jar), started on the function's first invocation and reused for every later one;
 * invocations of one function wait for each other, as in one Lambda environment. Events and results cross the runtime
 * client's serialization; a function error comes back with the {@code errorType} the runtime reported, so the state
 * machine's Retry and Catch see what they would in AWS. Closed with the stack: every environment ends.
 */
public final class EmulatedTasks implements LocalStack.TaskDispatch {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final LambdaEmulator emulator;
    private final Map<String, EmulatedFunction> environments = new HashMap<>();
    private boolean closed;

    public EmulatedTasks(LambdaEmulator emulator) {
        this.emulator = emulator;
    }

    @Override
    public RequestHandler<Map<String, Object>, Map<String, Object>> dispatch(String function, StepHandler<?> handler,
            Map<String, String> environment) {
        String handlerClass = handler.getClass().getName();
        return (input, context) -> {
            try {
                Invocation invocation = environment(function, handlerClass, environment).invoke(Json.MAPPER.writeValueAsBytes(input));
                if (invocation.functionError()) {
                    throw FunctionError.fromPayload(Json.MAPPER.readTree(invocation.body()));
                }
                return Json.MAPPER.readValue(invocation.body(), MAP);
            } catch (IOException e) {
                throw new UncheckedIOException("The runtime's answer of " + function + " is no JSON object", e);
            }
        };
    }

    /** Lambda's numbers of {@code function}'s environment (its INIT, every invocation), once it has started. */
    public synchronized Optional<Report> report(String function) {
        return Optional.ofNullable(environments.get(function)).map(EmulatedFunction::report);
    }

    private synchronized EmulatedFunction environment(String function, String handlerClass, Map<String, String> environment) {
        if (closed) {
            throw new IllegalStateException("The local stack is closed: " + function + " is not invoked");
        }
        return environments.computeIfAbsent(function, name -> emulator.start(name, handlerClass, environment, false));
    }

    /** Ends every environment (the emulators and the functions' JVMs) and removes the emulator's work directory. */
    @Override
    public synchronized void close() {
        closed = true;
        environments.values().forEach(EmulatedFunction::close);
        environments.clear();
        emulator.close();
    }
}
