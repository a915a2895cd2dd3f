package com.beatgen.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.Json;
import com.beatgen.config.Env;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * StartRun's question to Step Functions in AWS, asked of a local server that speaks the Step Functions JSON protocol
 * (AWS JSON 1.0, {@code X-Amz-Target: AWSStepFunctions.DescribeExecution}, SigV4 for service {@code states}): its
 * status answers, its error answers, throttling, and an unreachable endpoint.
 */
class StepFunctionsExecutionsTest {

    private static final String ARN = "arn:aws:states:eu-west-1:123456789012:execution:beat-generation:beat-20261201T2200Z";

    /** What the server answers next: an HTTP status and a JSON body. */
    private record Answer(int status, String body) {
    }

    private HttpServer server;
    private final List<Map<String, Object>> requests = new CopyOnWriteArrayList<>();
    private final List<String> targets = new CopyOnWriteArrayList<>();
    private volatile Answer answer;
    private SdkHttpClient http;
    private StepFunctionsExecutions executions;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
                var headers = exchange.getRequestHeaders();
            targets.add(headers.getFirst("X-Amz-Target") + " " + headers.getFirst("Content-Type") + " signed="
                    + String.valueOf(headers.getFirst("Authorization")).matches(
                            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/eu-west-1/states/aws4_request, SignedHeaders=.*x-amz-target.*")
                    + " token=" + headers.getFirst("X-Amz-Security-Token"));
            requests.add(Json.MAPPER.readValue(exchange.getRequestBody(), Map.class));
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        http = UrlConnectionHttpClient.create();
        executions = new StepFunctionsExecutions(http, URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Region.EU_WEST_1, StaticCredentialsProvider.create(AwsSessionCredentials.create("AKIDEXAMPLE", "secret", "token")));
    }

    @AfterEach
    void stop() {
        http.close();
        server.stop(0);
    }

    private static Answer execution(String status) {
        return new Answer(200, """
                {"executionArn":"%s","stateMachineArn":"arn:aws:states:eu-west-1:123456789012:stateMachine:beat-generation",
                 "name":"beat-20261201T2200Z","status":"%s","startDate":1.7646264E9,"input":"{}"}""".formatted(ARN, status));
    }

    @ParameterizedTest(name = "{0}: ended {1}")
    @CsvSource({"RUNNING, false", "SUCCEEDED, true", "FAILED, true", "TIMED_OUT, true", "ABORTED, true", "PENDING_REDRIVE, true"})
    void anExecutionHasEndedUnlessItIsRunning(String status, boolean ended) {
        answer = execution(status);
        assertThat(executions.ended(ARN)).isEqualTo(ended);
        assertThat(targets).containsExactly("AWSStepFunctions.DescribeExecution application/x-amz-json-1.0 signed=true token=token");
        assertThat(requests).containsExactly(Map.of("executionArn", ARN));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"400, ExecutionDoesNotExist", "400, InvalidArn", "400, AccessDeniedException", "500, InternalServerError"})
    void anErrorAnswerCannotTell(int status, String type) {
        answer = new Answer(status, "{\"__type\":\"com.amazonaws.sfn#" + type + "\",\"message\":\"no\"}");
        assertThat(executions.ended(ARN)).isFalse();
    }

    @Test
    void throttlingOrAnUnreadableAnswerCannotTell() {
        answer = new Answer(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
        assertThat(executions.ended(ARN)).isFalse();
        answer = new Answer(200, "<html>gateway</html>");
        assertThat(executions.ended(ARN)).isFalse();
        answer = new Answer(200, "{}");
        assertThat(executions.ended(ARN)).as("no status").isFalse();
        server.stop(0);
        assertThat(executions.ended(ARN)).as("unreachable").isFalse();
    }

    @Test
    void stepFunctionsIsAskedInLambdaOnly() {
        assertThat(StepFunctionsExecutions.forEnvironment(new Env(Map.of()))).isSameAs(ExecutionStatus.UNKNOWN);
        assertThat(StepFunctionsExecutions.forEnvironment(new Env(Map.of(StepFunctionsExecutions.IN_LAMBDA, "StartRunFunction",
                "AWS_REGION", "eu-west-1")))).isInstanceOf(StepFunctionsExecutions.class)
                .extracting(e -> ((StepFunctionsExecutions) e).endpoint()).hasToString("https://states.eu-west-1.amazonaws.com");
        assertThat(StepFunctionsExecutions.endpoint(Region.CN_NORTH_1)).hasToString("https://states.cn-north-1.amazonaws.com.cn");
    }
}
