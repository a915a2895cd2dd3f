package com.beatgen.local;

import com.beatgen.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One process at a time owns a {@code BEATGEN_HOME}: the one that runs its embedded database. The lock is an OS file
 * lock on {@code <home>/lock}, so it goes away with its process, also after {@code kill -9}. The owner describes itself
 * in {@code <home>/holder.json}: its pid and command, and, once its database is up, the database's port and whether
 * other commands may use it while it runs ({@code up} and {@code serve} let them: a {@code run}, {@code check},
 * {@code summary} or {@code seed} on the same home joins their database instead of starting a second one).
 */
final class HomeLock implements AutoCloseable {

    /** Who holds a home: {@code databasePort} null until its database is up; {@code shared} when others may join. */
    record Holder(long pid, String command, Integer databasePort, boolean shared) {

        String describe() {
            return "process " + pid + " (" + command + ")";
        }
    }

    /** Homes this JVM holds: asking again must not open (and close) a second channel, which would drop the OS lock. */
    private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path home;
    private final FileChannel channel;
    private final FileLock lock;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private HomeLock(Path home, FileChannel channel, FileLock lock) {
        this.home = home;
        this.channel = channel;
        this.lock = lock;
    }

    /** The home's lock, or empty when another process holds it (see {@link #holder}). Never waits. */
    static Optional<HomeLock> tryAcquire(Path home) {
        if (HELD.contains(home)) {
            return Optional.empty();   // held by this very process (tests run several commands in one JVM)
        }
        try {
            Files.createDirectories(home);
            FileChannel channel = FileChannel.open(home.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;   // held by this very process (tests run several commands in one JVM)
            }
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            HELD.add(home);
            HomeLock homeLock = new HomeLock(home, channel, lock);
            homeLock.describe(null, false);
            return Optional.of(homeLock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the holder of {@code home} wrote about itself; empty if it has not yet. */
    static Optional<Holder> holder(Path home) {
        Path file = home.resolve("holder.json");
        try {
            return Files.isRegularFile(file) ? Optional.of(Json.MAPPER.readValue(file.toFile(), Holder.class)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();   // being written: the holder is starting
        }
    }

    /** Records the running database's port; {@code shared}: other commands may use it. */
    void publish(int databasePort, boolean shared) {
        describe(databasePort, shared);
    }

    private void describe(Integer databasePort, boolean shared) {
        Holder holder = new Holder(ProcessHandle.current().pid(), command(), databasePort, shared);
        try {
            Path temporary = home.resolve("holder.json.tmp");
            Files.writeString(temporary, Json.write(holder));
            Files.move(temporary, home.resolve("holder.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This process's command line as the user typed it: {@code beatgen up --port 3000}. */
    private static String command() {
        String java = System.getProperty("sun.java.command", "");
        String[] words = java.split(" ", 2);
        return words.length > 1 && words[0].endsWith(".jar") ? "beatgen " + words[1]
                : words[0].endsWith(".jar") ? "beatgen" : "java " + java;
    }

    /** Releases the home; a second call does nothing (the stack and the command may both close it). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        HELD.remove(home);
        try {
            Files.deleteIfExists(home.resolve("holder.json"));
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
