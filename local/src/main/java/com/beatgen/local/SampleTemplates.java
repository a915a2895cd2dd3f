package com.beatgen.local;

import com.beatgen.catalog.BeatTemplate;
import com.beatgen.catalog.Slugs;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Generates realistic-looking, distinct templates for benchmarks; the same seed gives the same templates. */
final class SampleTemplates {

    private static final List<String> GENRES = List.of("Lo-fi Hip Hop", "Trap", "Boom Bap", "Deep House", "Techno",
            "Drum and Bass", "Ambient", "Synthwave", "Afrobeats", "Reggaeton", "R&B", "Jazz Hop", "Drill", "Phonk",
            "Chillwave", "Future Bass", "Bossa Nova", "Cinematic", "Dancehall", "City Pop");
    private static final List<String> STYLES = List.of("Dusty vinyl", "Punchy 808s", "Warm tape", "Glitchy", "Orchestral",
            "Minimal", "Analog synths", "Live drums", "Chopped soul samples", "Retro 80s", "Sidechained pads", "Swung hats");
    private static final List<String> MOODS = List.of("Chill", "Dark", "Uplifting", "Melancholic", "Energetic", "Dreamy",
            "Aggressive", "Romantic", "Mysterious", "Nostalgic", "Hopeful", "Tense");
    private static final List<String> USE_CASES = List.of("Study playlist", "Workout", "Podcast intro", "Game soundtrack",
            "Vlog background", "Meditation", "Club set", "Film trailer", "Coding session", "Late-night drive");
    private static final List<String> INSTRUMENTS = List.of("Rhodes", "Piano", "Saxophone", "Guitar", "Strings",
            "Synth Pads", "Flute", "Kalimba", "Bass", "Choir", "Marimba", "Trumpet");
    private static final List<String> KEYS = List.of("C minor", "D minor", "E minor", "F major", "G major", "A minor",
            "B♭ major", "F♯ minor");
    private static final List<String> TAGS = List.of("lofi", "chill", "study", "808", "dark", "vinyl", "jazzy", "summer",
            "night", "cinematic", "retro", "groovy", "ambient", "workout", "focus", "sad", "happy", "epic", "warm", "minimal");

    private SampleTemplates() {
    }

    static List<BeatTemplate> generate(int count, long seed) {
        Random random = new Random(seed);
        List<BeatTemplate> templates = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            String genre = pick(random, GENRES);
            String style = pick(random, STYLES);
            String mood = pick(random, MOODS);
            String useCase = pick(random, USE_CASES);
            String instrument = pick(random, INSTRUMENTS);
            String categoryName = mood + " " + instrument + " " + genre + " " + i; // the number keeps names distinct
            Set<String> tags = new LinkedHashSet<>();
            int tagCount = 2 + random.nextInt(4);
            while (tags.size() < tagCount) {
                tags.add(pick(random, TAGS));
            }
            String prompt = mood + " " + genre + " beat at " + (70 + random.nextInt(90)) + " BPM in " + pick(random, KEYS)
                    + ", lead " + instrument.toLowerCase() + ", " + style.toLowerCase() + ", made for "
                    + useCase.toLowerCase() + ".";
            templates.add(new BeatTemplate(Slugs.slug(categoryName), categoryName, genre, style, mood, useCase,
                    List.copyOf(tags), prompt));
        }
        return templates;
    }

    /** The same templates with the prompt of the one at {@code index} changed. */
    static List<BeatTemplate> withOneChanged(List<BeatTemplate> templates, int index) {
        List<BeatTemplate> changed = new ArrayList<>(templates);
        BeatTemplate t = changed.get(index);
        changed.set(index, new BeatTemplate(t.id(), t.categoryName(), t.genre(), t.style(), t.mood(), t.useCase(), t.tags(),
                t.basePrompt() + " Extra swing on the hi-hats."));
        return changed;
    }

    private static String pick(Random random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }
}
