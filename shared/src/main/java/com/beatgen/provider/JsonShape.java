package com.beatgen.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks a model's JSON answer against the schema we asked for: the subset both Gemini's {@code responseSchema} and
 * OpenAI's strict {@code json_schema} use (object, array, string, integer, number, boolean; properties, required,
 * items, enum, maxItems, maxLength). Hand-written because a full JSON Schema library is several jars for five rules.
 */
public final class JsonShape {

    private JsonShape() {
    }

    /** Every violation, each with its JSON path; empty when the value fits. */
    public static List<String> violations(JsonNode value, JsonNode schema) {
        List<String> problems = new ArrayList<>();
        check(value, schema, "$", problems);
        return problems;
    }

    private static void check(JsonNode value, JsonNode schema, String path, List<String> problems) {
        String type = schema.path("type").asText("").toLowerCase(Locale.ROOT);
        if (value == null || value.isMissingNode() || value.isNull()) {
            problems.add(path + " is missing");
            return;
        }
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    problems.add(path + " must be an object");
                    return;
                }
                schema.path("required").forEach(name -> {
                    if (!value.hasNonNull(name.asText())) {
                        problems.add(path + "." + name.asText() + " is missing");
                    }
                });
                schema.path("properties").fields().forEachRemaining(property -> {
                    JsonNode child = value.get(property.getKey());
                    if (child != null && !child.isNull()) {
                        check(child, property.getValue(), path + "." + property.getKey(), problems);
                    }
                });
            }
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(path + " must be an array");
                    return;
                }
                int maxItems = schema.path("maxItems").asInt(Integer.MAX_VALUE);
                if (value.size() > maxItems) {
                    problems.add(path + " has " + value.size() + " items, at most " + maxItems + " allowed");
                }
                for (int i = 0; i < value.size(); i++) {
                    check(value.get(i), schema.path("items"), path + "[" + i + "]", problems);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(path + " must be a string");
                    return;
                }
                if (value.asText().isBlank()) {
                    problems.add(path + " is empty");
                }
                int maxLength = schema.path("maxLength").asInt(Integer.MAX_VALUE);
                if (value.asText().length() > maxLength) {
                    problems.add(path + " is longer than " + maxLength + " characters");
                }
                if (schema.has("enum")) {
                    boolean allowed = false;
                    for (JsonNode option : schema.get("enum")) {
                        allowed |= option.asText().equals(value.asText());
                    }
                    if (!allowed) {
                        problems.add(path + " is not one of " + schema.get("enum"));
                    }
                }
            }
            case "integer" -> {
                if (!value.canConvertToExactIntegral()) {
                    problems.add(path + " must be an integer");
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    problems.add(path + " must be a number");
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(path + " must be a boolean");
                }
            }
            default -> {
                // no type given: anything goes
            }
        }
    }
}
