package com.beatgen.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.beatgen.api.ApiConfig;
import com.beatgen.config.Env;
import com.beatgen.db.Database;
import com.beatgen.keys.KeyCipher;
import com.beatgen.local.api.LocalApi;
import com.beatgen.local.api.LocalApiServer;
import com.beatgen.local.stack.LocalStack;
import com.beatgen.local.up.UpLog;
import com.beatgen.pipeline.CallbackSigner;
import com.beatgen.storage.S3Clients;
import com.beatgen.testkit.stub.ProviderStub;
import com.beatgen.testkit.s3.LocalS3;
import com.beatgen.wiring.Components;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", description = {
        "Serve the REST API locally, as `sam local start-api` does: every request becomes an API Gateway proxy event for "
                + "the real handler (routes from infrastructure/openapi.yaml), on the local database and S3 of beatgen run.",
        "The listening room (a page to browse, play and judge the beats) is at / on the same port.",
        "Admin routes take `Authorization: Bearer $API_ADMIN_TOKEN` (default: local-admin-token). Stop with Ctrl-C."})
final class ServeCommand extends LocalCommand {

    @Option(names = "--port", defaultValue = "3000", description = "port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default: ${DEFAULT-VALUE})")
    String host;

    ServeCommand(Env env, DatabaseProvider databases) {
        super(env, databases);
    }

    @Override
    public Integer call() throws Exception {
        LocalApiServer.checkAvailable(host, port);   // before anything starts or changes
        PrintWriter out = spec.commandLine().getOut();
        UpLog log = new UpLog(out, java.time.Clock.systemUTC());
        Path home = EnvDatabaseProvider.home(env);
        Path openApi = ProjectFiles.path(env, "BEATGEN_OPENAPI", "infrastructure/openapi.yaml");
        boolean stubSuno = env.optional("SUNO_BASE_URL").isEmpty();
        try (LocalDatabase local = databases.openShared(); LocalS3 s3 = LocalS3.start(home.resolve("s3"));
             ProviderStub stub = stubSuno ? ProviderStub.start() : null) {
            try (Database database = Database.connect(local.config())) {
                database.migrate();
            }
            s3.createBucket(LocalStack.BUCKET);
            Env apiEnv = apiEnv(env, local, s3.endpoint(), stub == null ? null : stub.baseUrl(), home);
            try (Components components = components(apiEnv);
                 LocalApiServer server = LocalApiServer.start(openApi, warm(LocalApi.functions(components)), host, port,
                         line -> log.line("api", line))) {
                log.line("api", String.format("Beat Generator API on http://%s:%d/api (OpenAPI: /api/openapi.json; %s); "
                        + "listening room: http://%s:%d/", host, server.port(), local.description(), host, server.port()));
                CountDownLatch stopped = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "serve-shutdown"));
                stopped.await();
            }
        }
        return 0;
    }

    /**
     * The API's environment on the local stack: its database, S3 endpoint and admin token, and the provider stub for
     * Suno credit refreshes when {@code stubUrl} is given.
     */
    static Env apiEnv(Env env, LocalDatabase local, String s3Endpoint, String stubUrl, Path home) {
        Map<String, String> values = new HashMap<>(env.values());
        values.put("DATABASE_URL", local.config().jdbcUrl());
        putIfSet(values, "DATABASE_USER", local.config().user());
        putIfSet(values, "DATABASE_PASSWORD", local.config().password());
        values.put("DATABASE_POOL_SIZE", "8");
        values.put(S3Clients.ENDPOINT, s3Endpoint);
        values.putIfAbsent(ApiConfig.ADMIN_TOKEN, "local-admin-token");
        if (stubUrl != null) {
            values.put("SUNO_BASE_URL", stubUrl); // credit refreshes of the local stub keys
        }
        values.putIfAbsent(KeyCipher.VARIABLE, LocalStack.dataKey(new Env(values), home));
        values.putIfAbsent(CallbackSigner.KEY, LocalStack.callbackKey(home));
        values.putIfAbsent(S3Clients.BEATS_BUCKET, LocalStack.BUCKET);
        return new Env(values);
    }

    /** The functions, after their first requests were sent once ({@link LocalApi#warmUp}): the first page view is fast. */
    static Map<String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> warm(
            Map<String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> functions) {
        LocalApi.warmUp(functions);
        return functions;
    }

    /** The API's components on the local stack (no Secrets Manager: every value is in {@code env}). */
    static Components components(Env env) {
        return new Components(env, java.time.Clock.systemUTC(), id -> {
            throw new com.beatgen.config.ConfigException("Secrets Manager is not available locally: set the value instead of its _SECRET_ID");
        }, null);
    }

    private static void putIfSet(Map<String, String> values, String name, String value) {
        if (value != null) {
            values.put(name, value);
        }
    }
}
