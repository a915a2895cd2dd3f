package com.beatgen.local.coldstart;

import com.beatgen.Json;
import com.beatgen.config.DatabaseConfig;
import com.beatgen.storage.S3Clients;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Secrets Manager's {@code GetSecretValue} on 127.0.0.1 for the cold-start benchmark, so that the functions read their
 * secrets through the AWS SDK as in AWS ({@code AWS_ENDPOINT_URL_SECRETS_MANAGER}) instead of getting them in
 * variables: the database credentials as the RDS-managed secret holds them (JSON {@code username} and
 * {@code password}) and the provider keys the template gives as secrets. Request signatures are not checked; any
 * other request is answered as Secrets Manager would refuse it.
 */
public final class SecretsManagerStub implements AutoCloseable {

    /** The variables the template gives as {@code <NAME>_SECRET_ID} besides the database's ({@code TemplateConsistencyTest}). */
    public static final List<String> SECRET_VARIABLES = List.of("GEMINI_API_KEY", "OPENAI_API_KEY", "SUNO_KEY_ENCRYPTION_KEY",
            "SUNO_CALLBACK_KEY");
    static final String DATABASE_SECRET_ID = "beatgen/database-app-user";
    private static final String GET_SECRET_VALUE = "secretsmanager.GetSecretValue";

    private final HttpServer server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();

    private SecretsManagerStub(HttpServer server) {
        this.server = server;
    }

    public static SecretsManagerStub start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        SecretsManagerStub stub = new SecretsManagerStub(server);
        server.createContext("/", stub::answer);
        server.start();
        return stub;
    }

    /** The endpoint for {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * {@code environment} as a function in AWS has it: the database user and password, and each of
     * {@link #SECRET_VARIABLES} it holds, become secrets served here, named by {@code <NAME>_SECRET_ID}; this endpoint;
     * and credentials in the variables where Lambda puts the role's: the local S3 server's keys (this endpoint checks no
     * signature; the S3 client then signs with them as it would with its own), unless some are set already.
     */
    public Map<String, String> functionEnvironment(Map<String, String> environment) {
        Map<String, String> inAws = new HashMap<>(environment);
        String user = inAws.remove(DatabaseConfig.USER);
        String password = inAws.remove(DatabaseConfig.PASSWORD);
        if (password != null) {
            Map<String, String> credentials = new HashMap<>();
            credentials.put("username", user);
            credentials.put("password", password);
            secrets.put(DATABASE_SECRET_ID, Json.write(credentials));
            inAws.put(DatabaseConfig.PASSWORD_SECRET_ID, DATABASE_SECRET_ID);
        }
        for (String name : SECRET_VARIABLES) {
            String value = inAws.remove(name);
            if (value != null && !value.isBlank()) {
                String id = "beatgen/" + name;
                secrets.put(id, value);
                inAws.put(name + "_SECRET_ID", id);
            }
        }
        inAws.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", endpoint());
        if (!inAws.containsKey("AWS_ACCESS_KEY_ID")) {
            inAws.put("AWS_ACCESS_KEY_ID", S3Clients.LOCAL_ACCESS_KEY);
            inAws.put("AWS_SECRET_ACCESS_KEY", S3Clients.LOCAL_SECRET_KEY);
        }
        return inAws;
    }

    /** How many times each secret (by id) was handed out. */
    public Map<String, Integer> served() {
        Map<String, Integer> counts = new HashMap<>();
        served.forEach((id, count) -> counts.put(id, count.get()));
        return counts;
    }

    /** How many times the database secret was handed out. */
    public int databaseSecretServed() {
        AtomicInteger count = served.get(DATABASE_SECRET_ID);
        return count == null ? 0 : count.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request = Json.MAPPER.readTree(exchange.getRequestBody());
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String id = request == null ? null : request.path("SecretId").asText(null);
            Map<String, Object> body = new HashMap<>();
            int status;
            if (!GET_SECRET_VALUE.equals(target)) {
                status = 400;
                body.put("__type", "UnknownOperationException");
                body.put("message", "Only GetSecretValue is served here, not " + target);
            } else if (id == null || !secrets.containsKey(id)) {
                status = 400;
                body.put("__type", "ResourceNotFoundException");
                body.put("message", "Secrets Manager can't find the specified secret.");
            } else {
                status = 200;
                body.put("ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + id);
                body.put("Name", id);
                body.put("SecretString", secrets.get(id));
                body.put("VersionId", "local");
                body.put("VersionStages", List.of("AWSCURRENT"));
                served.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
            }
            byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
