package com.beatgen.testkit.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LoopbackPortsTest {

    @Test
    void aPortIsBindableOnLoopbackAndBelowTheKernelsEphemeralRange() throws IOException {
        int port = LoopbackPorts.free();
        assertThat(port).isBetween(LoopbackPorts.FIRST, LoopbackPorts.END - 1);
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        if (Files.isReadable(range)) {
            assertThat(port).isLessThan(Integer.parseInt(Files.readAllLines(range).get(0).strip().split("\\s+")[0]));
        }
        try (ServerSocket server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(server.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void aPortInUseOrTakenIsNotHandedOut() throws IOException {
        try (ServerSocket held = new ServerSocket(LoopbackPorts.free(), 1, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 200; i++) {
                assertThat(LoopbackPorts.free(held.getLocalPort())).isNotEqualTo(held.getLocalPort());
            }
        }
    }
}
