package com.beatgen.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The WHERE clause of a filtered list: fixed SQL fragments written in this package (never input) joined by AND,
 * every value bound as a parameter.
 */
final class Where {

    private final List<String> clauses = new ArrayList<>();
    private final Map<String, Object> binds = new LinkedHashMap<>();

    /** {@code column = :name} when the value is given; the columns' collation makes it case-insensitive. */
    Where equal(String column, String name, Optional<?> value) {
        value.ifPresent(v -> add(column + " = :" + name, name, v));
        return this;
    }

    Where add(String clause, String name, Object value) {
        clauses.add(clause);
        binds.put(name, value);
        return this;
    }

    /** A clause without parameters. */
    Where add(String clause) {
        clauses.add(clause);
        return this;
    }

    /** Binds one more value used by a clause already added. */
    Where bind(String name, Object value) {
        binds.put(name, value);
        return this;
    }

    /**
     * Every tag must be present: one semi-join per tag through the {@code (tag, id)} index of the tag table. Not
     * {@code IN (…) HAVING COUNT(*) = n}: two given tags that the collation treats as equal ("cafe", "Café") would
     * make that count wrong.
     */
    Where allTags(String idColumn, String tagTable, String tagIdColumn, List<String> tags) {
        for (int i = 0; i < tags.size(); i++) {
            add(idColumn + " IN (SELECT tt.%s FROM %s tt WHERE tt.tag = :tag%d)".formatted(tagIdColumn, tagTable, i),
                    "tag" + i, tags.get(i));
        }
        return this;
    }

    String sql() {
        return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
    }

    Map<String, Object> binds() {
        return binds;
    }
}
