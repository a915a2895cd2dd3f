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
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Secrets Manager's {@code GetSecretValue} on 127.0.0.1 for the cold-start benchmark, answering one secret: the
 * database credentials as the RDS-managed secret holds them (JSON {@code username} and {@code password}). The functions
 * reach it through the AWS SDK as in AWS ({@code AWS_ENDPOINT_URL_SECRETS_MANAGER}); its request signature is not
 * checked. Any other request is answered as Secrets Manager would refuse it.
 */
public final class SecretsManagerStub implements AutoCloseable {

    private static final String GET_SECRET_VALUE = "secretsmanager.GetSecretValue";

    private final HttpServer server;
    private final String secretId;
    private final String secretString;
    private final AtomicInteger served = new AtomicInteger();

    private SecretsManagerStub(HttpServer server, String secretId, String secretString) {
        this.server = server;
        this.secretId = secretId;
        this.secretString = secretString;
    }

    /** Serves {@code user} and {@code password} as the secret {@code secretId}. */
    public static SecretsManagerStub start(String secretId, String user, String password) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        Map<String, String> credentials = new HashMap<>();
        credentials.put("username", user);
        credentials.put("password", password);
        SecretsManagerStub stub = new SecretsManagerStub(server, secretId, Json.write(credentials));
        server.createContext("/", stub::answer);
        server.start();
        return stub;
    }

    /** The endpoint for {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * {@code environment} as a function in AWS has it: no database user or password, the secret's id instead, this
     * endpoint, and credentials in the variables where Lambda puts the role's: the local S3 server's keys (this endpoint
     * checks no signature; the S3 client then signs with them as it would with its own), unless some are set already.
     */
    public Map<String, String> functionEnvironment(Map<String, String> environment) {
        Map<String, String> inAws = new HashMap<>(environment);
        inAws.remove(DatabaseConfig.USER);
        inAws.remove(DatabaseConfig.PASSWORD);
        inAws.put(DatabaseConfig.PASSWORD_SECRET_ID, secretId);
        inAws.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", endpoint());
        if (!inAws.containsKey("AWS_ACCESS_KEY_ID")) {
            inAws.put("AWS_ACCESS_KEY_ID", S3Clients.LOCAL_ACCESS_KEY);
            inAws.put("AWS_SECRET_ACCESS_KEY", S3Clients.LOCAL_SECRET_KEY);
        }
        return inAws;
    }

    /** How many secret values it has handed out. */
    public int served() {
        return served.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request = Json.MAPPER.readTree(exchange.getRequestBody());
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            Map<String, Object> body = new HashMap<>();
            int status;
            if (!GET_SECRET_VALUE.equals(target)) {
                status = 400;
                body.put("__type", "UnknownOperationException");
                body.put("message", "Only GetSecretValue is served here, not " + target);
            } else if (request == null || !secretId.equals(request.path("SecretId").asText())) {
                status = 400;
                body.put("__type", "ResourceNotFoundException");
                body.put("message", "Secrets Manager can't find the specified secret.");
            } else {
                status = 200;
                body.put("ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + secretId);
                body.put("Name", secretId);
                body.put("SecretString", secretString);
                body.put("VersionId", "local");
                body.put("VersionStages", java.util.List.of("AWSCURRENT"));
                served.incrementAndGet();
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
