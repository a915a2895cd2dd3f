package com.beatgen.testkit.stub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stub's content follows the template the pipeline describes, and each clip is its own beat at the template's tempo. */
class TemplateFollowingTest {

    private static final String BOSSA = """
            Base prompt: Smooth bossa nova at 120 BPM in D minor with nylon guitar, soft brushed drums and upright bass.
            Genre: Bossa Nova
            Style: Smooth, acoustic
            Mood: Relaxed""";

    @Test
    void aNormalizedPromptKeepsTheTemplatesGenreTempoKeyAndInstruments() throws Exception {
        JsonNode schema = StubJson.MAPPER.readTree("""
                {"type":"object","properties":{"normalizedPrompt":{"type":"string"},
                 "additionalTags":{"type":"array","items":{"type":"string"}}}}""");
        for (int i = 0; i < 20; i++) {
            JsonNode answer = FakeContent.valueFor(schema, BOSSA);
            String prompt = answer.path("normalizedPrompt").asText();
            assertThat(prompt).contains("bossa nova", "120 BPM", "D minor", "relaxed").containsAnyOf("nylon guitar", "upright bass",
                    "brushed drums");
            assertThat(prompt.toLowerCase()).doesNotContain("drill", "trap", "lo-fi");
            List<String> tags = new ArrayList<>();
            answer.path("additionalTags").forEach(tag -> tags.add(tag.asText()));
            assertThat(tags).isNotEmpty().allSatisfy(tag -> assertThat(BOSSA.toLowerCase() + " 120 bpm instrumental").contains(tag));
        }
    }

    @Test
    void aRequestWithoutATemplateStillGetsPlausibleContent() throws Exception {
        JsonNode schema = StubJson.MAPPER.readTree("{\"type\":\"object\",\"properties\":{\"normalizedPrompt\":{\"type\":\"string\"}}}");
        assertThat(FakeContent.valueFor(schema, "chill piano").path("normalizedPrompt").asText()).contains("BPM");
    }

    @Test
    void eachClipIsADistinctDecodableBeatAtItsTempo() throws Exception {
        byte[] first = BeatAudio.mp3(140, 1);
        byte[] second = BeatAudio.mp3(140, 2);
        assertThat(first).isNotEqualTo(second).isEqualTo(BeatAudio.mp3(140, 1));
        assertThat(Mp3.seconds(first)).as("two bars at 140 BPM").isCloseTo(8 * 60.0 / 140, org.assertj.core.data.Offset.offset(0.2));
        assertThat(Mp3.seconds(BeatAudio.mp3(70, 1))).as("two bars at 70 BPM").isCloseTo(8 * 60.0 / 70, org.assertj.core.data.Offset.offset(0.2));
        assertThat(Mp3.seconds(BeatAudio.mp3(50, 1))).as("slower: clamped to 60 BPM, at most 8 s").isCloseTo(8, org.assertj.core.data.Offset.offset(0.2));
        assertThat(Brief.bpm("Smooth bossa nova at 120 BPM")).contains(120);
    }
}
