package com.beatgen.testkit.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for a server another process will bind (the embedded MariaDB, the Lambda emulator). Not port 0: the kernel
 * hands those out from its ephemeral range (Linux: 32768 and up), the range outgoing connections take theirs from, so
 * one of ours (to the database, to the stub) could take the port between this check and the other process's bind,
 * which then fails with "address already in use". Below that range only another explicit bind can collide.
 */
public final class LoopbackPorts {

    static final int FIRST = 20_000;
    static final int END = 32_000;

    private LoopbackPorts() {
    }

    /** A port free on 127.0.0.1 now, in [{@value #FIRST}, {@value #END}), and none of {@code taken}. */
    public static int free(int... taken) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, END);
            if (Arrays.stream(taken).anyMatch(t -> t == port)) {
                continue;
            }
            try (ServerSocket ignored = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (BindException e) {
                // in use: another one
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("No free loopback port in [" + FIRST + ", " + END + ") after 100 tries");
    }
}
