package com.beatgen.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.beatgen.keys.KeyCipher;
import com.beatgen.keys.NoKeyAvailableException;
import com.beatgen.keys.SubmissionRepository;
import com.beatgen.keys.SunoKey;
import com.beatgen.keys.SunoKeyPool;
import com.beatgen.testkit.stub.ProviderStub.Api;
import com.beatgen.testkit.stub.ProviderStub.Fault;
import com.beatgen.keys.SunoGateway;
import com.beatgen.provider.suno.SunoRequest;
import com.beatgen.provider.suno.SunoSubmission;
import com.beatgen.provider.suno.SunoTask;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SunoGatewayTest {

    private static final SunoRequest REQUEST = new SunoRequest("lo-fi, warm piano, instrumental", "Night Study", "https://example.com/callback");
    private static final String KEY_A = "suno-A-1111111111111111";
    private static final String KEY_B = "suno-B-2222222222222222";
    private static final String KEY_C = "suno-C-3333333333333333";
    @RegisterExtension
    static final ProviderFixture f = new ProviderFixture();

    @BeforeEach
    void reset() {
        f.reset();
    }

    private static List<String> addKeys(String... secrets) {
        List<String> ids = new ArrayList<>();
        for (String secret : secrets) {
            f.clock.advance(Duration.ofMillis(1)); // never-used keys are taken oldest first
            ids.add(f.pool.add("test", secret).id());
        }
        return ids;
    }

    @Test
    void aRateLimitedKeyCoolsDownAndTheNextKeyIsUsedAtOnce() {
        List<String> ids = addKeys(KEY_A, KEY_B);
        f.stub.injectForKey(KEY_A, Fault.SUNO_KEY_RATE_LIMITED_430, 1);
        SunoSubmission submission = f.submit(REQUEST);
        assertThat(submission.keyId()).isEqualTo(ids.get(1));
        assertThat(f.stub.sunoKeysSeen()).containsSubsequence(KEY_A, KEY_B);
        SunoKey a = f.pool.find(ids.get(0)).orElseThrow();
        assertThat(a.cooldownUntil()).isAfter(f.clock.instant());
        assertThat(a.status()).isEqualTo(SunoKey.Status.active);
        assertThat(f.submit(REQUEST).keyId()).as("A is still cooling down").isEqualTo(ids.get(1));
    }

    @Test
    void outOfCreditMarksTheKeyExhaustedAndUnauthorizedMarksItError() {
        List<String> ids = addKeys(KEY_A, KEY_B, KEY_C);
        f.stub.injectForKey(KEY_A, Fault.OUT_OF_CREDIT, 1);
        f.stub.injectForKey(KEY_B, Fault.UNAUTHORIZED, 1);
        assertThat(f.submit(REQUEST).keyId()).isEqualTo(ids.get(2));
        assertThat(f.pool.find(ids.get(0)).orElseThrow().status()).isEqualTo(SunoKey.Status.exhausted);
        assertThat(f.pool.find(ids.get(1)).orElseThrow().status()).isEqualTo(SunoKey.Status.error);
    }

    @Test
    void staleCreditsAreRefreshedBeforeUseAndUsageIsCounted() {
        String id = addKeys(KEY_A).get(0);
        f.stub.setCredits(KEY_A, 40);
        SunoSubmission submission = f.submit(REQUEST);
        assertThat(submission.keyId()).isEqualTo(id);
        SunoKey key = f.pool.find(id).orElseThrow();
        assertThat(key.quotaRemaining()).isEqualTo(28);
        assertThat(f.stub.credits(KEY_A)).isEqualTo(28);
        assertThat(key.creditsCheckedAt()).isNotNull();
        long usageLogs = f.database.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM execution_log WHERE message = 'Suno key used' AND context LIKE :id")
                .bind("id", "%" + id + "%").mapTo(Long.class).one());
        assertThat(usageLogs).as("property 29: usage logged with the key id and remaining credits").isEqualTo(1);
    }

    @Test
    void aKeyWhoseRefreshShowsTooFewCreditsIsSkipped() {
        List<String> ids = addKeys(KEY_A, KEY_B);
        f.stub.setCredits(KEY_A, 5);
        assertThat(f.submit(REQUEST).keyId()).isEqualTo(ids.get(1));
        assertThat(f.pool.find(ids.get(0)).orElseThrow().status()).isEqualTo(SunoKey.Status.exhausted);
    }

    @Test
    void whenEveryKeyStaysRateLimitedThroughTheWaitBudgetNoKeyIsAvailable() {
        addKeys(KEY_A, KEY_B);
        f.stub.injectForKey(KEY_A, Fault.SUNO_KEY_RATE_LIMITED_405, 100);
        f.stub.injectForKey(KEY_B, Fault.SUNO_KEY_RATE_LIMITED_430, 100);
        java.time.Instant start = f.clock.instant();
        assertThatThrownBy(() -> f.submit(REQUEST)).isInstanceOf(NoKeyAvailableException.class)
                .satisfies(e -> assertThat(((NoKeyAvailableException) e).errorName()).isEqualTo("Suno.NoKeyAvailable"));
        assertThat(Duration.between(start, f.clock.instant())).as("waited, within the budget")
                .isPositive().isLessThanOrEqualTo(SunoGateway.DEFAULT_WAIT_BUDGET);
        f.stub.reset();
        f.clock.advance(Duration.ofSeconds(61));
        assertThat(f.submit(REQUEST).taskId()).isNotBlank();
    }

    @Test
    void aLoneRateLimitedKeyIsRetriedWithBackoffAndNamedByItsMaskedForm() {
        String id = addKeys(KEY_A).get(0);
        f.stub.injectForKey(KEY_A, Fault.SUNO_KEY_RATE_LIMITED_430, 2);
        java.time.Instant start = f.clock.instant();
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        SunoSubmission submission;
        try {
            submission = f.submit(REQUEST);
        } finally {
            System.setErr(err);
        }
        assertThat(submission.keyId()).isEqualTo(id);
        assertThat(f.stub.sunoKeysSeen().stream().filter(KEY_A::equals).count()).as("tried three times").isGreaterThanOrEqualTo(3);
        assertThat(Duration.between(start, f.clock.instant())).as("backed off 2 s, then 4 s").isEqualTo(Duration.ofSeconds(6));
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("****1111").doesNotContain(id);
    }

    @Test
    void aWaitForACooldownLastsUntilItsEndWhenTheClockIsFinerThanTheDatabasesMilliseconds() {
        String id = addKeys(KEY_A).get(0);
        f.stub.injectForKey(KEY_A, Fault.SUNO_KEY_RATE_LIMITED_430, 1);
        java.time.Instant start = f.clock.instant();
        f.clock.advance(Duration.ofNanos(300_000)); // the system clock counts microseconds
        // sleeping as Thread.sleep(duration.toMillis()) does: whole milliseconds
        SunoGateway gateway = new SunoGateway(f.suno, f.pool, new SubmissionRepository(f.database.jdbi(), f.clock), f.clock,
                Duration.ofSeconds(60), Duration.ofHours(1), SunoGateway.DEFAULT_WAIT_BUDGET,
                d -> f.clock.advance(Duration.ofMillis(d.toMillis())));
        try {
            SunoSubmission submission = gateway.submit("gateway-test-job", REQUEST, (h, accepted) -> { });
            assertThat(submission.keyId()).as("the key, once its 2 s cooldown is over").isEqualTo(id);
            assertThat(Duration.between(start, f.clock.instant())).isBetween(Duration.ofSeconds(2), Duration.ofMillis(2_002));
        } finally {
            f.clock.set(f.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).plusMillis(1)); // the others count milliseconds
        }
    }

    @Test
    void unknownCreditsAreNullUntilReadAndCheckedOnDemand() {
        List<String> ids = addKeys(KEY_A, KEY_B);
        assertThat(f.pool.find(ids.get(0)).orElseThrow().quotaRemaining()).as("never read: unknown, not 0").isNull();
        assertThat(f.pool.hasUsableKey()).as("unknown credits are not credits").isFalse();
        f.stub.setCredits(KEY_A, 0);
        f.gateway.checkUnknownCredits();
        assertThat(f.pool.find(ids.get(0)).orElseThrow().status()).isEqualTo(SunoKey.Status.exhausted);
        assertThat(f.pool.find(ids.get(1)).orElseThrow().quotaRemaining()).isEqualTo(500);
        assertThat(f.pool.withUnknownCredits()).isEmpty();
        assertThat(f.pool.hasUsableKey()).isTrue();
    }

    @Test
    void theEnvironmentsKeysAreThePoolOthersAreRetiredAndComeBackWhenListedAgain() {
        List<String> ids = addKeys(KEY_A, KEY_B, KEY_C);
        assertThat(f.pool.retainOnly(List.of(KEY_A, KEY_C))).extracting(SunoKey::id).containsExactly(ids.get(1));
        assertThat(f.pool.find(ids.get(1)).orElseThrow().status()).isEqualTo(SunoKey.Status.disabled);
        assertThat(f.pool.retainOnly(List.of(KEY_A, KEY_C))).as("retired once").isEmpty();
        long logged = f.database.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM execution_log WHERE message LIKE 'Suno key retired%'").mapTo(Long.class).one());
        assertThat(logged).isEqualTo(1);
        f.pool.retainOnly(List.of(KEY_A, KEY_B, KEY_C));
        assertThat(f.pool.find(ids.get(1)).orElseThrow().status()).isEqualTo(SunoKey.Status.active);
    }

    @Test
    void transientErrorsAreLeftToTheCallerToRetry() {
        addKeys(KEY_A, KEY_B);
        f.pool.refreshCredits(f.pool.all().get(0).id(), 100);
        f.pool.refreshCredits(f.pool.all().get(1).id(), 100);
        f.stub.inject(Api.SUNO, Fault.SUNO_MAINTENANCE_455, 1);
        assertThatThrownBy(() -> f.submit(REQUEST)).isInstanceOf(TransientProviderException.class);
        assertThat(f.pool.all()).allSatisfy(k -> assertThat(k.status()).isEqualTo(SunoKey.Status.active));
    }

    @Test
    void pollsWithTheKeyThatCreatedTheTask() {
        addKeys(KEY_A, KEY_B);
        SunoSubmission submission = f.submit(REQUEST);
        f.stub.setPollsUntilSuccess(0);
        SunoTask task = f.gateway.poll(submission.taskId(), submission.keyId());
        assertThat(task.status()).isEqualTo(SunoTask.Status.COMPLETE);
        List<String> seen = f.stub.sunoKeysSeen();
        assertThat(seen.get(seen.size() - 1)).isEqualTo(f.pool.secret(submission.keyId()));
    }

    /** Done-when of the providers issue: Suno keys never appear in clear in logs, execution_log, exceptions or output. */
    @Test
    void sunoKeysNeverAppearInClear() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        StringWriter exceptions = new StringWriter();
        System.setOut(capture);
        System.setErr(capture);
        try {
            addKeys(KEY_A, KEY_B, KEY_C);
            for (Fault fault : List.of(Fault.SUNO_KEY_RATE_LIMITED_430, Fault.OUT_OF_CREDIT, Fault.UNAUTHORIZED,
                    Fault.SERVER_ERROR, Fault.TIMEOUT, Fault.MALFORMED_BODY, Fault.RATE_LIMITED)) {
                f.clock.advance(Duration.ofMinutes(2)); // every key usable again before each scenario
                f.pool.all().forEach(k -> {
                    f.pool.setEnabled(k.id(), true);
                    f.pool.refreshCredits(k.id(), 100);
                });
                f.stub.inject(Api.SUNO, fault, 1);
                try {
                    SunoSubmission s = f.submit(REQUEST);
                    f.gateway.poll(s.taskId(), s.keyId());
                } catch (RuntimeException e) {
                    e.printStackTrace(new PrintWriter(exceptions));
                    exceptions.append(e.toString());
                }
            }
            f.pool.all().forEach(k -> exceptions.append(k.toString()));
            f.clock.advance(Duration.ofMinutes(2)); // cool-downs over
            f.pool.refreshCredits(f.pool.all().get(0).id(), 100);
            exceptions.append(f.pool.select().toString());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String tables = f.database.jdbi().withHandle(h ->
                h.createQuery("SELECT * FROM execution_log").mapToMap().list().toString()
                        + h.createQuery("SELECT id, label, key_last4, key_fingerprint, status, last_error FROM suno_api_key")
                        .mapToMap().list());
        for (String secret : List.of(KEY_A, KEY_B, KEY_C)) {
            assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain(secret);
            assertThat(exceptions.toString()).doesNotContain(secret);
            assertThat(tables).doesNotContain(secret);
        }
        assertThat(f.pool.all()).extracting(SunoKey::masked).contains("****1111");
        assertThat(exceptions.toString()).as("the scenarios did produce errors to inspect").contains("TransientProviderException", "InvalidResponseException");
    }

    @Test
    void keysFromTheEnvironmentAreImportedOnceAndStoredEncrypted() {
        SunoKeyPool other = new SunoKeyPool(f.database.jdbi(), KeyCipher.fromBase64(KeyCipher.newDataKey()), f.redactor,
                f.executionLog, f.clock, 12);
        List<SunoKey> imported = other.importKeys(List.of(KEY_A, KEY_B));
        assertThat(other.importKeys(List.of(KEY_A, KEY_B))).extracting(SunoKey::id)
                .containsExactlyElementsOf(imported.stream().map(SunoKey::id).toList());
        byte[] stored = f.database.jdbi().withHandle(h -> h.createQuery("SELECT key_ciphertext FROM suno_api_key LIMIT 1")
                .mapTo(byte[].class).one());
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("suno-");
    }
}
