package com.beatgen.local.coldstart.probe;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.beatgen.local.coldstart.probe.crac.Core;
import com.beatgen.testkit.lambda.LocalContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * One cold start of one Lambda function, in this fresh JVM, the way the Lambda Java runtime runs a function: load and
 * construct the handler class (Lambda's INIT), optionally run the SnapStart hooks (priming), then deserialize the event
 * with the runtime's serializers, call {@code handleRequest} and serialize the answer (the first invocation), and once
 * more with the same event (a warm invocation).
 *
 * <p>Runs with nothing but the deployment jar, this package and the runtime's {@code aws-lambda-java-serialization}
 * on the class path, started by {@code ColdStartProbes}: it must use JDK classes and those only.
 *
 * <p>Arguments: {@code HANDLER_CLASS PRIME SPAWN_EPOCH_MILLIS}, the event on standard input. Prints one line,
 * {@value #RESULT_PREFIX} + a JSON object of timings (ms) and the function's output or error; the handler may print
 * lines of its own.
 */
public final class ColdStartProbe {

    public static final String RESULT_PREFIX = "coldstart-probe-result ";

    private ColdStartProbe() {
    }

    /** {@code streamed}: the answer a stream handler wrote itself (with its nulls), else null. */
    private record Invocation(String outputJson, Throwable error, Object response, String streamed) {
    }

    public static void main(String[] args) {
        long mainNanos = System.nanoTime();
        long mainEpochMillis = System.currentTimeMillis();
        try {
            measure(args, mainNanos, mainEpochMillis);
        } catch (Throwable e) { // no result line: the launcher shows this output
            e.printStackTrace();
        }
        System.exit(0); // non-daemon threads of the function (pools, HTTP clients) must not keep the probe alive
    }

    private static void measure(String[] args, long mainNanos, long mainEpochMillis) throws Exception {
        String handlerName = args[0];
        boolean prime = Boolean.parseBoolean(args[1]);
        long spawnEpochMillis = Long.parseLong(args[2]);
        byte[] event = System.in.readAllBytes();
        PrintStream out = System.out;

        long initStart = System.nanoTime();
        Class<?> type = Class.forName(handlerName);
        Object instance = type.getDeclaredConstructor().newInstance();
        Handler handler;
        if (instance instanceof RequestStreamHandler stream) { // JSON bytes in and out, as the runtime calls it
            handler = event0 -> {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                stream.handleRequest(new ByteArrayInputStream(event0), bytes, context());
                String json = bytes.toString(StandardCharsets.UTF_8);
                return new Invocation(json, null, null, json);
            };
        } else {
            @SuppressWarnings("unchecked")
            RequestHandler<Object, Object> typed = (RequestHandler<Object, Object>) instance;
            Type[] io = requestHandlerTypes(type);
            PojoSerializer<Object> input = serializer(io[0], type.getClassLoader());
            PojoSerializer<Object> output = serializer(io[1], type.getClassLoader());
            handler = event0 -> {
                Object request = input.fromJson(new ByteArrayInputStream(event0));
                Object response = typed.handleRequest(request, context());
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                output.toJson(response, bytes);
                return new Invocation(bytes.toString(StandardCharsets.UTF_8), null, response, null);
            };
        }
        long initEnd = System.nanoTime();
        int hooksAtInit = Core.registered();
        Invocation primeFailure = null;
        if (prime) {
            try {
                Core.checkpointRestore();
            } catch (Exception e) { // SnapStart would refuse to publish the version
                primeFailure = new Invocation(null, e, null, null);
            }
        }
        long primeEnd = System.nanoTime();
        Invocation first = primeFailure != null ? primeFailure : invoke(handler, event);
        long firstEnd = System.nanoTime();
        Invocation warm = first.error() == null ? invoke(handler, event) : null;
        long warmEnd = System.nanoTime();

        // read last, so that the management classes are not loaded in the measured part
        double uptimeAtMain = ManagementFactory.getRuntimeMXBean().getUptime() - millis(System.nanoTime() - mainNanos);
        double jvmToMain = mainEpochMillis - spawnEpochMillis;
        StringBuilder json = new StringBuilder("{");
        json.append("\"handler\":").append(quote(handlerName)).append(",\"primed\":").append(prime)
                .append(",\"java\":").append(quote(System.getProperty("java.version")))
                .append(",\"jvmToMainMs\":").append(number(jvmToMain))
                .append(",\"jvmUptimeAtMainMs\":").append(number(uptimeAtMain))
                .append(",\"hooksAtInit\":").append(hooksAtInit)
                .append(",\"initMs\":").append(number(millis(initEnd - initStart)))
                .append(",\"primeMs\":").append(prime ? number(millis(primeEnd - initEnd)) : "null")
                .append(",\"firstInvokeMs\":").append(number(millis(firstEnd - primeEnd)))
                .append(",\"totalColdMs\":").append(number(jvmToMain + millis(firstEnd - mainNanos)))
                .append(",\"warmInvokeMs\":").append(warm == null ? "null" : number(millis(warmEnd - firstEnd)))
                .append(",\"output\":").append(first.outputJson() == null ? "null" : first.outputJson())
                .append(",\"outputWithNulls\":").append(withNulls(first))
                .append(",\"error\":").append(first.error() == null ? "null" : error(first.error()))
                .append(",\"warmError\":").append(warm == null || warm.error() == null ? "null" : error(warm.error()))
                .append('}');
        out.println(RESULT_PREFIX + json);
        out.flush();
    }

    /** One invocation as the runtime makes it: event bytes in, answer bytes out. */
    private interface Handler {
        Invocation call(byte[] event) throws Exception;
    }

    /** As the runtime does: deserialize, handle, serialize; any Throwable is the function's error. */
    private static Invocation invoke(Handler handler, byte[] event) {
        try {
            return handler.call(event);
        } catch (Throwable e) {
            return new Invocation(null, e, null, null);
        }
    }

    /**
     * The answer with its null values kept, as the local stack's in-process endpoint answers: the runtime's Jackson
     * drops them (aws/aws-lambda-java-libs#281), which a state machine path to such a key does not survive.
     */
    private static String withNulls(Invocation invocation) throws Exception {
        if (invocation.streamed() != null) {
            return invocation.streamed();
        }
        if (invocation.response() == null || invocation.response().getClass().getName().startsWith("com.amazonaws.services.lambda.runtime.events.")) {
            return "null";
        }
        return JacksonFactory.getInstance().getMapper().copy()
                .setSerializationInclusion(com.amazonaws.lambda.thirdparty.com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
                .writeValueAsString(invocation.response());
    }

    /** The runtime's choice: its event serializers for the aws-lambda-java-events types, else its Jackson. */
    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> serializer(Type type, ClassLoader loader) {
        if (type instanceof Class<?> event && LambdaEventSerializers.isLambdaSupportedEvent(event.getName())) {
            return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(event, loader);
        }
        return JacksonFactory.getInstance().getSerializer(type);
    }

    /** The {@code I} and {@code O} of the {@code RequestHandler<I, O>} that the class or a superclass implements. */
    private static Type[] requestHandlerTypes(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Type implemented : c.getGenericInterfaces()) {
                if (implemented instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
                    Type[] arguments = p.getActualTypeArguments();
                    return new Type[] {concrete(arguments[0]), concrete(arguments[1])};
                }
            }
        }
        throw new IllegalArgumentException(type.getName() + " does not implement RequestHandler<I, O>");
    }

    private static Type concrete(Type type) {
        return type instanceof Class<?> || type instanceof ParameterizedType ? type : Object.class;
    }

    /** The Java runtime's error payload: {@code errorType} is the class name (so {@code Provider.Transient} …). */
    private static String error(Throwable e) {
        StringBuilder trace = new StringBuilder("[");
        for (StackTraceElement element : e.getStackTrace()) {
            trace.append(trace.length() > 1 ? "," : "").append(quote(element.toString()));
        }
        return "{\"errorType\":" + quote(e.getClass().getName()) + ",\"errorMessage\":" + quote(e.getMessage())
                + ",\"stackTrace\":" + trace.append(']') + "}";
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    /** The Lambda context: function name and memory from the environment the runtime sets, a 60 s deadline. */
    private static LocalContext context() {
        String function = System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "coldstart-probe");
        return new LocalContext(function, "$LATEST", LocalContext.arn(function), UUID.randomUUID().toString(),
                Duration.ofSeconds(60), Integer.parseInt(System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024")));
    }
}
