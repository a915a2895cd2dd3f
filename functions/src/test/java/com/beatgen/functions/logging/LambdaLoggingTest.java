package com.beatgen.functions.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.status.InfoStatus;
import ch.qos.logback.core.status.StatusUtil;
import ch.qos.logback.core.status.WarnStatus;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The Lambda jar's logging in a logger context of its own (the tests' own context logs readable lines). */
class LambdaLoggingTest {

    /** Fails on a field written twice, which Jackson would otherwise read as the last one. */
    private static final ObjectMapper STRICT = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    @Test
    void theConfigurationWritesJsonToStdoutAtInfoAndEndsTheSearchForOthers() {
        LoggerContext context = new LoggerContext();
        LambdaLogging logging = new LambdaLogging();
        logging.setContext(context);

        assertThat(logging.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(root.getAppender("json")).isInstanceOfSatisfying(ConsoleAppender.class, console -> {
            assertThat(console.getTarget()).isEqualTo("System.out");
            assertThat(console.getEncoder()).isInstanceOf(LambdaJsonEncoder.class);
            assertThat(console.isStarted()).isTrue();
        });
        assertThat(context.getLogger("com.zaxxer.hikari.pool.HikariPool").getEffectiveLevel()).isEqualTo(Level.WARN);
        context.stop();
    }

    @Test
    void logbacksOwnWarningsGoToStderrAsTheyHappenSoItsCheckAfterConfigurationIsSkipped() {
        LoggerContext context = new LoggerContext();
        LambdaLogging logging = new LambdaLogging();
        logging.setContext(context);
        logging.configure(context);
        // logback's service provider checks for problems after configuration (loading the time-zone database) only
        // when the context has no status listener
        assertThat(StatusUtil.contextHasStatusListener(context)).isTrue();

        PrintStream stderr = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            context.getStatusManager().add(new InfoStatus("appender started", this));
            context.getStatusManager().add(new WarnStatus("appender cannot write", this));
        } finally {
            System.setErr(stderr);
            context.stop();
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("logback: WARN", "appender cannot write")
                .doesNotContain("appender started");
    }

    @Test
    void anEventIsOneLineOfJsonWithItsErrorAndTheMdcAtTheTopLevel() throws Exception {
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), context.getLogger("com.beatgen.X"), Level.ERROR,
                "Provider {} said \"no\"\nthen {}", new IllegalStateException("boom", new RuntimeException("root cause")),
                new Object[] {"suno", "ü"});
        Map<String, String> mdc = new LinkedHashMap<>();
        mdc.put("function_request_id", "req-1");
        mdc.put("cold_start", "true");
        mdc.put("jobId", "job-7");
        mdc.put("level", "not me"); // a field of the encoder's own: not written twice
        event.setMDCPropertyMap(mdc);
        event.setTimeStamp(1_796_000_000_123L);

        String line = new String(new LambdaJsonEncoder().encode(event), StandardCharsets.UTF_8);

        assertThat(line).endsWith("}\n").doesNotContain("\r").hasLineCount(1);
        JsonNode json = STRICT.readTree(line);
        assertThat(json.path("level").asText()).isEqualTo("ERROR");
        assertThat(json.path("message").asText()).isEqualTo("Provider suno said \"no\"\nthen ü");
        assertThat(json.path("function_request_id").asText()).isEqualTo("req-1");
        assertThat(json.path("cold_start").asText()).isEqualTo("true");
        assertThat(json.path("jobId").asText()).isEqualTo("job-7");
        assertThat(json.path("timestamp").asText()).isEqualTo("2026-11-30T00:53:20.123Z");
        assertThat(json.path("error").path("name").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(json.path("error").path("message").asText()).isEqualTo("boom");
        assertThat(json.path("error").path("stack").asText()).startsWith("java.lang.IllegalStateException: boom\n\tat ")
                .contains("Caused by: java.lang.RuntimeException: root cause");
    }

    @Test
    void anEventWithoutErrorOrMdcHasNoEmptyFields() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // empty, as between invocations
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), context.getLogger("x"), Level.INFO, "ready", null, null);

        JsonNode json = STRICT.readTree(new LambdaJsonEncoder().encode(event));

        assertThat(json.properties()).extracting(Map.Entry::getKey).containsExactly("level", "message", "timestamp");
    }

    @Test
    void powertoolsSetsTheRootLevelAndReadsTheEffectiveOne() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        LogbackLoggingManager manager = new LogbackLoggingManager();
        try {
            manager.setLogLevel(org.slf4j.event.Level.WARN);
            assertThat(root.getLevel()).isEqualTo(Level.WARN);
            assertThat(manager.getLogLevel(LoggerFactory.getLogger("com.beatgen.unconfigured"))).isEqualTo(org.slf4j.event.Level.WARN);

            root.setLevel(Level.OFF);
            assertThat(manager.getLogLevel(LoggerFactory.getLogger("com.beatgen.unconfigured"))).isEqualTo(org.slf4j.event.Level.ERROR);
        } finally {
            root.setLevel(before);
        }
    }
}
