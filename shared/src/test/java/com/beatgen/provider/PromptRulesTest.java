package com.beatgen.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromptRulesTest {

    private final PromptRules rules = PromptRules.withDefaults(List.of("Nova Kid"));

    @Test
    void removesArtistNamesAndThePhrasesThatNeedThem() {
        assertThat(rules.clean("Dark Travis Scott type beat, 140 BPM, in the style of Metro Boomin"))
                .isEqualTo("Dark, 140 BPM");
        assertThat(rules.clean("Moody trap like Drake's late-night tracks")).isEqualTo("Moody trap like late-night tracks");
        assertThat(rules.clean("Lo-fi, Nujabes, jazzy piano")).isEqualTo("Lo-fi, jazzy piano");
        assertThat(rules.clean("nova kid inspired by, 90 BPM")).isEqualTo("90 BPM");
    }

    @Test
    void keepsWordsThatOnlyContainANameAndPrefersTheLongestName() {
        assertThat(rules.clean("Futuregarage groove, no future plans")).isEqualTo("Futuregarage groove, no plans");
        assertThat(rules.clean("Kanye West soul chops")).isEqualTo("soul chops");
        assertThat(rules.clean("Drakestone pads")).isEqualTo("Drakestone pads");
    }

    @Test
    void styleIsInstrumentalAndWithinSunosLimit() {
        assertThat(rules.style("Warm 82 BPM lo-fi")).isEqualTo("Warm 82 BPM lo-fi, instrumental");
        assertThat(rules.style("Instrumental jazz")).isEqualTo("Instrumental jazz");
        String longPrompt = "warm piano chords ".repeat(100);
        assertThat(rules.style(longPrompt)).hasSizeLessThanOrEqualTo(PromptRules.MAX_STYLE).doesNotEndWith(" ");
    }

    @Test
    void titleIsOneShortLine() {
        assertThat(rules.title("Midnight\nDrive")).isEqualTo("Midnight Drive");
        assertThat(rules.title("word ".repeat(40))).hasSizeLessThanOrEqualTo(PromptRules.MAX_TITLE);
        assertThat(rules.title("Drake Type Beat: Neon Rain")).isEqualTo("Neon Rain");
    }
}
