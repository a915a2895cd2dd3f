package com.beatgen.config;

import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Typed reads of environment variables, with messages that name the variable. Every read can be observed
 * ({@link #observed}): the template test uses that to derive each function's variables from its wiring.
 */
public final class Env {

    /** How a variable was read: {@code REQUIRED} fails when it is missing, {@code OPTIONAL} has a default. */
    public enum Read { REQUIRED, OPTIONAL }

    private static final BiConsumer<String, Read> IGNORE = (name, read) -> { };

    private final Map<String, String> values;
    private final BiConsumer<String, Read> observer;

    public Env(Map<String, String> values) {
        this(values, IGNORE);
    }

    private Env(Map<String, String> values, BiConsumer<String, Read> observer) {
        this.values = Map.copyOf(values.entrySet().stream().filter(e -> e.getKey() != null && e.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        this.observer = observer;
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    /** The same values; every read is also reported to {@code observer}. */
    public Env observed(BiConsumer<String, Read> observer) {
        return new Env(values, observer);
    }

    /** Reports a read the caller made through another path (a secret read as {@code NAME} or {@code NAME_SECRET_ID}). */
    public void note(String name, Read read) {
        observer.accept(name, read);
    }

    public Map<String, String> values() {
        return values;
    }

    public Optional<String> optional(String name) {
        observer.accept(name, Read.OPTIONAL);
        return value(name);
    }

    public String required(String name) {
        observer.accept(name, Read.REQUIRED);
        return value(name).orElseThrow(() -> new ConfigException(name + " is not set"));
    }

    public String string(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    public int integer(String name, int fallback, int min, int max) {
        return (int) longValue(name, fallback, min, max);
    }

    public long longValue(String name, long fallback, long min, long max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(raw.get());
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number, was '" + raw.get() + "'");
        }
        if (value < min || value > max) {
            throw new ConfigException(name + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /** A copy with {@code name} set (the secret resolution fills values it fetched). */
    public Env with(String name, String value) {
        Map<String, String> copy = new java.util.HashMap<>(values);
        copy.put(name, value);
        return new Env(copy, observer);
    }

    private Optional<String> value(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    @Override
    public String toString() {
        return "Env[" + values.size() + " variables]"; // values may be secrets
    }
}
