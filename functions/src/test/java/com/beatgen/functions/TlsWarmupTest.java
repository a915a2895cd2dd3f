package com.beatgen.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class TlsWarmupTest {

    @Test
    void writesAClientHelloRecordForNobody() {
        ByteBuffer record = TlsWarmup.clientHello();

        assertThat(record.remaining()).as("a record header and a handshake message").isGreaterThan(5 + 4);
        assertThat(record.get(0)).as("content type: handshake").isEqualTo((byte) 22);
        assertThat(record.get(1)).as("record version 3.x").isEqualTo((byte) 3);
        assertThat(((record.get(3) & 0xff) << 8) | (record.get(4) & 0xff)).as("the record's length").isEqualTo(record.remaining() - 5);
        assertThat(record.get(5)).as("handshake type: ClientHello").isEqualTo((byte) 1);
    }
}
