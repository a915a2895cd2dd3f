package com.beatgen.local.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogWatcherTest {

    @TempDir
    Path dir;

    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    private CatalogWatcher watch(Path file) {
        return new CatalogWatcher(file, Duration.ofMillis(50), Duration.ofMillis(200), new CatalogWatcher.Listener() {
            @Override
            public void changed(byte[] content) {
                delivered.add(new String(content, StandardCharsets.UTF_8));
            }

            @Override
            public void unreadable(String reason) {
                problems.add(reason);
            }
        });
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void deliversTheContentAtStartThenEachChange() throws Exception {
        Path file = Files.writeString(dir.resolve("beat_catalog.xml"), "first");
        try (CatalogWatcher watcher = watch(file).start()) {
            assertThat(delivered).containsExactly("first");
            long start = System.nanoTime();
            Files.writeString(file, "second, longer");
            waitFor(() -> delivered.size() == 2, Duration.ofSeconds(5));
            assertThat(delivered).containsExactly("first", "second, longer");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void aFileWrittenInPiecesIsDeliveredOnceWhole() throws Exception {
        Path file = Files.writeString(dir.resolve("beat_catalog.xml"), "old");
        try (CatalogWatcher watcher = watch(file).start()) {
            try (OutputStream out = Files.newOutputStream(file)) { // truncates: an editor saving in place
                for (int i = 0; i < 5; i++) {
                    out.write(("part " + i + ";").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(100); // each pause shorter than the quiet period
                }
            }
            waitFor(() -> delivered.size() >= 2, Duration.ofSeconds(5));
            Thread.sleep(500);
        }
        assertThat(delivered).containsExactly("old", "part 0;part 1;part 2;part 3;part 4;");
    }

    @Test
    void touchingWithoutChangingTheContentDeliversNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("beat_catalog.xml"), "same");
        try (CatalogWatcher watcher = watch(file).start()) {
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
            Thread.sleep(600);
        }
        assertThat(delivered).containsExactly("same");
    }

    @Test
    void aMissingFileIsReportedOnceAndItsReturnIsDelivered() throws Exception {
        Path file = dir.resolve("beat_catalog.xml");
        try (CatalogWatcher watcher = watch(file).start()) {
            Thread.sleep(300);
            assertThat(problems).containsExactly("no such file");
            Files.writeString(file, "arrived");
            waitFor(() -> delivered.size() == 1, Duration.ofSeconds(5));
        }
        assertThat(delivered).containsExactly("arrived");
    }

    @Test
    void aFailedDeliveryIsTriedAgain() throws Exception {
        Path file = Files.writeString(dir.resolve("beat_catalog.xml"), "content");
        List<String> attempts = new CopyOnWriteArrayList<>();
        CatalogWatcher.Listener flaky = new CatalogWatcher.Listener() {
            @Override
            public void changed(byte[] content) {
                attempts.add("attempt");
                if (attempts.size() < 3) {
                    throw new IllegalStateException("database down");
                }
            }

            @Override
            public void unreadable(String reason) {
                problems.add(reason);
            }
        };
        try (CatalogWatcher watcher = new CatalogWatcher(file, Duration.ofMillis(50), Duration.ofMillis(100), flaky).start()) {
            waitFor(() -> attempts.size() >= 3, Duration.ofSeconds(5));
            Thread.sleep(400);
        }
        assertThat(attempts).hasSize(3);
        assertThat(problems).containsExactly("the listener failed: java.lang.IllegalStateException: database down");
    }
}
