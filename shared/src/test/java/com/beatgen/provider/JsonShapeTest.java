package com.beatgen.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class JsonShapeTest {

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void acceptsAnswersThatFitGeminiAndOpenAiSchemas() throws Exception {
        JsonNode gemini = json("""
                {"type":"OBJECT","properties":{"name":{"type":"STRING"},"tags":{"type":"ARRAY","items":{"type":"STRING"},"maxItems":3}},
                 "required":["name","tags"]}""");
        assertThat(JsonShape.violations(json("{\"name\":\"Neon Rain\",\"tags\":[\"synth\",\"night\"]}"), gemini)).isEmpty();
        JsonNode openai = json("""
                {"type":"object","properties":{"n":{"type":"integer"},"ok":{"type":"boolean"},"mood":{"type":"string","enum":["dark","bright"]}},
                 "required":["n","ok","mood"],"additionalProperties":false}""");
        assertThat(JsonShape.violations(json("{\"n\":3,\"ok\":true,\"mood\":\"dark\"}"), openai)).isEmpty();
    }

    @Test
    void namesEveryViolationWithItsPath() throws Exception {
        JsonNode schema = json("""
                {"type":"OBJECT","properties":{"name":{"type":"STRING","maxLength":5},"tags":{"type":"ARRAY","items":{"type":"STRING"},"maxItems":1},
                 "mood":{"type":"STRING","enum":["dark"]}},"required":["name","tags","mood","missing"]}""");
        assertThat(JsonShape.violations(json("{\"name\":\"toolong\",\"tags\":[\"a\",2],\"mood\":\"happy\"}"), schema))
                .containsExactlyInAnyOrder("$.missing is missing", "$.name is longer than 5 characters",
                        "$.tags has 2 items, at most 1 allowed", "$.tags[1] must be a string", "$.mood is not one of [\"dark\"]");
        assertThat(JsonShape.violations(json("[]"), schema)).containsExactly("$ must be an object");
        assertThat(JsonShape.violations(json("{\"name\":\" \",\"tags\":[],\"mood\":\"dark\",\"missing\":1}"), schema))
                .containsExactly("$.name is empty");
    }
}
