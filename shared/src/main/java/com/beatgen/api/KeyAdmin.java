package com.beatgen.api;

import com.beatgen.Json;
import com.beatgen.keys.SunoKey;
import com.beatgen.keys.SunoKeyPool;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/** The admin key routes on the {@link SunoKeyPool}; keys leave only masked. */
public final class KeyAdmin {

    private static final Pattern KEY = Pattern.compile("[!-~]{8,512}");

    private final SunoKeyPool pool;
    private final ToIntFunction<String> creditRefresh;

    /** @param creditRefresh reads a key's credits from Suno and stores them ({@code SunoGateway::refreshCredits}) */
    public KeyAdmin(SunoKeyPool pool, ToIntFunction<String> creditRefresh) {
        this.pool = pool;
        this.creditRefresh = creditRefresh;
    }

    public Map<String, Object> list() {
        return Map.of("items", pool.all().stream().map(KeyAdmin::json).toList());
    }

    /** Body {@code {"label": …, "key": …}}; a key already in the pool is returned unchanged. */
    public Map<String, Object> add(String body) {
        JsonNode node = object(body, Set.of("label", "key"));
        List<Problem.ParameterError> errors = new ArrayList<>();
        JsonNode label = node.get("label");
        JsonNode key = node.get("key");
        if (label == null || !label.isTextual() || label.asText().isEmpty()
                || label.asText().codePointCount(0, label.asText().length()) > 100) {
            errors.add(new Problem.ParameterError("label", "must be a string of 1 to 100 characters"));
        }
        if (key == null || !key.isTextual() || !KEY.matcher(key.asText()).matches()) {
            errors.add(new Problem.ParameterError("key", "must be a string of 8 to 512 printable ASCII characters without spaces"));
        }
        if (!errors.isEmpty()) {
            throw new ApiException(Problem.badRequest(errors));
        }
        return json(pool.add(label.asText(), key.asText()));
    }

    public Map<String, Object> refresh(String id) {
        find(id);
        creditRefresh.applyAsInt(id);
        return json(find(id));
    }

    /** Body {@code {"enabled": true|false}}. */
    public Map<String, Object> update(String id, String body) {
        JsonNode node = object(body, Set.of("enabled"));
        JsonNode enabled = node.get("enabled");
        if (enabled == null || !enabled.isBoolean()) {
            throw new ApiException(Problem.badRequest("enabled", "must be true or false"));
        }
        find(id);
        pool.setEnabled(id, enabled.booleanValue());
        return json(find(id));
    }

    private SunoKey find(String id) {
        return pool.find(id).orElseThrow(() -> ApiException.notFound("Key " + id));
    }

    /** The request body as a JSON object with only {@code allowed} members, else a 400 naming what is wrong. */
    static JsonNode object(String body, Set<String> allowed) {
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? null : Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiException(Problem.badRequest("body", "must be a JSON object"));
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(Problem.badRequest("body", "must be a JSON object"));
        }
        List<Problem.ParameterError> errors = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                errors.add(new Problem.ParameterError(name, "unknown property; allowed: " + String.join(", ", new java.util.TreeSet<>(allowed))));
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiException(Problem.badRequest(errors));
        }
        return node;
    }

    static Map<String, Object> json(SunoKey key) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", key.id());
        json.put("label", key.label());
        json.put("masked", key.masked());
        json.put("status", key.status().name());
        json.put("quotaRemaining", key.quotaRemaining());
        json.put("creditsCheckedAt", Rows.iso(key.creditsCheckedAt()));
        json.put("cooldownUntil", Rows.iso(key.cooldownUntil()));
        json.put("lastUsed", Rows.iso(key.lastUsed()));
        json.put("lastError", key.lastError());
        return json;
    }
}
