package com.beatgen.local.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder in front of a server (the test database), so a test can take the server away the way a network
 * partition or a restart does for its clients: {@link #cut()} resets every open connection and refuses new ones,
 * {@link #restore()} accepts again on the same port. The server itself (shared by the test JVM) is never touched.
 */
final class TcpOutage implements AutoCloseable {

    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;

    TcpOutage(int targetPort) {
        this.targetPort = targetPort;
        this.listener = listen(0);
        this.port = listener.getLocalPort();
    }

    int port() {
        return port;
    }

    /** Every open connection reset, new ones refused, until {@link #restore()}. */
    synchronized void cut() {
        closeQuietly(listener);
        listener = null;
        open.forEach(TcpOutage::reset);
        open.clear();
    }

    synchronized void restore() {
        if (listener == null) {
            listener = listen(port);
        }
    }

    @Override
    public void close() {
        cut();
    }

    private ServerSocket listen(int onPort) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
            Thread acceptor = new Thread(() -> accept(server), "tcp-outage-accept-" + server.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                // the listener was closed by cut(), or the server refused: the client sees a reset
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away
            } finally {
                reset(from);
                reset(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tcp-outage-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    /** Closes with RST rather than FIN, as a crashed server's host does. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // closing is best effort
        }
    }
}
