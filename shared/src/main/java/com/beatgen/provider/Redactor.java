package com.beatgen.provider;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/** Replaces every known secret in a text by its masked form, before the text reaches a log, a table or an exception. */
public final class Redactor {

    private final Set<String> secrets = new CopyOnWriteArraySet<>();

    public Redactor(Collection<String> secrets) {
        secrets.forEach(this::add);
    }

    public static Redactor none() {
        return new Redactor(List.of());
    }

    public void add(String secret) {
        if (secret != null && secret.length() >= 8) {
            secrets.add(secret);
        }
    }

    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : secrets) {
            if (result.contains(secret)) {
                result = result.replace(secret, mask(secret));
            }
        }
        return result;
    }

    /** The only form in which a key is ever shown: its last four characters. */
    public static String mask(String secret) {
        return secret == null || secret.length() < 8 ? "****" : "****" + secret.substring(secret.length() - 4);
    }
}
