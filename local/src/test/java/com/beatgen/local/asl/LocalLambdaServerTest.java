package com.beatgen.local.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.beatgen.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local Lambda-invoke endpoint, spoken to over HTTP as the ASL runner (or an AWS SDK) does. */
class LocalLambdaServerTest {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static LocalLambdaServer server;

    @BeforeAll
    static void start() {
        Map<String, RequestHandler<Map<String, Object>, Map<String, Object>>> functions = Map.of(
                "Echo", (input, context) -> Map.of(
                        "input", input,
                        "functionName", context.getFunctionName(),
                        "invokedArn", context.getInvokedFunctionArn(),
                        "requestId", context.getAwsRequestId(),
                        "remainingMs", context.getRemainingTimeInMillis()),
                "Boom", (input, context) -> {
                    throw new Toy.Broken("boom: " + input.get("why"));
                },
                "Remote", (input, context) -> {
                    throw new LocalLambdaServer.FunctionError("Suno.Timeout", "remote: " + input.get("why"),
                            java.util.List.of("com.example.Remote.handleRequest(Remote.java:1)"));
                });
        server = LocalLambdaServer.start(functions);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> invoke(String functionName, String body) throws Exception {
        URI uri = URI.create(server.endpoint() + "/2015-03-31/functions/"
                + URLEncoder.encode(functionName, StandardCharsets.UTF_8) + "/invocations");
        return http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listensOnLoopback() {
        assertTrue(server.endpoint().startsWith("http://127.0.0.1:"), server.endpoint());
    }

    @Test
    void invokesByPlainNameWithTheHandlersResult() throws Exception {
        HttpResponse<String> response = invoke("Echo", "{\"a\":1,\"b\":[true,null]}");

        assertEquals(200, response.statusCode());
        assertFalse(response.headers().firstValue("X-Amz-Function-Error").isPresent());
        assertEquals("$LATEST", response.headers().firstValue("X-Amz-Executed-Version").orElseThrow());
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertEquals(Json.MAPPER.readTree("{\"a\":1,\"b\":[true,null]}"), body.get("input"));
        assertEquals("Echo", body.get("functionName").asText());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:Echo", body.get("invokedArn").asText());
        assertFalse(body.get("requestId").asText().isEmpty());
        assertTrue(body.get("remainingMs").asInt() > 0);
    }

    @Test
    void invokesByArnWithQualifier() throws Exception {
        String arn = "arn:aws:lambda:eu-west-1:123456789012:function:Echo:live";
        HttpResponse<String> response = invoke(arn, "{}");

        assertEquals(200, response.statusCode());
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertEquals("Echo", body.get("functionName").asText());
        assertEquals(arn, body.get("invokedArn").asText());
    }

    @Test
    void anEmptyBodyIsAnEmptyEvent() throws Exception {
        HttpResponse<String> response = invoke("Echo", "");

        assertEquals(200, response.statusCode());
        assertEquals(0, Json.MAPPER.readTree(response.body()).get("input").size());
    }

    @Test
    void aHandlerExceptionIsAFunctionErrorShapedLikeTheJavaRuntimes() throws Exception {
        HttpResponse<String> response = invoke("Boom", "{\"why\":\"testing\"}");

        assertEquals(200, response.statusCode());
        assertEquals("Unhandled", response.headers().firstValue("X-Amz-Function-Error").orElseThrow());
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertEquals("Toy.Broken", body.get("errorType").asText());
        assertEquals("boom: testing", body.get("errorMessage").asText());
        assertTrue(body.get("stackTrace").isArray() && body.get("stackTrace").size() > 0);
        assertTrue(body.get("stackTrace").get(0).isTextual());
    }

    @Test
    void anErrorFromAnotherJvmKeepsItsTypeMessageAndStackTrace() throws Exception {
        HttpResponse<String> response = invoke("Remote", "{\"why\":\"elsewhere\"}");

        assertEquals("Unhandled", response.headers().firstValue("X-Amz-Function-Error").orElseThrow());
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertEquals("Suno.Timeout", body.get("errorType").asText());
        assertEquals("remote: elsewhere", body.get("errorMessage").asText());
        assertEquals("com.example.Remote.handleRequest(Remote.java:1)", body.get("stackTrace").get(0).asText());
    }

    @Test
    void anUnknownFunctionIsResourceNotFound() throws Exception {
        HttpResponse<String> response = invoke("arn:aws:lambda:us-east-1:000000000000:function:Nope", "{}");

        assertEquals(404, response.statusCode());
        assertEquals("ResourceNotFoundException", response.headers().firstValue("X-Amzn-ErrorType").orElseThrow());
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertEquals("Function not found: arn:aws:lambda:us-east-1:000000000000:function:Nope",
                body.get("Message").asText());
        assertEquals("User", body.get("Type").asText());
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsInvalidRequestContent() throws Exception {
        HttpResponse<String> response = invoke("Echo", "{not json");

        assertEquals(400, response.statusCode());
        assertEquals("InvalidRequestContentException",
                response.headers().firstValue("X-Amzn-ErrorType").orElseThrow());
    }

    @Test
    void functionNamesFromArnsAndQualifiedNames() {
        assertEquals("StartRun", LocalLambdaServer.functionName("StartRun"));
        assertEquals("StartRun", LocalLambdaServer.functionName("StartRun:live"));
        assertEquals("StartRun", LocalLambdaServer.functionName("arn:aws:lambda:us-east-1:000000000000:function:StartRun"));
        assertEquals("StartRun",
                LocalLambdaServer.functionName("arn:aws:lambda:us-east-1:000000000000:function:StartRun:$LATEST"));
    }
}
