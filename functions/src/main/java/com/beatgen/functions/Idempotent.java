package com.beatgen.functions;

import com.beatgen.pipeline.Idempotency;
import java.util.function.Supplier;

/** A step's service with the idempotency records that make a retried invocation return the first result. */
public record Idempotent<S>(S service, Idempotency idempotency) {

    public <T> T run(String step, String payloadKey, Class<T> type, Supplier<T> action) {
        return idempotency.run(step, payloadKey, type, action);
    }
}
