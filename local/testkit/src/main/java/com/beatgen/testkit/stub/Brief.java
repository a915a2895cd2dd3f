package com.beatgen.testkit.stub;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a request says about the beat, read the way a model would: the {@code Genre:}, {@code Style:} and {@code Mood:}
 * lines the pipeline sends, the tempo ({@code 100 BPM}), the key ({@code in A minor}) and the instruments named in the
 * base prompt. The stub's answers follow it, so a bossa nova template gets a bossa nova prompt at its own tempo.
 */
record Brief(String genre, String style, String mood, Integer bpm, String key, List<String> instruments) {

    private static final Pattern LINE = Pattern.compile("(?im)^\\s*(genre|style|mood)\\s*:\\s*(.+?)\\s*$");
    private static final Pattern BPM = Pattern.compile("(?i)\\b(\\d{2,3})\\s*bpm\\b");
    private static final Pattern KEY = Pattern.compile("\\b([A-G][#b]?\\s(?:major|minor))\\b");
    private static final String INSTRUMENTS = "piano|keys|rhodes|guitars?|bass|808s?|drums?|kicks?|snares?|hi-hats?|hats|"
            + "strings|pads?|synths?|stabs|brass|horns?|flute|sax(?:ophone)?|bells|marimba|percussion|claps|snaps|organ|"
            + "choir|violins?|cello|trumpets?|shakers?|congas|bongos|vibraphone|harp|sitar|kalimba|plucks?|arpeggios?";
    /** An instrument with one word before it and a second noun after ("warm synth bass", "swing drum machine"). */
    private static final Pattern INSTRUMENT = Pattern.compile("(?i)\\b((?:[a-z0-9'-]+\\s)?(?:" + INSTRUMENTS + ")"
            + "(?:\\s(?:" + INSTRUMENTS + "|machine|kit|loop|line|chords|melody))?)\\b");
    private static final Set<String> NOT_INSTRUMENT_START = Set.of("and", "with", "a", "an", "the", "of", "in", "at");

    /** The brief of {@code text}; empty when it names no genre (a request that is not about a template). */
    static Optional<Brief> of(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String genre = null;
        String style = null;
        String mood = null;
        Matcher line = LINE.matcher(text);
        while (line.find()) {
            switch (line.group(1).toLowerCase(Locale.ROOT)) {
                case "genre" -> genre = line.group(2);
                case "style" -> style = line.group(2);
                default -> mood = line.group(2);
            }
        }
        if (genre == null) {
            return Optional.empty();
        }
        Matcher bpm = BPM.matcher(text);
        Integer tempo = bpm.find() ? Integer.valueOf(bpm.group(1)) : null;
        Matcher key = KEY.matcher(text);
        return Optional.of(new Brief(genre, style, mood, tempo, key.find() ? key.group(1) : null, instruments(text)));
    }

    /** The tempo named in {@code text} ({@code 100 BPM}), if any. */
    static Optional<Integer> bpm(String text) {
        Matcher bpm = BPM.matcher(text == null ? "" : text);
        return bpm.find() ? Optional.of(Integer.valueOf(bpm.group(1))) : Optional.empty();
    }

    /** The instruments named in {@code text}, each with up to two words before it ("warm synth bass"), in order. */
    private static List<String> instruments(String text) {
        Set<String> found = new LinkedHashSet<>();
        Matcher m = INSTRUMENT.matcher(text);
        while (m.find() && found.size() < 6) {
            List<String> words = new ArrayList<>(List.of(m.group(1).toLowerCase(Locale.ROOT).split("\\s+")));
            while (words.size() > 1 && NOT_INSTRUMENT_START.contains(words.get(0))) {
                words.remove(0);
            }
            found.add(String.join(" ", words));
        }
        return List.copyOf(found);
    }
}
