package com.beatgen.catalog;

import java.util.Locale;
import java.util.Optional;

/** The catalog's columns, found by header name (case, spaces and punctuation ignored: "Use Case" = "usecase"). */
public enum Column {
    CATEGORY_NAME("Category Name", true, 150),
    GENRE("Genre", true, 100),
    STYLE("Style", true, 100),
    MOOD("Mood", true, 100),
    USE_CASE("Use Case", true, 100),
    TAGS("Tags", false, 2_000),
    PROMPT("Prompt", true, 4_000);

    /** Longest single tag; matches beat_tag.tag. */
    public static final int MAX_TAG_LENGTH = 64;
    public static final int MAX_TAGS = 30;

    private final String header;
    private final boolean required;
    private final int maxLength;

    Column(String header, boolean required, int maxLength) {
        this.header = header;
        this.required = required;
        this.maxLength = maxLength;
    }

    public String header() {
        return header;
    }

    public boolean required() {
        return required;
    }

    public int maxLength() {
        return maxLength;
    }

    public static Optional<Column> forHeader(String text) {
        String key = normalize(text);
        if (key.equals("baseprompt")) {
            return Optional.of(PROMPT);
        }
        for (Column column : values()) {
            if (normalize(column.header).equals(key)) {
                return Optional.of(column);
            }
        }
        return Optional.empty();
    }

    private static String normalize(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
