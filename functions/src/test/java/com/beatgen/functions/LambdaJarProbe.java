package com.beatgen.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.beatgen.Json;
import com.beatgen.functions.api.HealthApiHandler;
import com.beatgen.testkit.lambda.LocalContext;
import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs in a JVM of its own whose class path is the deployment jar, plus the Java runtime's event serialization, as
 * in Lambda (see {@link DeploymentJarIT}). Each argument after the events folder is one invocation of a real
 * handler, with request id {@code req-N}; stdout is left to the logs, results go to stderr as {@code RESULT …}.
 */
public final class LambdaJarProbe {

    private LambdaJarProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path events = Path.of(args[0]);
        HttpServer cloudFormation = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        cloudFormation.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        cloudFormation.start();
        try {
            for (int i = 1; i < args.length; i++) {
                Context context = new LocalContext("beatgen-" + args[i], "7", LocalContext.arn("beatgen-" + args[i]) + ":live", "req-" + i,
                        Duration.ofMinutes(5), 1024);
                try {
                    System.err.println("RESULT " + args[i] + " " + invoke(args[i], events, context, cloudFormation));
                } catch (RuntimeException e) {
                    System.err.println("RESULT " + args[i] + " threw " + e.getClass().getName() + ": " + e.getMessage());
                }
            }
        } finally {
            cloudFormation.stop(0);
        }
    }

    private static Object invoke(String name, Path events, Context context, HttpServer cloudFormation) throws Exception {
        return switch (name) {
            case "health" -> new HealthApiHandler().handle(
                    event(events.resolve("api-health.json"), APIGatewayProxyRequestEvent.class), context).getStatusCode();
            case "catalog-sync" -> new CatalogSyncHandler().handleRequest(
                    event(events.resolve("s3-catalog-put-plus.json"), S3Event.class), context);
            case "migration" -> {
                Map<String, Object> event = new HashMap<>(Json.MAPPER.readValue(
                        Files.readString(events.resolve("migration-create.json")), new TypeReference<Map<String, Object>>() { }));
                event.put("ResponseURL", "http://127.0.0.1:" + cloudFormation.getAddress().getPort() + "/cfn");
                yield new MigrationHandler().handleRequest(event, context);
            }
            // which JFR support Jdbi has here: ours says no Flight Recorder even on a JVM that has one
            case "jdbi-jfr" -> "flight recorder " + (org.jdbi.v3.core.statement.internal.JfrSupport.isJfrAvailable() ? "on" : "off")
                    + " (the JVM's jdk.jfr " + (ModuleLayer.boot().findModule("jdk.jfr").isPresent() ? "present" : "absent") + ")";
            default -> throw new IllegalArgumentException("Unknown invocation " + name);
        };
    }

    /** The event as the Java runtime deserializes it (its own serializers, the handler's event classes). */
    private static <T> T event(Path file, Class<T> type) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return LambdaEventSerializers.serializerFor(type, LambdaJarProbe.class.getClassLoader()).fromJson(in);
        }
    }
}
