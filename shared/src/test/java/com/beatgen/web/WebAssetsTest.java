package com.beatgen.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.beatgen.api.ApiResponse;
import com.beatgen.config.ConfigException;
import com.beatgen.config.Env;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebAssetsTest {

    private final WebAssets local = WebAssets.fromEnv(new Env(Map.of()));

    @Test
    void thePageIsToldWhereItAndTheApiAre() {
        ApiResponse local = this.local.page(Optional.empty());
        assertThat(local.status()).isEqualTo(200);
        assertThat(local.headers()).containsEntry("Content-Type", "text/html; charset=utf-8").containsEntry("Cache-Control", "no-cache");
        assertThat(local.body()).contains("<base href=\"/\">", "<meta name=\"beatgen-api\" content=\"/api\">")
                .doesNotContain("%BASE_PATH%", "%API_URL%");

        ApiResponse stage = WebAssets.fromEnv(new Env(Map.of(WebAssets.BASE_PATH, "/Prod/",
                WebAssets.API_URL, "https://api.example.com/v1\"><script>"))).page(Optional.empty());
        assertThat(stage.body()).contains("<base href=\"/Prod/\">",
                "content=\"https://api.example.com/v1&quot;&gt;&lt;script&gt;\"");
        assertThat(stage.headers().get("ETag")).isNotEqualTo(local.headers().get("ETag"));
    }

    @Test
    void everyFileTheHtmlOrAScriptNamesIsServedWithACacheLifetime() {
        String page = local.page(Optional.empty()).body();
        for (String file : WebAssets.FILES) {
            ApiResponse response = local.file(file, Optional.empty());
            assertThat(response.status()).as(file).isEqualTo(200);
            assertThat(response.headers().get("Cache-Control")).isEqualTo("public, max-age=" + WebAssets.ASSET_MAX_AGE);
            assertThat(response.headers().get("Content-Type")).startsWith(file.endsWith(".css") ? "text/css" : "text/javascript");
        }
        assertThat(page).contains("web/app.js", "web/app.css");
        assertThat(local.file("app.js", Optional.empty()).body()).contains("from './api.js'");
    }

    @Test
    void aKnownVersionIsNotSentAgain() {
        String etag = local.file("app.css", Optional.empty()).headers().get("ETag");
        ApiResponse again = local.file("app.css", Optional.of("\"other\", " + etag));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers()).containsEntry("ETag", etag).doesNotContainKey("Content-Type");
        assertThat(local.page(Optional.of(etag)).status()).isEqualTo(200);
    }

    @Test
    void otherNamesAreNotFound() {
        for (String name : new String[] {"index.html", "../application.properties", "APP.JS", "nothing.js", ""}) {
            ApiResponse response = local.file(name, Optional.empty());
            assertThat(response.status()).as(name).isEqualTo(404);
            assertThat(response.headers()).containsEntry("Content-Type", "application/problem+json");
        }
    }

    @Test
    void aBasePathMustBeADirectory() {
        assertThatThrownBy(() -> new WebAssets("/Prod", "/Prod/api")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("WEB_BASE_PATH");
    }
}
