package com.beatgen.api;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A position in a newest-first list: the last item's creation time and id. Clients get it as {@code nextCursor} and send
 * it back as {@code cursor} ({@code <epoch millis>~<id>}, to be treated as opaque); it leads to a keyset condition
 * ({@code created_at < t OR (created_at = t AND id < id)}), which costs the same on page 1 and page 50,000. Any text of
 * that form is a valid position, even one no item has.
 */
public record Cursor(Instant createdAt, String id) {

    /** The form, as the OpenAPI document's pattern: millis up to 14 digits keep the time inside DATETIME's range. */
    public static final String PATTERN = "^[0-9]{1,14}~[0-9A-Za-z-]{1,64}$";
    private static final Pattern FORM = Pattern.compile(PATTERN);

    public String encode() {
        return createdAt.toEpochMilli() + "~" + id;
    }

    /** The cursor {@code text} stands for, or empty when it is not of the form. */
    public static Optional<Cursor> decode(String text) {
        if (!FORM.matcher(text).matches()) {
            return Optional.empty();
        }
        int tilde = text.indexOf('~');
        return Optional.of(new Cursor(Instant.ofEpochMilli(Long.parseLong(text.substring(0, tilde))), text.substring(tilde + 1)));
    }
}
