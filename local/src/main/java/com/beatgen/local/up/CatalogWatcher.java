package com.beatgen.local.up;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches one file by polling its modification time and size (every {@code poll}, 250 ms by default) instead of
 * {@link java.nio.file.WatchService}, which some file systems serve late or never (macOS polls every 10 s; network
 * and container mounts miss events). A change is delivered once the file has kept the same time and size for
 * {@code quiet} (an editor's partial writes are not delivered) and only when its content differs from the last one
 * delivered (SHA-256). {@link #start()} delivers the content found at start.
 */
public final class CatalogWatcher implements AutoCloseable {

    /** What the watcher reports besides content: a missing or unreadable file. */
    public interface Listener {
        void changed(byte[] content);

        void unreadable(String reason);
    }

    private record Stamp(long modifiedNanos, long size) {
    }

    private final Path file;
    private final Duration poll;
    private final Duration quiet;
    private final Listener listener;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "catalog-watcher");
        thread.setDaemon(true);
        return thread;
    });
    private Stamp seen;
    private long seenSinceNanos;
    private Stamp delivered;
    private byte[] deliveredHash;
    private String unreadable;

    public CatalogWatcher(Path file, Duration poll, Duration quiet, Listener listener) {
        this.file = file;
        this.poll = poll;
        this.quiet = quiet;
        this.listener = listener;
    }

    public static CatalogWatcher of(Path file, Listener listener) {
        return new CatalogWatcher(file, Duration.ofMillis(250), Duration.ofMillis(300), listener);
    }

    /** Delivers the current content (in this thread), then polls. */
    public CatalogWatcher start() {
        check(true);
        timer.scheduleWithFixedDelay(() -> check(false), poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private synchronized void check(boolean now) {
        try {
            Stamp stamp = stamp();
            long clock = System.nanoTime();
            if (!stamp.equals(seen)) {
                seen = stamp;
                seenSinceNanos = clock;
                if (!now) {
                    return; // wait until it has been quiet
                }
            }
            if (stamp.equals(delivered) || (!now && clock - seenSinceNanos < quiet.toNanos())) {
                return;
            }
            byte[] content = Files.readAllBytes(file);
            if (!stamp().equals(stamp)) {
                return; // written while it was read: the next poll sees the new stamp
            }
            delivered = stamp;
            byte[] hash = sha256(content);
            if (!Arrays.equals(hash, deliveredHash)) {
                listener.changed(content); // if it throws, the same content is delivered again after the next quiet period
                deliveredHash = hash;
            }
            unreadable = null;
        } catch (NoSuchFileException e) {
            report("no such file");
        } catch (IOException e) {
            report(e.getMessage());
        } catch (RuntimeException e) {
            report("the listener failed: " + e);
        }
    }

    private void report(String reason) {
        seen = null; // read and deliver again once the file has been quiet
        delivered = null;
        if (!reason.equals(unreadable)) { // reported once per cause, not at every poll
            unreadable = reason;
            listener.unreadable(reason);
        }
    }

    private Stamp stamp() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new Stamp(attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS), attributes.size());
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
