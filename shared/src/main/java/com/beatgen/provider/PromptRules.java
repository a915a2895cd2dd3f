package com.beatgen.provider;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keeps what we send to Suno acceptable: no artist names (Suno refuses "type beat" prompts that name artists),
 * always instrumental, within Suno's limits (style ≤ 1000, title ≤ 100 characters). The same rule is given to the
 * language models as an instruction.
 */
public final class PromptRules {

    public static final int MAX_STYLE = 1000;
    public static final int MAX_TITLE = 100;
    public static final String MODEL_INSTRUCTION = "Never name artists, bands, producers, labels or songs: describe the "
            + "sound instead (tempo, instruments, texture, mood). The beat is always instrumental: no vocals, no lyrics.";

    private static final Pattern ORPHANS = Pattern.compile(
            "(?i)\\b(in the style of|inspired by|sounds like|similar to|a la|à la)\\s*(?=[,.;]|$)|\\btype beat\\b");
    private static final Pattern SPACE_BEFORE_PUNCTUATION = Pattern.compile("[ \\t]+([,;:.])");
    private static final Pattern SPACES = Pattern.compile("[ \\t]{2,}");
    private static final Pattern EMPTY_LIST_ITEMS = Pattern.compile("\\s*([,;])(\\s*[,;])+");
    private static final Pattern EDGES = Pattern.compile("^[\\s,;:.-]+|[\\s,;:-]+$");

    private final Pattern artists;

    public PromptRules(List<String> artistNames) {
        String alternatives = artistNames.stream()
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .sorted(Comparator.comparingInt(String::length).reversed()) // longest first: "Kanye West" before "Kanye"
                .map(Pattern::quote)
                .collect(Collectors.joining("|"));
        this.artists = alternatives.isEmpty() ? null
                : Pattern.compile("(?iu)(?<![\\p{L}\\p{N}])(" + alternatives + ")(?![\\p{L}\\p{N}])('s)?");
    }

    /** The built-in deny-list plus {@code extra} (e.g. from {@code ARTIST_DENYLIST}). */
    public static PromptRules withDefaults(List<String> extra) {
        List<String> names = new ArrayList<>(extra);
        try (InputStream in = PromptRules.class.getResourceAsStream("/prompt/artist-denylist.txt");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            reader.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(names::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PromptRules(names);
    }

    /** Removes artist names and the phrases that only made sense with them. */
    public String clean(String text) {
        String result = artists == null ? text : artists.matcher(text).replaceAll("");
        result = ORPHANS.matcher(result).replaceAll("");
        result = EMPTY_LIST_ITEMS.matcher(result).replaceAll("$1");
        result = SPACE_BEFORE_PUNCTUATION.matcher(result).replaceAll("$1");
        result = SPACES.matcher(result).replaceAll(" ");
        return EDGES.matcher(result.strip()).replaceAll("");
    }

    /** Suno's style: cleaned, marked instrumental, at most 1000 characters (cut at a word boundary). */
    public String style(String prompt) {
        String cleaned = clean(prompt);
        String style = cleaned.toLowerCase().contains("instrumental") ? cleaned : cleaned + ", instrumental";
        return cut(style, MAX_STYLE);
    }

    /** Suno's title: one line, cleaned, at most 100 characters. */
    public String title(String name) {
        return cut(clean(name.replaceAll("[\\r\\n]+", " ")), MAX_TITLE);
    }

    private static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int space = text.lastIndexOf(' ', max);
        return (space > max / 2 ? text.substring(0, space) : text.substring(0, max)).strip();
    }
}
