package com.beatgen.testkit.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A home under /tmp (JUnit's temp dir): the server's security, its data across restarts and an orphan's clean-up. */
class EmbeddedMariaDbTest {

    @TempDir
    Path home;

    @Test
    void aHomeKeepsItsDataAndPasswordAndTheServerIsLocalWithGrantsAndWithoutTls() throws Exception {
        String password;
        try (EmbeddedMariaDb db = EmbeddedMariaDb.start(home)) {
            String url = db.createDatabase("kept");
            password = db.password();
            try (Connection c = DriverManager.getConnection(url, db.user(), password); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (v INT)");
                s.execute("INSERT INTO t VALUES (42)");
                assertThat(single(s, "SHOW VARIABLES LIKE 'have_ssl'")).isEqualTo("DISABLED");
                assertThat(single(s, "SELECT @@bind_address")).isEqualTo("127.0.0.1");
                assertThat(single(s, "SELECT @@skip_grant_tables")).isEqualTo("0");
                assertThat(single(s, "SELECT COUNT(*) FROM mysql.user WHERE user = '' OR (user = 'root' AND host <> 'localhost')"))
                        .isEqualTo("0");
            }
            assertThatThrownBy(() -> DriverManager.getConnection(url, db.user(), "wrong")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(url, "root", "")).isInstanceOf(SQLException.class);
            Optional<InetAddress> other = otherAddress();
            if (other.isPresent()) {
                try (Socket socket = new Socket()) {
                    assertThatThrownBy(() -> socket.connect(new InetSocketAddress(other.get(), db.port()), 1000))
                            .as("not listening on " + other.get()).isInstanceOf(java.io.IOException.class);
                }
            }
        }
        assertThat(Files.getPosixFilePermissions(home.resolve("mariadb-password")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(EmbeddedMariaDb.storedPassword(home)).contains(password);
        try (EmbeddedMariaDb again = EmbeddedMariaDb.start(home);
             Connection c = DriverManager.getConnection(again.createDatabase("kept"), again.user(), again.password());
             Statement s = c.createStatement()) {
            assertThat(again.password()).isEqualTo(password);
            assertThat(single(s, "SELECT v FROM t")).isEqualTo("42");
        }
    }

    @Test
    void aServerLeftRunningByAKilledProcessIsStoppedBeforeTheNextStarts() throws Exception {
        EmbeddedMariaDb orphan = EmbeddedMariaDb.start(home);   // never closed: as if its JVM had been killed
        long pid = orphan.pid();
        try (EmbeddedMariaDb next = EmbeddedMariaDb.start(home);
             Connection c = DriverManager.getConnection(next.createDatabase("after"), next.user(), next.password())) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(next.pid()).isNotEqualTo(pid);
            assertThat(c.isValid(2)).isTrue();
        }
        orphan.close();   // its process is gone already
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(rs.getMetaData().getColumnCount());
        }
    }

    /** An IPv4 address of this machine other than loopback, if it has one. */
    private static Optional<InetAddress> otherAddress() throws Exception {
        return NetworkInterface.networkInterfaces().filter(n -> {
                    try {
                        return n.isUp() && !n.isLoopback();
                    } catch (java.net.SocketException e) {
                        return false;
                    }
                }).flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address).findFirst();
    }
}
