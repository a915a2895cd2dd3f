package com.beatgen.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.Json;
import com.beatgen.config.DatabaseConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * infrastructure/template.yaml against what it wires together: the handler classes, the state machine's
 * substitutions, the OpenAPI document's integrations and the sample events. The YAML parser reads CloudFormation's
 * short-form tags (!Ref X, !GetAtt X.Y, !Sub …) as their plain values, which is all these checks need.
 */
class TemplateConsistencyTest {

    /** Handlers another branch adds: the test below names them and turns green once they are merged. */
    private static final Set<String> WRITTEN_ELSEWHERE = Set.of("com.beatgen.functions.CatalogSyncHandler");
    private static final Path ROOT = Path.of("..");
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{(\\w+)}");
    private static final Pattern INTEGRATION = Pattern.compile("/functions/\\$\\{(\\w+?Function)Alias(\\w+)}/invocations$");

    private static JsonNode template;
    private static JsonNode resources;
    private static String alias;
    private static Map<String, JsonNode> functions;

    @BeforeAll
    static void read() throws IOException {
        template = new YAMLMapper().readTree(ROOT.resolve("infrastructure/template.yaml").toFile());
        resources = template.get("Resources");
        alias = template.at("/Globals/Function/AutoPublishAlias").asText();
        functions = new LinkedHashMap<>();
        resources.fields().forEachRemaining(e -> {
            if ("AWS::Serverless::Function".equals(e.getValue().path("Type").asText())) {
                functions.put(e.getKey(), e.getValue().get("Properties"));
            }
        });
    }

    private static String handlerClass(JsonNode function) {
        return function.get("Handler").asText().replaceFirst("::.*$", "");
    }

    private static List<String> missingHandlers() {
        List<String> missing = new ArrayList<>();
        functions.forEach((name, function) -> {
            String handler = function.get("Handler").asText();
            try {
                Class<?> type = Class.forName(handlerClass(function));
                if (Stream.of(type.getMethods()).noneMatch(m -> m.getName().equals(handler.replaceFirst("^.*::", "")))) {
                    missing.add(handler + " (" + name + ": no such method)");
                }
            } catch (ClassNotFoundException e) {
                missing.add(handlerClass(function) + " (" + name + ")");
            }
        });
        return missing;
    }

    /** RDS is reached over TLS, and an API function's INIT readies the TLS client only when the URL requires it. */
    @Test
    void everyDatabaseUrlInTheTemplateRequiresTls() {
        List<String> urls = new ArrayList<>();
        for (JsonNode value : template.findValues("DATABASE_URL")) {
            (value.isArray() ? value : List.of(value)).forEach(v -> {
                if (v.asText().startsWith("jdbc:")) {
                    urls.add(v.asText());
                }
            });
        }
        assertThat(urls).as("the template's database URLs").isNotEmpty()
                .allSatisfy(url -> assertThat(DatabaseConfig.requiresTls(url)).as(url).isTrue());
    }

    /**
     * Through RDS Proxy the functions check whom they talk to: its certificate (ACM's) chains to Amazon's public roots,
     * which the JDK trusts (below); an instance's RDS certificate does not, so that URL encrypts only.
     */
    @Test
    void theProxysUrlVerifiesTheServersIdentity() {
        JsonNode url = template.at("/Globals/Function/Environment/Variables/DATABASE_URL");
        assertThat(url.isArray()).as("DATABASE_URL: !If [UseProxy, proxy, instance]").isTrue();
        assertThat(url.get(0).asText()).isEqualTo("UseProxy");
        assertThat(url.get(1).asText()).contains("${DatabaseProxy.Endpoint}").endsWith("?sslMode=VERIFY_IDENTITY");
        assertThat(url.get(2).asText()).contains("${Database.Endpoint.Address}").endsWith("?sslMode=REQUIRED");
    }

