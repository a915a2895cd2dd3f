package com.beatgen.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.beatgen.config.Env;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Audio links are signed for the beats bucket only: the API function's role can read no other. */
class AudioLinksTest {

    private static final S3Presigner PRESIGNER = Presigners.fromEnv(new Env(Map.of("S3_ENDPOINT_URL", "http://localhost:9000")));
    private final AudioLinks links = new AudioLinks(PRESIGNER, "beats", Duration.ofMinutes(10), Clock.systemUTC());

    @AfterAll
    static void close() {
        PRESIGNER.close();
    }

    @Test
    void signsAnObjectOfTheBeatsBucketForItsLifetime() {
        String url = links.url("s3://beats/beats/2026-12-01/job-1.mp3");

        assertThat(url).startsWith("http://localhost:9000/beats/beats/2026-12-01/job-1.mp3?")
                .contains("X-Amz-Expires=600", "X-Amz-Signature=");
    }

    @Test
    void refusesAnObjectOfAnotherBucket() {
        assertThatThrownBy(() -> links.url("s3://other-bucket/beats/job-1.mp3"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("outside the beats bucket beats");
    }

    @Test
    void leavesOtherUrlsAsTheyAre() {
        assertThat(links.url("https://cdn.example.com/a.mp3")).isEqualTo("https://cdn.example.com/a.mp3");
        assertThat(links.url(null)).isNull();
    }
}
