package com.beatgen.testkit.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * Lambda's {@link Context} outside Lambda (the local stack, the cold-start probe, the deployment-jar tests): a function
 * name, version and ARN, a request id per invocation, the remaining time to a deadline, and a logger on stderr.
 */
public final class LocalContext implements Context {

    private static final LambdaLogger STDERR = new LambdaLogger() {
        @Override
        public void log(String message) {
            System.err.print(message);
            System.err.flush();
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }
    };

    private final String functionName;
    private final String version;
    private final String invokedArn;
    private final int memoryMb;
    private final String requestId;
    private final long deadlineNanos;

    public LocalContext(String functionName, String version, String invokedArn, String requestId, Duration timeout, int memoryMb) {
        this.functionName = functionName;
        this.version = version;
        this.invokedArn = invokedArn;
        this.requestId = requestId;
        this.memoryMb = memoryMb;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    /** An invocation of {@code $LATEST} of {@code functionName} (invoked as {@code invokedArn}), 1,024 MB. */
    public static LocalContext of(String functionName, String invokedArn, Duration timeout) {
        return new LocalContext(functionName, "$LATEST", invokedArn, UUID.randomUUID().toString(), timeout, 1024);
    }

    /** The ARN of {@code $LATEST} of {@code functionName} in a made-up account. */
    public static String arn(String functionName) {
        return "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local/[" + version + "]" + requestId.replace("-", "");
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return version;
    }

    @Override
    public String getInvokedFunctionArn() {
        return invokedArn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        long remaining = (deadlineNanos - System.nanoTime()) / 1_000_000;
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, remaining));
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return STDERR;
    }
}
