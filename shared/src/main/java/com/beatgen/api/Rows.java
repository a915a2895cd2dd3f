package com.beatgen.api;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** Column reads and response fragments shared by the API's queries. */
final class Rows {

    private Rows() {
    }

    static Instant instant(ResultSet rs, String column, StatementContext ctx) throws SQLException {
        return ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, column, ctx);
    }

    static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static Double decimal(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column) == null ? null : rs.getDouble(column);
    }

    /**
     * What a beat's list item and its detail both show, from a row of {@code beat} (its {@code id, name, genre, style,
     * mood, use_case, duration_seconds, created_at}); no tags yet, the caller adds them.
     */
    static Map<String, Object> beat(ResultSet rs, StatementContext ctx) throws SQLException {
        Map<String, Object> beat = new LinkedHashMap<>();
        beat.put("id", rs.getString("id"));
        beat.put("name", rs.getString("name"));
        beat.put("genre", rs.getString("genre"));
        beat.put("style", rs.getString("style"));
        beat.put("mood", rs.getString("mood"));
        beat.put("useCase", rs.getString("use_case"));
        beat.put("tags", List.of());
        beat.put("durationSeconds", decimal(rs, "duration_seconds"));
        beat.put("createdAt", iso(instant(rs, "created_at", ctx)));
        return beat;
    }

    /** A job's timings; the duration is completedAt − createdAt. */
    static Map<String, Object> timings(Instant created, Instant submitted, Instant completed) {
        Map<String, Object> timings = new LinkedHashMap<>();
        timings.put("createdAt", iso(created));
        timings.put("submittedAt", iso(submitted));
        timings.put("completedAt", iso(completed));
        timings.put("durationSeconds", completed == null ? null : Duration.between(created, completed).toMillis() / 1000.0);
        return timings;
    }

    /** The tags of many rows in one query: {@code SELECT id, tag FROM table WHERE id IN (…)}. */
    static Map<String, List<String>> tags(Handle h, String table, String idColumn, List<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return h.createQuery("SELECT %s AS owner, tag FROM %s WHERE %s IN (<ids>) ORDER BY tag".formatted(idColumn, table, idColumn))
                .bindList("ids", ids)
                .map((rs, ctx) -> Map.entry(rs.getString("owner"), rs.getString("tag")))
                .stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
    }

    /** The rows {@code byId} in the order of {@code ids} (ids without a row left out), each with its {@code tags}. */
    static List<Map<String, Object>> inOrder(List<String> ids, Map<String, Map<String, Object>> byId, Map<String, List<String>> tags) {
        List<Map<String, Object>> items = new java.util.ArrayList<>(ids.size());
        for (String id : ids) {
            Map<String, Object> row = byId.get(id);
            if (row != null) {
                row.put("tags", tags.getOrDefault(id, List.of()));
                items.add(row);
            }
        }
        return items;
    }
}
