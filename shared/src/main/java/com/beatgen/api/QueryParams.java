package com.beatgen.api;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict reading of one endpoint's query parameters: an unknown parameter, one given twice, or a malformed value is
 * collected as an error; {@link #validate()} then refuses the request with 400 naming every bad parameter. The rules
 * are those of {@code infrastructure/openapi.yaml}.
 */
public final class QueryParams {

    private static final Pattern NUMERIC_OFFSET = Pattern.compile("([+-])([01]\\d|2[0-3]):([0-5]\\d)$");

    public static final int MAX_TAGS = 20;
    private static final Instant EARLIEST = Instant.parse("1000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

    private final Map<String, List<String>> query;
    private final Set<String> allowed;
    private final List<Problem.ParameterError> errors = new ArrayList<>();

    public QueryParams(ApiRequest request, Set<String> allowed) {
        this.query = request.query();
        this.allowed = allowed;
        query.keySet().stream().filter(name -> !allowed.contains(name)).sorted()
                .forEach(name -> error(name, "unknown parameter; allowed: " + String.join(", ", new java.util.TreeSet<>(allowed))));
    }

    /** A text value of 1 to {@code maxLength} characters, compared as given (the database ignores case). */
    public Optional<String> text(String name, int maxLength) {
        return single(name).filter(value -> {
            int length = value.codePointCount(0, value.length());
            if (length == 0 || length > maxLength) {
                error(name, "must be 1 to " + maxLength + " characters");
                return false;
            }
            return true;
        });
    }

    /** Comma-separated tags, spaces around each ignored; empty items are an error; at most {@value #MAX_TAGS}. */
    public List<String> tags(String name) {
        Optional<String> raw = single(name);
        if (raw.isEmpty()) {
            return List.of();
        }
        if (raw.get().codePointCount(0, raw.get().length()) > 1000) {
            error(name, "must be at most 1000 characters");
            return List.of();
        }
        String[] items = raw.get().split(",", -1);
        if (items.length > MAX_TAGS) {
            error(name, "must name at most " + MAX_TAGS + " tags");
            return List.of();
        }
        Set<String> tags = new LinkedHashSet<>();
        for (String item : items) {
            String tag = stripSpaces(item);
            if (tag.isEmpty()) {
                error(name, "must be comma-separated tags without empty items");
                return List.of();
            }
            tags.add(tag);
        }
        return List.copyOf(tags);
    }

    public int integer(String name, int fallback, int min, int max) {
        Optional<String> raw = single(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        String digits = raw.get().startsWith("+") ? raw.get().substring(1) : raw.get();
        long value = DIGITS.matcher(digits).matches() ? Long.parseLong(digits) : -1;
        if (value < min || value > max) {
            error(name, "must be a whole number from " + min + " to " + max);
            return fallback;
        }
        return (int) value;
    }

    public boolean bool(String name, boolean fallback) {
        Optional<String> raw = single(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        return switch (raw.get()) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                error(name, "must be true or false");
                yield fallback;
            }
        };
    }

    public Optional<String> oneOf(String name, List<String> values) {
        return single(name).filter(value -> {
            if (!values.contains(value)) {
                error(name, "must be one of " + String.join(", ", values));
                return false;
            }
            return true;
        });
    }

    /**
     * The 1-based page and its size (default 20, at most 100), counted from the start or, where the endpoint allows
     * {@code cursor}, from just after the cursor.
     */
    public Page page() {
        Page numbered = numberedPage();
        Optional<String> rawCursor = allowed.contains("cursor") ? single("cursor") : Optional.empty();
        Cursor after = rawCursor.flatMap(Cursor::decode).orElse(null);
        if (rawCursor.isPresent() && after == null) {
            error("cursor", "must be a nextCursor from an earlier answer (<epoch millis>~<id>)");
        }
        return new Page(numbered.page(), numbered.pageSize(), after);
    }

    /** The page and its size only (a list whose cursor is not a {@link Cursor} reads it itself). */
    public Page numberedPage() {
        return new Page(integer("page", 1, 1, Page.MAX_PAGE), integer("pageSize", Page.DEFAULT_SIZE, 1, Page.MAX_SIZE));
    }

    /**
     * An RFC 3339 date-time with an offset, e.g. {@code 2026-03-14T09:00:00Z}. Every such time is valid (the document
     * says so): one before the year 1000 or after 9999, outside what MySQL's DATETIME holds, is taken as that bound,
     * which a range filter treats the same.
     */
    public Optional<Instant> instant(String name) {
        return single(name).flatMap(value -> {
            try {
                Instant instant = rfc3339(value);
                return Optional.of(instant.isBefore(EARLIEST) ? EARLIEST : instant.isAfter(LATEST) ? LATEST : instant);
            } catch (DateTimeParseException e) {
                error(name, "must be a date-time such as 2026-03-14T09:00:00Z");
                return Optional.empty();
            }
        });
    }

    /**
     * An RFC 3339 date-time. Its numeric offsets go to ±23:59, Java's to ±18:00 (schemathesis found {@code +21:35}
     * refused), so a numeric offset is applied here.
     */
    private static Instant rfc3339(String value) {
        Matcher offset = NUMERIC_OFFSET.matcher(value);
        if (!offset.find()) {
            return OffsetDateTime.parse(value).toInstant();
        }
        int seconds = Integer.parseInt(offset.group(2)) * 3600 + Integer.parseInt(offset.group(3)) * 60;
        return LocalDateTime.parse(value.substring(0, offset.start())).toInstant(ZoneOffset.UTC)
                .minusSeconds(offset.group(1).equals("-") ? -seconds : seconds);
    }

    /** @throws ApiException 400 with every error collected so far */
    public void validate() {
        if (!errors.isEmpty()) {
            throw new ApiException(Problem.badRequest(errors));
        }
    }

    private Optional<String> single(String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            error(name, "must be given at most once");
            return Optional.empty();
        }
        return Optional.of(values.get(0));
    }

    private void error(String name, String message) {
        errors.add(new Problem.ParameterError(name, message));
    }

    private static String stripSpaces(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == ' ') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(start, end);
    }
}
