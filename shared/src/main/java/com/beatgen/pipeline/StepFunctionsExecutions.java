package com.beatgen.pipeline;

import com.beatgen.Json;
import com.beatgen.config.Env;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.ServiceMetadata;

/**
 * Step Functions' answer to "has this execution ended?" in AWS: {@code DescribeExecution} of the job's execution ARN;
 * any status but {@code RUNNING} (succeeded, failed, timed out, aborted) has ended. When Step Functions cannot answer
 * (throttled, denied, unreachable, an unknown execution) it cannot tell: the job is then only failed after
 * {@link StartRunService#ABANDONED_AFTER}, as before, and the next StartRun asks again.
 *
 * <p>One call of the AWS JSON 1.0 protocol, made with the SDK parts the deployment jar already has (SigV4 signer,
 * credentials chain, URL-connection HTTP client, the region's endpoint) rather than the {@code sfn} client: that
 * client alone took the jar from 24,674,966 to 26,291,951 bytes, over its 25 MB budget, for one operation.
 */
public final class StepFunctionsExecutions implements ExecutionStatus {

    /** Set by the Lambda runtime: where Step Functions can be asked. */
    static final String IN_LAMBDA = "AWS_LAMBDA_FUNCTION_NAME";
    private static final String TARGET = "AWSStepFunctions.DescribeExecution";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final Logger log = LoggerFactory.getLogger(StepFunctionsExecutions.class);

    private final SdkHttpClient http;
    private final URI endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    public StepFunctionsExecutions(SdkHttpClient http, URI endpoint, Region region, AwsCredentialsProvider credentials) {
        this.http = http;
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
    }

    /** In a Lambda function: Step Functions of its region, with its role; elsewhere (tests, tools) nothing is asked. */
    public static ExecutionStatus forEnvironment(Env env) {
        if (env.optional(IN_LAMBDA).isEmpty()) {
            return ExecutionStatus.UNKNOWN;
        }
        Region region = Region.of(env.string("AWS_REGION", "us-east-1"));
        SdkHttpClient http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(5)).build();
        return new StepFunctionsExecutions(http, endpoint(region), region, DefaultCredentialsProvider.builder().build());
    }

    /** The region's Step Functions endpoint (its partition's domain, e.g. {@code amazonaws.com.cn}). */
    static URI endpoint(Region region) {
        return URI.create("https://" + ServiceMetadata.of("states").endpointFor(region));
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public boolean ended(String executionId) {
        try {
            JsonNode execution = describe(executionId);
            return execution != null && execution.hasNonNull("status") && !"RUNNING".equals(execution.get("status").asText());
        } catch (IOException | RuntimeException e) {
            log.warn("Step Functions cannot tell whether execution {} has ended: {}", executionId, e.toString());
            return false;
        }
    }

    /** The DescribeExecution answer; null (logged) when Step Functions answered with an error. */
    private JsonNode describe(String executionId) throws IOException {
        byte[] body = Json.write(Map.of("executionArn", executionId)).getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("Content-Length", Integer.toString(body.length))
                .putHeader("X-Amz-Target", TARGET)
                .build();
        SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "states")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                .contentStreamProvider(signed.payload().orElse(null)).build()).call();
        JsonNode answer;
        try (InputStream in = response.responseBody().orElse(null)) {
            answer = in == null ? null : Json.MAPPER.readTree(in);
        }
        int status = response.httpResponse().statusCode();
        if (status != 200) {
            log.warn("Step Functions answered HTTP {} ({}) for execution {}", status,
                    answer == null ? "no body" : answer.path("__type").asText("no error type"), executionId);
            return null;
        }
        return answer;
    }
}
