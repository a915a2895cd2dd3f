package com.beatgen.local.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.Json;
import com.beatgen.config.Env;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * {@code ./beatgen keys add} against a local server that plays CloudFormation (DescribeStacks → ApiUrl) and the
 * IAM-authorized API: it verifies each request's SigV4 signature by signing the request it received again with the
 * known secret at the request's own X-Amz-Date, as API Gateway does.
 */
class KeysAddCommandTest {

    private static final String ACCESS_KEY = "AKIDEXAMPLE0000TEST";
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private HttpServer server;
    private final List<JsonNode> added = new ArrayList<>();
    private final List<String> refusals = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void addsTheKeyThroughTheStacksApiWithAValidSignature() {
        Result result = run(Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY,
                "AWS_ENDPOINT_URL_CLOUDFORMATION", base(), "SUNO_API_KEY", "sk-suno-0123456789abcdef"),
                "--stack", "beatgen", "--region", "eu-west-1", "--label", "main");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(refusals).isEmpty();
        assertThat(added).hasSize(1);
        assertThat(added.get(0).get("label").asText()).isEqualTo("main");
        assertThat(added.get(0).get("key").asText()).isEqualTo("sk-suno-0123456789abcdef");
        assertThat(result.out()).contains("sk-s…cdef").doesNotContain("0123456789");
    }

    @Test
    void theKeyMayComeOnStandardInputAndTheUrlDirectly() {
        Result result = runWithInput(Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY),
                "sk-from-stdin-42424242\n", "--api-url", base() + "/prod/", "--region", "us-east-1");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(added.get(0).get("key").asText()).isEqualTo("sk-from-stdin-42424242");
    }

    @Test
    void aWrongSignatureIsRefusedAndReportedWithoutTheKey() {
        Result result = run(Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", "not-the-secret",
                "SUNO_API_KEY", "sk-suno-0123456789abcdef"), "--api-url", base() + "/prod", "--region", "us-east-1");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(refusals).containsExactly("signature mismatch");
        assertThat(result.err()).contains("HTTP 403").doesNotContain("0123456789");
        assertThat(added).isEmpty();
    }

    @Test
    void withoutAKeyOrATargetItSaysWhatIsMissing() {
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        assertThat(runWithInput(env, "", "--api-url", base()).err()).contains("No key: set SUNO_API_KEY");
        assertThat(run(env, "--region", "us-east-1").exit()).isEqualTo(2);
    }

    private record Result(int exit, String out, String err) {
    }

    private Result run(Map<String, String> env, String... args) {
        return runWithInput(env, "", args);
    }

    private Result runWithInput(Map<String, String> env, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new KeysAddCommand(new Env(env), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/")) { // CloudFormation's query API
            String form = new String(body, StandardCharsets.UTF_8);
            assertThat(form).contains("Action=DescribeStacks", "StackName=beatgen");
            respond(exchange, 200, "text/xml", """
                    <DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult>
                    <Stacks><member><StackName>beatgen</StackName><StackStatus>CREATE_COMPLETE</StackStatus>
                    <CreationTime>2026-12-01T10:00:00Z</CreationTime><Outputs><member><OutputKey>ApiUrl</OutputKey>
                    <OutputValue>%s/prod</OutputValue></member></Outputs></member></Stacks></DescribeStacksResult>
                    <ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></DescribeStacksResponse>""".formatted(base()));
            return;
        }
        if (!path.equals("/prod/api/keys") || !exchange.getRequestMethod().equals("POST")) {
            respond(exchange, 404, "application/json", "{}");
            return;
        }
        String refusal = verify(exchange, body);
        if (refusal != null) {
            refusals.add(refusal);
            respond(exchange, 403, "application/json", "{\"message\":\"The request signature we calculated does not match\"}");
            return;
        }
        JsonNode key = Json.MAPPER.readTree(body);
        added.add(key);
        String secret = key.get("key").asText();
        respond(exchange, 201, "application/json", "{\"id\":\"k1\",\"label\":\"" + key.get("label").asText() + "\",\"key\":\""
                + secret.substring(0, 4) + "…" + secret.substring(secret.length() - 4) + "\"}");
    }

    /** API Gateway's check: the same request, signed again with the secret of the named access key, must match. */
    private static String verify(HttpExchange exchange, byte[] body) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Matcher m = authorization == null ? null : AUTHORIZATION.matcher(authorization);
        if (m == null || !m.matches()) {
            return "no SigV4 Authorization header";
        }
        if (!m.group(1).equals(ACCESS_KEY) || !m.group(4).equals("execute-api")) {
            return "wrong access key or service";
        }
        Instant at = LocalDateTime.parse(exchange.getRequestHeaders().getFirst("X-Amz-Date"), AMZ_DATE).toInstant(ZoneOffset.UTC);
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create("http://" + exchange.getRequestHeaders().getFirst("Host") + exchange.getRequestURI()));
        Map<String, String> signedHeaders = new HashMap<>();
        for (String name : m.group(5).split(";")) {
            if (!List.of("host", "x-amz-date", "x-amz-content-sha256").contains(name)) {
                signedHeaders.put(name, exchange.getRequestHeaders().getFirst(name));
            }
        }
        signedHeaders.forEach(request::putHeader);
        String expected = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY))
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, m.group(4))
                .putProperty(AwsV4HttpSigner.REGION_NAME, m.group(3))
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
                .request().firstMatchingHeader("Authorization").orElse("");
        return expected.equals(authorization) ? null : "signature mismatch";
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
