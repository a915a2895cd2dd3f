package com.beatgen.provider;

import com.beatgen.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Reading providers' JSON: unreadable answers become {@link InvalidResponseException}, schema misfits too. */
public final class ProviderJson {

    private ProviderJson() {
    }

    public static JsonNode parse(Provider provider, String text, String what) {
        try {
            JsonNode node = text == null ? null : Json.MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new InvalidResponseException(provider, what + " is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidResponseException(provider, what + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The parsed body, or an empty object when it is not JSON (error bodies are read for hints only). */
    public static JsonNode parseQuietly(String text) {
        try {
            JsonNode node = text == null ? null : Json.MAPPER.readTree(text);
            return node == null ? Json.MAPPER.createObjectNode() : node;
        } catch (JsonProcessingException e) {
            return Json.MAPPER.createObjectNode();
        }
    }

    /** Parses a model's JSON answer and checks it against the schema that was asked for. */
    public static JsonNode parseMatching(Provider provider, String text, JsonNode schema) {
        JsonNode value = parse(provider, text, "answer text");
        List<String> problems = JsonShape.violations(value, schema);
        if (!problems.isEmpty()) {
            throw new InvalidResponseException(provider, "answer does not match the schema: " + String.join("; ", problems));
        }
        return value;
    }
}
