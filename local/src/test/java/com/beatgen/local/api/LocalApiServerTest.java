package com.beatgen.local.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.beatgen.config.DatabaseConfig;
import com.beatgen.config.Env;
import com.beatgen.db.Database;
import com.beatgen.db.TestDatabase;
import com.beatgen.testkit.s3.LocalS3;
import java.io.StringWriter;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local API server: routes from the OpenAPI document, proxy events to the real handlers, the client's address. */
class LocalApiServerTest {

    private static LocalS3 s3;
    private static LocalApiServer server;
    private static final StringWriter LOG = new StringWriter();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        DatabaseConfig config = TestDatabase.freshConfig();
        try (Database database = Database.connect(config)) {
            database.migrate();
        }
        s3 = LocalS3.start(null);
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", config.jdbcUrl());
        if (config.user() != null) {
            env.put("DATABASE_USER", config.user());
        }
        if (config.password() != null) {
            env.put("DATABASE_PASSWORD", config.password());
        }
        env.put("S3_ENDPOINT_URL", s3.endpoint());
        env.put("RATE_LIMIT_MAX_REQUESTS", "3");
        env.put("SUNO_CALLBACK_KEY", "local-api-server-test-callback-key");
        env.put("SUNO_KEY_ENCRYPTION_KEY", com.beatgen.keys.KeyCipher.newDataKey());
        env.put("BEATS_BUCKET", "beats");
        components = new com.beatgen.wiring.Components(new Env(env), java.time.Clock.systemUTC(), id -> null, null);
        server = LocalApiServer.start(Path.of("..", "infrastructure", "openapi.yaml"), LocalApi.functions(components), "127.0.0.1", 0,
                line -> LOG.write(line + "\n"));
    }

    private static com.beatgen.wiring.Components components;

    @AfterAll
    static void stop() throws Exception {
        server.close();
        components.close();
        s3.close();
    }

    private static HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theWarmUpSendsTheListeningRoomsFirstRequestsToTheirFunctions() {
        assertThat(LocalApi.warmUp(LocalApi.functions(components))).as(LocalApi.FIRST_REQUESTS.toString())
                .hasSize(LocalApi.FIRST_REQUESTS.size()).containsOnly(200);
    }

    @Test
    void servesTheApiTheDocumentAndNamedErrorsAndIgnoresForwardedForInTheRateLimit() throws Exception {
        assertThat(send("GET", "/api/health").statusCode()).isEqualTo(200);
        HttpResponse<String> document = send("GET", "/api/openapi.json");
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).contains("\"openapi\"", "/api/beats/{id}");
        HttpResponse<String> unknownParameter = send("GET", "/api/beats?color=red");
        assertThat(unknownParameter.statusCode()).isEqualTo(400);
        assertThat(unknownParameter.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(send("DELETE", "/api/beats").statusCode()).isEqualTo(405);
        assertThat(send("GET", "/api/health").statusCode()).isEqualTo(200);
        // three API requests so far from 127.0.0.1 (the limit); a forged X-Forwarded-For does not make a new client
        HttpResponse<String> limited = send("GET", "/api/health", "X-Forwarded-For", "203.0.113.9");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(send("GET", "/api/nowhere").statusCode()).isEqualTo(404);
        assertThat(LOG.toString()).contains("GET /api/beats?color=red 400");
    }

    @Test
    void servesTheListeningRoomAtTheRootOutsideTheApisRateLimit() throws Exception {
        HttpResponse<String> page = send("GET", "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(page.body()).contains("<base href=\"/\">", "<meta name=\"beatgen-api\" content=\"/api\">");
        String etag = page.headers().firstValue("ETag").orElseThrow();
        assertThat(send("GET", "/", "If-None-Match", etag).statusCode()).isEqualTo(304);
        for (int i = 0; i < 5; i++) { // more than RATE_LIMIT_MAX_REQUESTS: the page's files are not API requests
            HttpResponse<String> script = send("GET", "/web/app.js");
            assertThat(script.statusCode()).isEqualTo(200);
            assertThat(script.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        }
        assertThat(send("GET", "/web/nothing.js").statusCode()).isEqualTo(404);
        assertThat(send("POST", "/").statusCode()).isEqualTo(405);
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void sunoCallbacksNeedTheJobsSignatureAndABodyOfAtMost64KiB() throws Exception {
        String job = "0f8fad5b-d9cb-469f-a165-70867728950e";
        String body = "{\"code\":200,\"data\":{\"callbackType\":\"text\",\"task_id\":\"t-1\",\"data\":[]}}";
        HttpResponse<String> unsigned = post("/api/callbacks/suno/" + job, body);
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(post("/api/callbacks/suno/" + job + "?sig=" + "ab".repeat(32), body).statusCode()).isEqualTo(401);
        String signed = new com.beatgen.pipeline.CallbackSigner("local-api-server-test-callback-key", "http://x").url(job)
                .replace("http://x", "");
        assertThat(post(signed, body).statusCode()).as("signed: recorded or ignored, never refused").isEqualTo(200);
        assertThat(post(signed, "{\"pad\":\"" + "x".repeat(70_000) + "\"}").statusCode()).isEqualTo(413);
    }

    @Test
    void refusesABodyOverTenMegabytesByItsLengthBeforeReadingItWithProblemJson() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            // announces 2 GB and sends none of it: the answer must come from the header alone
            socket.getOutputStream().write(("POST /api/keys HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2000000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[1024];
            while (!answer.toString().contains("}")) {
                int read = socket.getInputStream().read(buffer);
                if (read < 0) {
                    break;
                }
                answer.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
            }
            assertThat(answer.toString()).startsWith("HTTP/1.1 413").contains("application/problem+json").contains("\"status\":413");
        }
        HttpResponse<String> chunkedTooLarge = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/keys"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[LocalApiServer.MAX_BODY_BYTES + 1])))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunkedTooLarge.statusCode()).isEqualTo(413);
        assertThat(LOG.toString()).contains("POST /api/keys 413");
    }

    /** The whole answer to {@code request} sent as is, on a connection the server closes after answering. */
    private static String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertProblem(String answer, int status, String detail) {
        assertThat(answer).startsWith("HTTP/1.1 " + status + " ");
        assertThat(answer.lines().filter(line -> line.regionMatches(true, 0, "Content-Type:", 0, 13)).findFirst())
                .hasValueSatisfying(type -> assertThat(type).containsIgnoringCase("application/problem+json"));
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        assertThat(body).startsWith("{").contains("\"status\":" + status).contains(detail).doesNotContainIgnoringCase("<html");
    }

    @Test
    void answersWhatAnHttpClientRefusesToSendWithProblemJsonNamingTheProblem() throws Exception {
        // malformed percent-escapes: refused by the server before any handler, in the path and in the query
        assertProblem(raw("GET /api/beats/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 400,
                "malformed percent-encoding");
        assertProblem(raw("GET /api/beats?tags=%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 400,
                "malformed percent-encoding");
        // not HTTP/1.1, a header line that is no header, headers larger than the server takes
        assertProblem(raw("NOT A REQUEST\r\n\r\n"), 505, "");
        assertProblem(raw("GET /api/health HTTP/1.1\r\nHost: localhost\r\nno header here\r\n\r\n"), 400, "");
        assertProblem(raw("GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "x".repeat(64 * 1024)
                + "\r\nConnection: close\r\n\r\n"), 431, "");
        // no route, a method the route does not have: the server's own errors too
        assertProblem(raw("GET /api/nowhere HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 404, "No route");
        assertProblem(raw("PATCH /api/beats HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 405, "allows");
        assertThat(LOG.toString()).contains("GET /api/beats/%zz 400", "GET /api/beats?tags=%zz 400");
    }

    @Test
    void aBusyPortIsAOneLineConfigurationError() throws Exception {
        assertThatThrownBy(() -> LocalApiServer.checkAvailable("127.0.0.1", server.port()))
                .isInstanceOf(com.beatgen.config.ConfigException.class).hasMessageContaining("--port");
    }
}
