package com.beatgen.pipeline;

import com.beatgen.catalog.TemplateRepository;
import com.beatgen.config.DatabaseConfig;
import com.beatgen.config.Env;
import com.beatgen.config.ProviderConfig;
import com.beatgen.config.Secrets;
import com.beatgen.db.Database;
import com.beatgen.db.ExecutionLog;
import com.beatgen.keys.KeyCipher;
import com.beatgen.keys.SunoKeyPool;
import com.beatgen.provider.CircuitBreakers;
import com.beatgen.provider.PromptRules;
import com.beatgen.provider.ProviderHttp;
import com.beatgen.provider.Redactor;
import com.beatgen.provider.gemini.GeminiClient;
import com.beatgen.provider.openai.OpenAiClient;
import com.beatgen.provider.suno.SunoClient;
import com.beatgen.provider.suno.SunoGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Everything one container needs to run the pipeline's steps, wired once from the environment (Lambda handlers keep
 * one instance per container; the local stack builds one per process). Services are plain classes; this is the only
 * place that knows how they fit together.
 */
public final class Pipeline implements AutoCloseable {

    public static final String BEATS_BUCKET = "BEATS_BUCKET";
    public static final String S3_ENDPOINT = "S3_ENDPOINT_URL";
    public static final String LOCAL_ACCESS_KEY = "local";
    public static final String LOCAL_SECRET_KEY = "local-secret";

    public final Database database;
    public final ProviderConfig config;
    public final ExecutionLog executionLog;
    public final CircuitBreakers breakers;
    public final SunoKeyPool keys;
    public final SunoGateway suno;
    public final Idempotency idempotency;
    public final StartRunService startRun;
    public final ConceptService concept;
    public final PromptService prompt;
    public final MusicService music;
    public final AudioService audio;
    public final MetadataService metadata;
    public final PersistService persist;
    public final FailureService failure;
    private final S3Client s3;

    public Pipeline(Database database, ProviderConfig config, KeyCipher cipher, S3Client s3, String bucket, List<String> extraArtists,
                    Clock clock) {
        this.database = database;
        this.config = config;
        this.s3 = s3;
        var jdbi = database.jdbi();
        Redactor redactor = new Redactor(config.sunoApiKeys());
        executionLog = new ExecutionLog(jdbi, clock);
        breakers = new CircuitBreakers(jdbi, clock, config.breakerThreshold(), config.breakerCoolDown());
        HttpClient httpClient = ProviderHttp.newClient(config.connectTimeout());
        ProviderHttp http = new ProviderHttp(httpClient, config.readTimeout(), breakers, executionLog, redactor, clock);
        GeminiClient gemini = new GeminiClient(http, config.geminiBaseUrl(), config.geminiModel(), config.geminiApiKey());
        OpenAiClient openAi = new OpenAiClient(http, config.openAiBaseUrl(), config.openAiModel(), config.openAiApiKey());
        SunoClient sunoClient = new SunoClient(http, config.sunoBaseUrl(), config.sunoModel(), config.sunoCallbackUrl());
        keys = new SunoKeyPool(jdbi, cipher, redactor, executionLog, clock, config.sunoGenerationCost());
        suno = new SunoGateway(sunoClient, keys, clock, config.sunoKeyCooldown(), config.sunoCreditsMaxAge());
        PromptRules rules = PromptRules.withDefaults(extraArtists);
        JobRepository jobs = new JobRepository(jdbi, clock);
        TemplateRepository templates = new TemplateRepository(jdbi);
        idempotency = new Idempotency(jdbi, clock, Duration.ofHours(6), Duration.ofMinutes(3));
        startRun = new StartRunService(jdbi, keys, suno::checkUnknownCredits, breakers, executionLog, clock);
        concept = new ConceptService(gemini, jobs, templates);
        prompt = new PromptService(openAi, jobs, templates, rules, executionLog, jdbi, clock);
        music = new MusicService(suno, jobs, templates, rules, clock);
        audio = new AudioService(suno, jobs, httpClient, s3, bucket, clock, config.readTimeout().multipliedBy(2));
        metadata = new MetadataService(gemini, jobs, templates, rules, executionLog, clock);
        persist = new PersistService(jdbi, jobs, templates, executionLog, clock);
        failure = new FailureService(jdbi, jobs, executionLog, clock);
    }

    /** The wiring Lambda uses: configuration from the environment, keys from {@code SUNO_API_KEYS} imported once. */
    public static Pipeline fromEnv(Env raw) {
        Env env = Secrets.resolve(raw);
        Database database = Database.connect(DatabaseConfig.fromEnv(env));
        ProviderConfig config = ProviderConfig.fromEnv(env);
        Pipeline pipeline = new Pipeline(database, config, KeyCipher.fromBase64(env.required(KeyCipher.VARIABLE)),
                s3(env), env.required(BEATS_BUCKET), artists(env), Clock.systemUTC());
        pipeline.keys.importKeys(config.sunoApiKeys());
        return pipeline;
    }

    /** The S3 client: the region's endpoint in AWS, or {@code S3_ENDPOINT_URL} (path-style) for a local S3. */
    public static S3Client s3(Env env) {
        return s3Builder(env).build();
    }

    /** {@link #s3(Env)}'s configuration, for a client that needs more (tests add interceptors). */
    public static S3ClientBuilder s3Builder(Env env) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(env.string("AWS_REGION", "us-east-1")))
                // checksums only where S3 requires them: the default trailing checksums need aws-chunked uploads
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        env.optional(S3_ENDPOINT).ifPresent(endpoint -> {
            builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true)
                    .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
            // a local S3 accepts the local stack's fixed credentials unless real ones are given
            if (env.optional("AWS_ACCESS_KEY_ID").isEmpty()) {
                builder.credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LOCAL_ACCESS_KEY, LOCAL_SECRET_KEY)));
            }
        });
        return builder;
    }

    private static List<String> artists(Env env) {
        return env.optional("ARTIST_DENYLIST").map(list -> Arrays.stream(list.split(",")).map(String::strip).toList()).orElse(List.of());
    }

    @Override
    public void close() {
        s3.close();
        database.close();
    }
}
