package com.beatgen.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A requested page (1-based) and the body of a paged answer: items, page, pageSize, total. */
public record Page(int page, int pageSize) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;
    public static final int MAX_PAGE = 1_000_000;

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
}
