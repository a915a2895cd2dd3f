package com.beatgen.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Template ids: lowercase ASCII slugs of the category name, diacritics transliterated ("Đêm Buồn Piano" → dem-buon-piano),
 * compatibility characters folded (NFKD: "Ⅻ" → xii, "㎒" → mhz). An id is at most {@value #MAX_LENGTH} characters,
 * the width of {@code beat_template.id}: a longer slug (150 × "ß" is 300 letters) keeps its first part and ends in 8
 * hex digits of the SHA-256 of the whole slug, so it stays deterministic and distinct.
 */
public final class Slugs {

    /** {@code beat_template.id VARCHAR(160)}; slugs are ASCII, so characters and bytes agree. */
    public static final int MAX_LENGTH = 160;
    private static final int HASH_LENGTH = 8;

    /** Letters that Unicode decomposition does not reduce to ASCII. */
    private static final Map<Character, String> LETTERS = Map.ofEntries(
            Map.entry('Đ', "D"), Map.entry('đ', "d"), Map.entry('Ð', "D"), Map.entry('ð', "d"),
            Map.entry('ß', "ss"), Map.entry('Æ', "AE"), Map.entry('æ', "ae"), Map.entry('Œ', "OE"),
            Map.entry('œ', "oe"), Map.entry('Ø', "O"), Map.entry('ø', "o"), Map.entry('Ł', "L"),
            Map.entry('ł', "l"), Map.entry('Þ', "TH"), Map.entry('þ', "th"), Map.entry('ı', "i"),
            Map.entry('Ħ', "H"), Map.entry('ħ', "h"));
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SEPARATORS = Pattern.compile("[^a-z0-9]+");
    private static final Pattern EDGES = Pattern.compile("^-+|-+$");

    private Slugs() {
    }

    /** The slug of {@code text}; empty when it has no letters or digits that map to ASCII. */
    public static String slug(String text) {
        StringBuilder mapped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            String replacement = LETTERS.get(c);
            if (replacement == null) {
                mapped.append(c);
            } else {
                mapped.append(replacement);
            }
        }
        String ascii = MARKS.matcher(Normalizer.normalize(mapped, Normalizer.Form.NFKD)).replaceAll("");
        String dashed = SEPARATORS.matcher(ascii.toLowerCase(Locale.ROOT)).replaceAll("-");
        return bounded(EDGES.matcher(dashed).replaceAll(""));
    }

    private static String bounded(String slug) {
        if (slug.length() <= MAX_LENGTH) {
            return slug;
        }
        String head = EDGES.matcher(slug.substring(0, MAX_LENGTH - HASH_LENGTH - 1)).replaceAll("");
        return head + "-" + sha256(slug).substring(0, HASH_LENGTH);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