    /**
     * What {@code VERIFY_IDENTITY} checks the proxy's certificate against when no trust store is configured: the JVM's
     * default one, which holds Amazon's roots (this JDK's; Corretto, the Lambda runtime's, is Amazon's own).
     */
    @Test
    void theJdksDefaultTrustStoreHoldsAmazonsRoots() throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        List<String> issuers = Stream.of(factory.getTrustManagers())
                .filter(X509TrustManager.class::isInstance)
                .flatMap(manager -> Stream.of(((X509TrustManager) manager).getAcceptedIssuers()))
                .map(certificate -> certificate.getSubjectX500Principal().getName())
                .toList();
        assertThat(issuers).contains("CN=Amazon Root CA 1,O=Amazon,C=US");
    }

    @Test
    void everyHandlerInTheTemplateIsAClassWithItsMethod() {
        List<String> missing = missingHandlers().stream()
                .filter(m -> WRITTEN_ELSEWHERE.stream().noneMatch(m::startsWith)).toList();
        assertThat(missing).as("handlers named in template.yaml that do not exist").isEmpty();
        assertThat(functions).hasSize(23);
        assertThat(alias).isEqualTo("live");
    }

    @Test
    void catalogSyncHandlerExistsOnceTheCatalogSyncBranchIsMerged() {
        assertThat(missingHandlers())
                .as("handler classes the template names that this branch does not have yet (CatalogSyncHandler is written on "
                        + "another branch: merge it and this turns green)")
                .isEmpty();
    }

    @Test
    void everyAslSubstitutionIsDefinedAsAnAliasWithAnInvokePolicy() throws IOException {
        String asl = Files.readString(ROOT.resolve("statemachine/beat-generation.asl.json"));
        Set<String> used = new TreeSet<>();
        Matcher m = SUBSTITUTION.matcher(asl);
        while (m.find()) {
            used.add(m.group(1));
        }
        JsonNode machine = resources.get("BeatGenerationStateMachine").get("Properties");
        JsonNode substitutions = machine.get("DefinitionSubstitutions");
        Set<String> defined = new TreeSet<>();
        substitutions.fieldNames().forEachRemaining(defined::add);

        assertThat(used).as("${...} in the ASL").isNotEmpty();
        assertThat(defined).as("DefinitionSubstitutions").isEqualTo(used);
        Set<String> invokable = new TreeSet<>();
        machine.get("Policies").forEach(p -> {
            if (p.has("LambdaInvokePolicy")) {
                invokable.add(p.get("LambdaInvokePolicy").get("FunctionName").asText());
            }
        });
        for (String key : defined) {
            String value = substitutions.get(key).asText(); // !Ref XFunction.Alias
            assertThat(value).as(key + " must name a function's alias (SnapStart never applies to $LATEST)").endsWith(".Alias");
            String function = value.substring(0, value.length() - ".Alias".length());
            assertThat(functions).as(key + " names a function of the template").containsKey(function);
            assertThat(invokable).as("LambdaInvokePolicy for " + function).contains(function);
        }
        assertThat(machine.at("/Events/Every15Minutes/Type").asText()).isEqualTo("ScheduleV2");
        assertThat(machine.at("/Events/Every15Minutes/Properties/ScheduleExpression").asText()).isEqualTo("rate(15 minutes)");
        java.time.Duration schedule = com.beatgen.config.ScheduleInterval.parse(machine.at("/Events/Every15Minutes/Properties/ScheduleExpression").asText());
        functions.forEach((name, function) -> function.at("/Environment/Variables/BEAT_GENERATION_INTERVAL").asText("").lines().forEach(value ->
                assertThat(com.beatgen.config.ScheduleInterval.parse(value)).as(name + ": the interval the catalog warning assumes is the schedule's")
                        .isEqualTo(schedule)));
        assertThat(functions.get("CatalogSyncFunction").at("/Environment/Variables/BEAT_GENERATION_INTERVAL").isMissingNode()).isFalse();
        assertThat(machine.at("/Logging/IncludeExecutionData").asBoolean()).isTrue();
    }

    /** Issue 13: nothing hangs a stack or outlives the abandonment age; asynchronous failures land somewhere. */
    @Test
    void timeoutsNestAndAsynchronousFunctionsHaveAFailureDestinationAndAnAlarm() throws IOException {
        JsonNode migration = resources.get("DatabaseMigration").get("Properties");
        int serviceTimeout = migration.get("ServiceTimeout").asInt();
        assertThat(serviceTimeout).as("CloudFormation waits at most 15 minutes").isBetween(1, 900);
        assertThat(functions.get("MigrationFunction").get("Timeout").asInt()).as("the function answers before CloudFormation gives up")
                .isLessThan(serviceTimeout);

        JsonNode asl = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ROOT.resolve("statemachine/beat-generation.asl.json").toFile());
        assertThat((long) asl.get("TimeoutSeconds").asInt()).as("every execution ends before StartRun abandons its job")
                .isPositive().isLessThan(com.beatgen.pipeline.StartRunService.ABANDONED_AFTER.toSeconds());

        Set<String> withDestination = new TreeSet<>();
        Set<String> withAlarm = new TreeSet<>();
        resources.forEach(r -> {
            if ("AWS::Lambda::EventInvokeConfig".equals(r.path("Type").asText())
                    && !r.at("/Properties/DestinationConfig/OnFailure/Destination").asText("").isEmpty()) {
                withDestination.add(r.at("/Properties/FunctionName").asText());
            }
            if ("AWS::CloudWatch::Alarm".equals(r.path("Type").asText()) && "Errors".equals(r.at("/Properties/MetricName").asText())) {
                withAlarm.add(r.at("/Properties/Dimensions/0/Value").asText());
            }
        });
        Set<String> asynchronous = new TreeSet<>(Set.of("MigrationFunction")); // CloudFormation invokes custom resources asynchronously
        functions.forEach((name, function) -> function.path("Events").forEach(event -> {
            if (Set.of("S3", "ScheduleV2", "Schedule").contains(event.path("Type").asText())) {
                asynchronous.add(name);
                assertThat(event.path("Type").asText()).as(name + ": EventBridge Scheduler, not a legacy rule").isNotEqualTo("Schedule");
            }
        }));
        assertThat(asynchronous).contains("CatalogSyncFunction", "DailySummaryFunction", "OpsMetricsFunction");
        assertThat(withDestination).as("failure destinations").containsAll(asynchronous);
        assertThat(withAlarm).as("error alarms").containsAll(asynchronous);
    }

    @Test
    void everyOpenApiOperationInvokesTheAliasOfAFunctionApiGatewayMayInvoke() throws IOException {
        JsonNode paths = new YAMLMapper().readTree(ROOT.resolve("infrastructure/openapi.yaml").toFile()).get("paths");
        Set<String> permitted = new TreeSet<>();
        resources.forEach(r -> {
            if ("AWS::Lambda::Permission".equals(r.path("Type").asText())
                    && "apigateway.amazonaws.com".equals(r.at("/Properties/Principal").asText())) {
                permitted.add(r.at("/Properties/FunctionName").asText());
            }
        });
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String where = op.getKey().toUpperCase() + " " + path.getKey();
                operations++;
                String uri = op.getValue().at("/x-amazon-apigateway-integration/uri/Fn::Sub").asText("");
                Matcher m = INTEGRATION.matcher(uri);
                assertThat(m.find()).as(where + " integration URI " + uri).isTrue();
                String function = m.group(1);
                assertThat(m.group(2)).as(where + " invokes the alias AutoPublishAlias creates").isEqualTo(alias);
                assertThat(functions).as(where + " is bound to a function of the template").containsKey(function);
                assertThat(op.getValue().at("/x-amazon-apigateway-integration/type").asText()).isEqualTo("aws_proxy");
                assertThat(permitted).as("API Gateway may invoke " + function + "'s alias").contains(function + ".Alias");
                if (path.getKey().startsWith("/api/keys") || path.getKey().contains("/ratings/")) {
                    assertThat(op.getValue().at("/security/0").has("sigv4")).as(where + " is IAM-authorized").isTrue();
                }
            }
        }
        assertThat(operations).isGreaterThanOrEqualTo(11);
    }

    @Test
    void everyFunctionHasASampleEventAndAnEnvJsonEntry() throws IOException {
        JsonNode env = Json.MAPPER.readTree(ROOT.resolve("events/env.json").toFile());
        List<String> files;
        try (Stream<Path> list = Files.list(ROOT.resolve("events"))) {
            files = list.map(p -> p.getFileName().toString()).toList();
        }
        for (String function : functions.keySet()) {
            String stem = function.replaceFirst("Function$", "").replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
            assertThat(files).as("events/" + stem + ".json or events/" + stem + "-*.json for " + function)
                    .anyMatch(f -> f.equals(stem + ".json") || f.startsWith(stem + "-") && f.endsWith(".json"));
            assertThat(env.has(function)).as("events/env.json has " + function).isTrue();
        }
    }

    @Test
    void theTaskEventsCarryExactlyWhatTheAslPasses() throws IOException {
        JsonNode states = Json.MAPPER.readTree(ROOT.resolve("statemachine/beat-generation.asl.json").toFile()).get("States");
        Map<String, Set<String>> payloadKeys = new LinkedHashMap<>();
        states.fields().forEachRemaining(s -> {
            JsonNode parameters = s.getValue().path("Parameters");
            if (parameters.has("FunctionName")) {
                String function = parameters.get("FunctionName").asText().replaceAll("^\\$\\{(\\w+)FunctionArn}$", "$1");
                Set<String> keys = new TreeSet<>();
                parameters.get("Payload").fieldNames().forEachRemaining(k -> keys.add(k.replaceFirst("\\.\\$$", "")));
                payloadKeys.merge(function, keys, (a, b) -> {
                    assertThat(b).as("every state of " + function + " passes the same keys").isEqualTo(a);
                    return a;
                });
            }
        });
        assertThat(payloadKeys).hasSize(9);
        for (Map.Entry<String, Set<String>> e : payloadKeys.entrySet()) {
            String stem = e.getKey().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
            Set<String> sample = new TreeSet<>();
            Json.MAPPER.readTree(ROOT.resolve("events/" + stem + ".json").toFile()).fieldNames().forEachRemaining(sample::add);
            assertThat(sample).as("events/" + stem + ".json").isEqualTo(e.getValue());
        }
    }

    @Test
    void theGeneratedKeyEncryptionKeyIsAValidThirtyTwoByteKey() {
        JsonNode generate = resources.at("/SunoKeyEncryptionKeySecret/Properties/GenerateSecretString");
        assertThat(generate.get("ExcludePunctuation").asBoolean()).isTrue();
        int length = generate.get("PasswordLength").asInt();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        java.security.SecureRandom random = new java.security.SecureRandom();
        for (int i = 0; i < 200; i++) {
            StringBuilder secret = new StringBuilder();
            for (int c = 0; c < length; c++) {
                secret.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            com.beatgen.keys.KeyCipher cipher = com.beatgen.keys.KeyCipher.fromBase64(secret.toString());
            assertThat(cipher.decrypt(cipher.encrypt("suno-key-" + i))).isEqualTo("suno-key-" + i);
        }
    }
}
