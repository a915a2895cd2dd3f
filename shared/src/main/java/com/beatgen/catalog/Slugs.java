package com.beatgen.catalog;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Template ids: lowercase ASCII slugs of the category name, diacritics transliterated ("Đêm Buồn Piano" → dem-buon-piano). */
public final class Slugs {

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
        return EDGES.matcher(dashed).replaceAll("");
    }
}
