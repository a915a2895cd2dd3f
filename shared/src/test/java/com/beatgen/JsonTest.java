package com.beatgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    record Stamped(Instant at, LocalDate day) {
    }

    @Test
    void javaTimeIsWrittenAndReadAsIsoStringsWithoutModuleDiscovery() throws Exception {
        Stamped stamped = new Stamped(Instant.parse("2026-12-02T05:00:00.250Z"), LocalDate.of(2026, 12, 2));

        String json = Json.write(stamped);

        assertThat(json).isEqualTo("{\"at\":\"2026-12-02T05:00:00.250Z\",\"day\":\"2026-12-02\"}");
        assertThat(Json.MAPPER.readValue(json, Stamped.class)).isEqualTo(stamped);
        assertThat(Json.MAPPER.getRegisteredModuleIds()).as("named, not discovered").containsExactly("jackson-datatype-jsr310");
    }

    @Test
    void unknownPropertiesAreIgnored() throws Exception {
        assertThat(Json.MAPPER.readValue("{\"a\":1,\"new\":true}", Map.class)).containsEntry("a", 1);
        record OnlyA(int a) {
        }
        assertThat(Json.MAPPER.readValue("{\"a\":1,\"new\":true}", OnlyA.class)).isEqualTo(new OnlyA(1));
    }
}
