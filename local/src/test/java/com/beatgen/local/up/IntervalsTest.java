package com.beatgen.local.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.beatgen.config.ConfigException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IntervalsTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "15m | PT15M", "2s | PT2S", "1h | PT1H", "1500ms | PT1.5S", "1d | PT24H", " 30s  | PT30S",
            "PT15M | PT15M", "pt90s | PT1M30S", "rate(15 minutes) | PT15M", "rate(1 minute) | PT1M", "rate(2 hours) | PT2H"})
    void readsShortFormsIsoDurationsAndEventBridgeRates(String text, String expected) {
        assertThat(Intervals.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fifteen minutes", "15", "-5m", "*/15 * * * *", "500ms", "0s", "rate(0 minutes)"})
    void refusesAnythingElseOrShorterThanASecond(String text) {
        assertThatThrownBy(() -> Intervals.parse(text)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("BEAT_GENERATION_INTERVAL");
    }

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource({"PT15M, 15m", "PT2S, 2s", "PT1H30M, 1h30m", "PT24H, 1d"})
    void formatsForLogLines(String duration, String text) {
        assertThat(Intervals.format(Duration.parse(duration))).isEqualTo(text);
    }
}
