package com.beatgen.api;

import static com.beatgen.api.ApiFixture.get;
import static com.beatgen.api.ApiFixture.ids;
import static com.beatgen.api.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 17: the API's filters tell emoji apart (🔥 is not 💩, "Dark 🔥" is not "Dark 😈") on the local database,
 * through the column collations of V8, while letter case and accents are still ignored as before.
 */
class ApiEmojiFiltersTest {

    @RegisterExtension
    static final ApiFixture fixture = new ApiFixture();
    private static ApiFixture.Api api;

    @BeforeAll
    static void start() {
        api = fixture.service();
        Instant now = fixture.clock.instant();
        fixture.insert(List.of(
                new ApiFixture.Beat("fire", "Fire", "Trap 🔥", "Hard", "Dark 🔥", List.of("🔥", "night"), now, false),
                new ApiFixture.Beat("poo", "Poo", "Trap 💩", "Hard", "Dark 😈", List.of("💩", "night"), now.minusSeconds(1), false),
                new ApiFixture.Beat("lofi", "Lofi", "Lo-fi", "Café", "Chill", List.of("LoFi"), now.minusSeconds(2), false)));
        fixture.template("Trap 🔥", "Hard", "Dark 🔥", true);
        fixture.template("Trap 💩", "Hard", "Dark 😈", true);
    }

    private static JsonNode list(String path, String parameter, String value) {
        return json(api.handle(get(path + "?" + parameter + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8))));
    }

    @Test
    void tagsDistinguishEmoji() {
        JsonNode poo = list("/api/beats", "tags", "💩");
        assertThat(ids(poo.get("items"))).containsExactly("poo");
        assertThat(poo.get("total").asInt()).as("the facet count of 💩 is its own").isEqualTo(1);
        assertThat(ids(list("/api/beats", "tags", "🔥").get("items"))).containsExactly("fire");
        assertThat(ids(list("/api/beats", "tags", "😈").get("items"))).isEmpty();
        assertThat(ids(json(api.handle(get("/api/beats?tags=night," + URLEncoder.encode("🔥", StandardCharsets.UTF_8)))).get("items")))
                .containsExactly("fire");
    }

    @Test
    void moodGenreAndStyleDistinguishEmoji() {
        assertThat(ids(list("/api/beats", "mood", "Dark 🔥").get("items"))).containsExactly("fire");
        assertThat(ids(list("/api/beats", "mood", "Dark 😈").get("items"))).containsExactly("poo");
        assertThat(list("/api/beats", "mood", "Dark 😈").get("total").asInt()).isEqualTo(1);
        assertThat(ids(list("/api/beats", "genre", "Trap 💩").get("items"))).containsExactly("poo");
        assertThat(ids(list("/api/beats", "genre", "Trap 🎵").get("items"))).isEmpty();
    }

    @Test
    void caseAndAccentsAreStillIgnored() {
        assertThat(ids(list("/api/beats", "tags", "lofi").get("items"))).containsExactly("lofi");
        assertThat(ids(list("/api/beats", "style", "cafe").get("items"))).containsExactly("lofi");
        assertThat(ids(list("/api/beats", "genre", "LO-FI").get("items"))).containsExactly("lofi");
    }

    @Test
    void templateFiltersDistinguishEmoji() {
        JsonNode fire = list("/api/templates", "mood", "Dark 🔥");
        assertThat(fire.get("items")).hasSize(1);
        assertThat(fire.get("items").get(0).get("genre").asText()).isEqualTo("Trap 🔥");
        assertThat(list("/api/templates", "genre", "Trap 💩").get("items")).hasSize(1);
    }
}
