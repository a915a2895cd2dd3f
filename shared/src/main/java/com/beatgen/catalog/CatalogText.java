package com.beatgen.catalog;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * The Unicode policy for catalog values (docs/unicode.md): values are stored NFC; lengths are counted in code points,
 * as MySQL counts {@code VARCHAR(n)}; characters that cannot be seen (format characters such as U+200B ZERO WIDTH
 * SPACE and the bidi controls, C0/C1 controls, line and paragraph separators, private-use characters and the
 * invisible fillers) are refused, except where an emoji needs them: U+200D ZERO WIDTH JOINER between two emoji
 * (👩‍💻, ❤️‍🔥) and the tag characters of a subdivision flag after 🏴.
 */
public final class CatalogText {

    /** A character a value may not contain, at its 1-based position in code points. */
    public record Forbidden(int position, int codePoint) {
        public String describe() {
            String name = Character.getName(codePoint);
            return String.format(Locale.ROOT, "U+%04X%s at character %d", codePoint, name == null ? "" : " (" + name + ")", position);
        }
    }

    private static final int ZERO_WIDTH_JOINER = 0x200D;
    private static final int VARIATION_SELECTOR_16 = 0xFE0F;
    private static final int BLACK_FLAG = 0x1F3F4;
    private static final int CANCEL_TAG = 0xE007F;

    private CatalogText() {
    }

    /** NFC: canonically equivalent spellings (é as one character or e + U+0301) become the same string. */
    public static String normalize(String value) {
        return Normalizer.normalize(value, Normalizer.Form.NFC);
    }

    /** The length MySQL and MariaDB count for {@code VARCHAR(n)} in utf8mb4: code points, not UTF-16 units. */
    public static int length(String value) {
        return value.codePointCount(0, value.length());
    }

    /** The first character the policy refuses; tab and line breaks only where {@code multiline}. */
    public static Optional<Forbidden> forbidden(String value, boolean multiline) {
        int[] cps = value.codePoints().toArray();
        boolean inFlagTags = false;
        for (int i = 0; i < cps.length; i++) {
            int cp = cps[i];
            if (cp == BLACK_FLAG) {
                inFlagTags = true;
                continue;
            }
            if (inFlagTags && cp >= 0xE0020 && cp <= CANCEL_TAG) {
                inFlagTags = cp != CANCEL_TAG;
                continue;
            }
            inFlagTags = false;
            if (cp == ZERO_WIDTH_JOINER && i > 0 && i + 1 < cps.length && joinsEmoji(cps[i - 1]) && isEmoji(cps[i + 1])) {
                continue;
            }
            if (multiline && (cp == '\n' || cp == '\r' || cp == '\t')) {
                continue;
            }
            if (invisible(cp)) {
                return Optional.of(new Forbidden(i + 1, cp));
            }
        }
        return Optional.empty();
    }

    private static boolean invisible(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.PRIVATE_USE, Character.SURROGATE -> true;
            // Hangul fillers and the combining grapheme joiner: letters/marks by category, but shown as nothing
            default -> cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || cp == 0x034F;
        };
    }

    private static boolean isEmoji(int cp) {
        return Character.getType(cp) == Character.OTHER_SYMBOL;
    }

    /** What may stand before a joiner in an emoji sequence: an emoji, its presentation selector or a skin tone. */
    private static boolean joinsEmoji(int cp) {
        return isEmoji(cp) || cp == VARIATION_SELECTOR_16 || (cp >= 0x1F3FB && cp <= 0x1F3FF);
    }
}
