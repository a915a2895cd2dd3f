package com.beatgen.local.keys;

import com.beatgen.Json;
import com.beatgen.config.Env;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClientBuilder;
import software.amazon.awssdk.services.cloudformation.model.Output;

/**
 * {@code ./beatgen keys add --stack NAME}: adds a Suno key to a deployed stack's pool through its API
 * ({@code POST /api/keys}, IAM-authorized), signed with the caller's AWS credentials. The key is read from
 * {@code SUNO_API_KEY} or the first line of standard input, never from the command line (shell history).
 */
@Command(name = "add", description = {
        "Adds a Suno key to a deployed stack: POST <ApiUrl>/api/keys signed with your AWS credentials (SigV4, execute-api).",
        "The key comes from $SUNO_API_KEY or the first line of standard input; the answer shows it masked.",
        "Example: read -rs KEY && printf '%%s\\n' \"$KEY\" | ./beatgen keys add --stack beatgen --label main"})
public final class KeysAddCommand implements Callable<Integer> {

    public static final String KEY_VARIABLE = "SUNO_API_KEY";

    private final Env env;
    private final InputStream stdin;

    @Spec
    CommandSpec spec;

    @Option(names = "--stack", description = "the CloudFormation stack (its ApiUrl output is the API); or give --api-url")
    String stack;

    @Option(names = "--api-url", description = "the API's base URL, e.g. https://abc.execute-api.eu-west-1.amazonaws.com/prod")
    String apiUrl;

    @Option(names = "--region", description = "AWS region (default: AWS_REGION or your AWS profile's)")
    String region;

    @Option(names = "--label", defaultValue = "suno", description = "the key's label in the pool (default: ${DEFAULT-VALUE})")
    String label;

    public KeysAddCommand(Env env, InputStream stdin) {
        this.env = env;
        this.stdin = stdin;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if ((stack == null) == (apiUrl == null)) {
            spec.commandLine().getErr().println("Give either --stack NAME or --api-url URL");
            return 2;
        }
        String key = env.optional(KEY_VARIABLE).orElseGet(this::firstLineOfStdin);
        if (key == null || key.isBlank()) {
            spec.commandLine().getErr().println("No key: set " + KEY_VARIABLE + " or pipe the key on standard input");
            return 2;
        }
        Region resolvedRegion = region != null ? Region.of(region)
                : env.optional("AWS_REGION").map(Region::of).orElseGet(() -> new DefaultAwsRegionProviderChain().getRegion());
        AwsCredentialsProvider credentials = credentials(env);
        String base = apiUrl != null ? apiUrl : apiUrlOf(stack, resolvedRegion, credentials);
        URI uri = URI.create(base.replaceAll("/+$", "") + "/api/keys");
        Map<String, String> body = new LinkedHashMap<>();
        body.put("label", label);
        body.put("key", key.strip());
        SignedApi.Response response = new SignedApi(credentials.resolveCredentials(), resolvedRegion.id())
                .postJson(uri, Json.write(body));
        if (response.status() / 100 == 2) {
            spec.commandLine().getOut().println(response.body());
            return 0;
        }
        spec.commandLine().getErr().println("POST " + uri + " answered HTTP " + response.status() + ": " + response.body()
                + (response.status() == 403 ? " (is your IAM identity allowed execute-api:Invoke on the admin routes?)" : ""));
        return 1;
    }

    private String firstLineOfStdin() {
        try {
            return new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            return null;
        }
    }

    /** AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN) from the environment given, else the SDK's chain. */
    static AwsCredentialsProvider credentials(Env env) {
        if (env.optional("AWS_ACCESS_KEY_ID").isPresent() && env.optional("AWS_SECRET_ACCESS_KEY").isPresent()) {
            String id = env.required("AWS_ACCESS_KEY_ID");
            String secret = env.required("AWS_SECRET_ACCESS_KEY");
            return StaticCredentialsProvider.create(env.optional("AWS_SESSION_TOKEN")
                    .<software.amazon.awssdk.auth.credentials.AwsCredentials>map(token -> AwsSessionCredentials.create(id, secret, token))
                    .orElseGet(() -> AwsBasicCredentials.create(id, secret)));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /** The stack's {@code ApiUrl} output (CloudFormation DescribeStacks). */
    private String apiUrlOf(String stackName, Region region, AwsCredentialsProvider credentials) {
        CloudFormationClientBuilder builder = CloudFormationClient.builder().region(region).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        env.optional("AWS_ENDPOINT_URL_CLOUDFORMATION").ifPresent(url -> builder.endpointOverride(URI.create(url)));
        try (CloudFormationClient cloudFormation = builder.build()) {
            return cloudFormation.describeStacks(r -> r.stackName(stackName)).stacks().stream()
                    .flatMap(s -> s.outputs().stream())
                    .filter(o -> "ApiUrl".equals(o.outputKey()))
                    .map(Output::outputValue)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("Stack " + stackName + " has no ApiUrl output"));
        }
    }
}
