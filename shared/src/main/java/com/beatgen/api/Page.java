package com.beatgen.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A requested page and the body of a paged answer: items, page, pageSize, total (and nextCursor where the list has
 * cursors). Pages are numbered from 1 (at most {@value #MAX_PAGE}, so OFFSET stays under 10,000 rows), counted from the
 * start of the list or, given a {@link Cursor} ({@code after}), from just after it.
 */
public record Page(int page, int pageSize, Cursor after) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;
    public static final int MAX_PAGE = 100;

    public Page(int page, int pageSize) {
        this(page, pageSize, null);
    }

    public long offset() {
        return (long) (page - 1) * pageSize;
    }

    public Map<String, Object> body(List<?> items, long total) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("page", page);
        body.put("pageSize", pageSize);
        body.put("total", total);
        return body;
    }

    /** The body of a list with cursors; {@code next} is null on the last page. */
    public Map<String, Object> body(List<?> items, long total, Cursor next) {
        Map<String, Object> body = body(items, total);
        body.put("nextCursor", next == null ? null : next.encode());
        return body;
    }
}
