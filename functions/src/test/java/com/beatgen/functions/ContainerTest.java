package com.beatgen.functions;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.beatgen.config.DatabaseConfig;
import com.beatgen.config.Env;
import com.beatgen.db.Database;
import com.beatgen.db.TestDatabase;
import com.beatgen.storage.S3Clients;
import com.beatgen.wiring.Components;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SnapStart's hooks on a function's container, on the real database: built, primed, closed; built again after. */
class ContainerTest {

    private static DatabaseConfig config;
    private final List<Components> built = new ArrayList<>();

    @BeforeAll
    static void database() {
        config = TestDatabase.freshConfig();
    }

    private Components components() {
        Components components = new Components(new Env(Map.of()), Clock.systemUTC(), id -> null, Database.connect(config));
        built.add(components);
        return components;
    }

    @Test
    void beforeTheSnapshotTheFunctionIsBuiltPrimedOnItsDatabaseAndClosed() {
        List<Components> primed = new ArrayList<>();
        PerContainer<Database> container = PerContainer.owning(this::components, Components::database, components -> {
            Priming.steps(components);
            primed.add(components);
        });

        container.beforeCheckpoint(null);

        assertThat(built).hasSize(1);
        assertThat(primed).containsExactly(built.get(0));
        assertThatThrownBy(() -> Priming.database(built.get(0)))
                .as("no open connection is left in the snapshot").isInstanceOf(RuntimeException.class);
        Database restored = container.get();
        assertThat(built).as("built again on first use after the restore").hasSize(2);
        assertThat((int) restored.jdbi().<Integer, RuntimeException>withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one())).isEqualTo(1);
    }

    @Test
    void theHooksAreRegisteredOnlyWhenASnapshotMayFollowTheInit() {
        assertThat(PerContainer.snapshotMayFollow("snap-start")).isTrue();
        assertThat(PerContainer.snapshotMayFollow(null)).as("not in Lambda: the primed benchmark runs the hooks").isTrue();
        assertThat(PerContainer.snapshotMayFollow("on-demand")).isFalse();
        assertThat(PerContainer.snapshotMayFollow("provisioned-concurrency")).isFalse();
    }

    @Test
    void primingBuildsTheProvidersHttpClientOnlyForATaskWhoseWiringCallsAProvider() {
        java.util.Set<String> before = selectorThreads();
        Components database = components();
        Priming.steps(database);
        assertThat(selectorThreads()).as("no provider in the wiring: no HTTP client, built later or never").isSubsetOf(before);

        Components provider = components();
        provider.providerHttp();
        assertThat(selectorThreads()).as("wired, not built: the first call would build it").isSubsetOf(before);
        Priming.steps(provider);
        assertThat(selectorThreads()).as("built before the snapshot (its TLS set-up)").anyMatch(name -> !before.contains(name));
    }

    /** The selector threads of java.net.http's clients (one each, named for the client). */
    private static java.util.Set<String> selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().endsWith("-SelectorManager") && t.isAlive())
                .map(Thread::getName).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void aFailedPrimingDoesNotFailTheSnapshotAndTheFunctionStillWorks() {
        PerContainer<Database> container = PerContainer.owning(this::components, Components::database, components -> {
            throw new IllegalStateException("database unreachable while publishing");
        });

        container.beforeCheckpoint(null);

        assertThat((int) container.get().jdbi().<Integer, RuntimeException>withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one())).isEqualTo(1);
    }

    @Test
    void storeAudioPrimesOneRequestToTheBeatsBucketAndTakesTheExpected404() throws Exception {
        List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer s3 = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s3.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        s3.start();
        Env env = new Env(Map.of(S3Clients.ENDPOINT, "http://127.0.0.1:" + s3.getAddress().getPort(), S3Clients.BEATS_BUCKET, "beats",
                "AWS_REGION", "us-east-1"));
        try (Components components = new Components(env, Clock.systemUTC(), id -> null, Database.connect(config))) {
            Priming.storage(components);
        } finally {
            s3.stop(0);
        }

        assertThat(requests).containsExactly("HEAD /beats/snapstart-priming");
    }
}
