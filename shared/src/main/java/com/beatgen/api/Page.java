package com.beatgen.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A requested page and the body of a paged answer: items, page, pageSize, total, totalExact and nextCursor. Pages are
 * numbered from 1 (at most {@value #MAX_PAGE}, so OFFSET stays under 10,000 rows), counted from the start of the list
 * or, given a {@link Cursor} ({@code after}), from just after it.
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

    /**
     * The body of a paged answer.
     *
     * @param totalExact false when {@code total} is a lower bound (a count stopped at its bound)
     * @param next       the cursor of the next page; null on the last page
     */
    public Map<String, Object> body(List<?> items, long total, boolean totalExact, String next) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("page", page);
        body.put("pageSize", pageSize);
        body.put("total", total);
        body.put("totalExact", totalExact);
        body.put("nextCursor", next);
        return body;
    }
}
