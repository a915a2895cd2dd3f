package com.beatgen.testkit.stub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plausible, varied music content that satisfies a response schema: Gemini's OpenAPI subset (upper-case types) and
 * OpenAI's JSON Schema (lower-case types, type arrays, {@code $ref} to {@code $defs}). Values are picked at random
 * from word lists; the property name decides what kind of text a string gets. When the request describes a template
 * (a {@link Brief}: genre, style, mood, tempo, instruments), the genre, mood, tempo, instruments and tags come from it.
 */
final class FakeContent {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final List<String> GENRES = List.of("lo-fi hip hop", "trap", "boom bap", "synthwave", "deep house",
            "drill", "afrobeats", "neo soul", "chillhop", "drum and bass", "future bass", "jazz hop", "phonk", "ambient");
    private static final List<String> MOODS = List.of("moody", "uplifting", "dreamy", "dark", "nostalgic", "energetic",
            "melancholic", "laid-back", "hypnotic", "gritty", "euphoric", "warm");
    private static final List<String> INSTRUMENTS = List.of("Rhodes piano", "808 bass", "dusty breakbeat drums",
            "analog synth pads", "muted guitar", "tape-saturated keys", "string stabs", "plucked bass",
            "hand percussion", "brass hits", "a flute loop", "vinyl crackle");
    private static final List<String> ADJECTIVES = List.of("Midnight", "Neon", "Velvet", "Golden", "Hollow",
            "Electric", "Faded", "Crimson", "Silent", "Lunar", "Concrete", "Paper");
    private static final List<String> NOUNS = List.of("Skyline", "Echoes", "Rain", "Circuit", "Horizon", "Drift",
            "Pulse", "Avenue", "Mirage", "Tides", "Embers", "Signals");
    private static final List<String> TIMES = List.of("Dawn", "Dusk", "Midnight", "Sunrise");
    private static final List<String> TAGS = List.of("lofi", "chill", "boom bap", "808", "night drive", "study",
            "vinyl", "jazzy", "dark", "trap", "ambient", "groove", "cinematic", "retro", "mellow", "bass heavy",
            "atmospheric", "instrumental");
    private static final List<String> USES = List.of("late-night studying", "a rooftop sunset", "a rainy commute",
            "gaming sessions", "focused coding", "a workout playlist", "short-form video");
    private static final List<String> KEYS = List.of("A minor", "C major", "F# minor", "D minor", "Eb major",
            "G minor", "Bb minor");
    private static final List<String> SENTENCE_NAMES = List.of("description", "suggestion", "trendanalysis",
            "moodenhancement", "summary", "reason", "rationale", "explanation", "analysis", "notes", "concept");
    private static final Set<String> STOP_WORDS = Set.of("the", "and", "with", "for", "that", "this", "from", "into",
            "please", "make", "create", "normalize", "prompt", "beat", "music", "song", "track", "about", "your", "you",
            "are", "was", "but", "not", "use", "using", "json", "return", "only");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'-]{2,}");

    private final JsonNode root;
    private final List<String> userWords;
    private final Brief brief;

    private FakeContent(JsonNode root, List<String> userWords, Brief brief) {
        this.root = root;
        this.userWords = userWords;
        this.brief = brief;
    }

    /** A value for {@code schema}; {@code userText} lends its words to prompt-like strings, and its brief if any. */
    static JsonNode valueFor(JsonNode schema, String userText) {
        return new FakeContent(schema, words(userText), Brief.of(userText).orElse(null)).value(schema, "");
    }

    /** A plain sentence, for requests without a response schema. */
    static String sentence() {
        return new FakeContent(NODES.objectNode(), List.of(), null).sentence("");
    }

    private String genre() {
        return brief != null ? brief.genre().toLowerCase(Locale.ROOT) : pick(GENRES);
    }

    private String mood() {
        return brief != null && brief.mood() != null ? brief.mood().toLowerCase(Locale.ROOT) : pick(MOODS);
    }

    private String instrument() {
        return brief != null && !brief.instruments().isEmpty() ? pick(brief.instruments()) : pick(INSTRUMENTS);
    }

    /** A sentence whose kind follows the property name: a suggestion, a trend, a mood tip or a description. */
    String sentence(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        String mood = mood();
        String genre = genre();
        if (n.contains("suggestion")) {
            return "Try layering " + instrument() + " under the main loop for a more " + mood + " feel.";
        }
        if (n.contains("trend")) {
            return cap(genre) + " with " + instrument() + " is trending for " + pick(USES) + " right now.";
        }
        if (n.contains("mood")) {
            return "Add " + instrument() + " and a touch of tape saturation to deepen the " + mood
                    + " mood of this " + genre + " groove.";
        }
        return cap(article(mood)) + " " + mood + " " + genre + " beat with " + instrument() + " and "
                + instrument() + ", made for " + pick(USES) + ".";
    }

    static String title() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return switch (r.nextInt(3)) {
            case 0 -> pick(ADJECTIVES) + " " + pick(NOUNS);
            case 1 -> "The " + pick(ADJECTIVES) + " " + pick(NOUNS);
            default -> pick(ADJECTIVES) + " " + pick(NOUNS) + " at " + pick(TIMES);
        };
    }

    /** A one- or two-sentence producer prompt: the brief's genre, tempo and instruments, else words of the user's text. */
    String producerPrompt() {
        if (brief != null) {
            List<String> instruments = brief.instruments().isEmpty() ? List.of(pick(INSTRUMENTS), pick(INSTRUMENTS))
                    : brief.instruments();
            String with = instruments.size() == 1 ? instruments.get(0)
                    : String.join(", ", instruments.subList(0, Math.min(3, instruments.size()) - 1)) + " and "
                    + instruments.get(Math.min(3, instruments.size()) - 1);
            return "Instrumental " + mood() + " " + genre() + " beat at " + (brief.bpm() != null ? brief.bpm() : between(70, 160))
                    + " BPM" + (brief.key() != null ? " in " + brief.key() : "") + " with " + with + "."
                    + (brief.style() != null ? " " + cap(brief.style().toLowerCase(Locale.ROOT)) + " feel, no vocals." : " No vocals.");
        }
        String genre = pick(GENRES);
        String base = "Instrumental " + pick(MOODS) + " " + genre + " beat at " + between(70, 160) + " BPM with "
                + pick(INSTRUMENTS) + " and " + pick(INSTRUMENTS) + ".";
        if (userWords.isEmpty()) {
            return base;
        }
        return base + " Capture the feel of " + String.join(" ", userWords) + ", no vocals.";
    }

    private JsonNode value(JsonNode schema, String name) {
        JsonNode ref = schema.get("$ref");
        if (ref != null && ref.asText().startsWith("#")) {
            return value(root.at(ref.asText().substring(1)), name);
        }
        if (schema.has("const")) {
            return schema.get("const").deepCopy();
        }
        JsonNode choices = schema.has("anyOf") ? schema.get("anyOf") : schema.get("oneOf");
        if (choices != null && choices.isArray() && !choices.isEmpty()) {
            for (JsonNode choice : choices) {
                if (!"null".equalsIgnoreCase(choice.path("type").asText())) {
                    return value(choice, name);
                }
            }
            return NODES.nullNode();
        }
        JsonNode values = schema.get("enum");
        if (values != null && values.isArray() && !values.isEmpty()) {
            return values.get(ThreadLocalRandom.current().nextInt(values.size())).deepCopy();
        }
        return switch (type(schema)) {
            case "object" -> object(schema);
            case "array" -> array(schema, name);
            case "integer" -> NODES.numberNode(brief != null && brief.bpm() != null && isTempo(name) ? brief.bpm()
                    : integer(schema, name));
            case "number" -> NODES.numberNode(number(schema, name));
            case "boolean" -> NODES.booleanNode(ThreadLocalRandom.current().nextBoolean());
            case "null" -> NODES.nullNode();
            default -> NODES.textNode(limit(string(name), schema));
        };
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type != null && type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equalsIgnoreCase(t.asText())) {
                    return t.asText().toLowerCase(Locale.ROOT);
                }
            }
            return "null";
        }
        if (type != null && type.isTextual()) {
            return type.asText().toLowerCase(Locale.ROOT);
        }
        return schema.has("properties") ? "object" : schema.has("items") ? "array" : "string";
    }

    private ObjectNode object(JsonNode schema) {
        ObjectNode object = NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            object.set(property.getKey(), value(property.getValue(), property.getKey()));
        }
        return object;
    }

    private ArrayNode array(JsonNode schema, String name) {
        boolean tags = name.toLowerCase(Locale.ROOT).endsWith("tags");
        int min = schema.path("minItems").asInt(tags ? 3 : 1);
        int max = schema.path("maxItems").asInt(tags ? 6 : Math.max(min, 4));
        int count = Math.max(min, Math.min(max, tags ? between(3, 6) : between(2, 4)));
        JsonNode items = schema.path("items");
        String itemName = tags ? "tag" : name;
        Set<JsonNode> distinct = new LinkedHashSet<>();
        for (int attempt = 0; distinct.size() < count && attempt < count * 10; attempt++) {
            distinct.add(value(items, itemName));   // distinct where the word lists allow
        }
        ArrayNode array = NODES.arrayNode();
        distinct.forEach(array::add);
        while (array.size() < count) {
            array.add(value(items, itemName));
        }
        return array;
    }

    private static long integer(JsonNode schema, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        long[] range = n.contains("bpm") || n.contains("tempo") ? new long[] {70, 160}
                : n.contains("duration") || n.contains("seconds") ? new long[] {30, 180}
                : n.contains("year") ? new long[] {2024, 2026} : new long[] {1, 10};
        long min = schema.has("minimum") ? (long) Math.ceil(schema.get("minimum").asDouble()) : range[0];
        long max = schema.has("maximum") ? (long) Math.floor(schema.get("maximum").asDouble()) : range[1];
        if (max < min) {
            max = schema.has("maximum") ? max : min + (range[1] - range[0]);
            min = Math.min(min, max);
        }
        return ThreadLocalRandom.current().nextLong(min, max + 1);
    }

    private static double number(JsonNode schema, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        boolean tempo = n.contains("bpm") || n.contains("tempo");
        double min = schema.has("minimum") ? schema.get("minimum").asDouble() : tempo ? 70 : 0;
        double max = schema.has("maximum") ? schema.get("maximum").asDouble() : tempo ? 160 : Math.max(1, min + 1);
        double value = min + ThreadLocalRandom.current().nextDouble() * (max - min);
        double rounded = Math.round(value * 100) / 100.0;
        return rounded < min || rounded > max ? value : rounded;
    }

    private String string(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace("_", "");
        if (SENTENCE_NAMES.stream().anyMatch(n::contains)) {
            return sentence(n);
        }
        if (n.contains("prompt")) {
            return producerPrompt();
        }
        if (n.contains("title") || n.equals("name") || n.endsWith("name")) {
            return title();
        }
        if (n.startsWith("tag")) {
            return brief != null ? pick(briefTags()) : pick(TAGS);
        }
        if (n.contains("genre")) {
            return genre();
        }
        if (n.contains("mood")) {
            return mood();
        }
        if (n.contains("instrument")) {
            return instrument();
        }
        if (n.equals("key") || n.contains("musicalkey") || n.contains("scale")) {
            return pick(KEYS);
        }
        if (n.contains("usecase") || n.contains("usage")) {
            return pick(USES);
        }
        if (n.contains("style")) {
            return brief != null && brief.style() != null ? brief.style() : mood() + " " + genre() + ", " + instrument();
        }
        return mood() + " " + genre();
    }

    private static boolean isTempo(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("bpm") || n.contains("tempo");
    }

    /** Tags a model would give the brief's beat: its genre, mood, style words and instruments. */
    private List<String> briefTags() {
        Set<String> tags = new LinkedHashSet<>();
        tags.add(brief.genre().toLowerCase(Locale.ROOT));
        if (brief.mood() != null) {
            tags.add(brief.mood().toLowerCase(Locale.ROOT));
        }
        if (brief.style() != null) {
            for (String part : brief.style().toLowerCase(Locale.ROOT).split("\\s*,\\s*")) {
                if (part.length() >= 3 && part.length() <= 30) {
                    tags.add(part);
                }
            }
        }
        tags.addAll(brief.instruments());
        if (brief.bpm() != null) {
            tags.add(brief.bpm() + " bpm");
        }
        tags.add("instrumental");
        return new ArrayList<>(tags);
    }

    private static String limit(String text, JsonNode schema) {
        int max = schema.path("maxLength").asInt(Integer.MAX_VALUE);
        return text.length() <= max ? text : text.substring(0, max);
    }

    /** The distinct meaningful words of the user's text, at most six. */
    private static List<String> words(String text) {
        Set<String> words = new LinkedHashSet<>();
        Matcher m = WORD.matcher(text == null ? "" : text);
        while (m.find() && words.size() < 6) {
            String word = m.group().toLowerCase(Locale.ROOT);
            if (!STOP_WORDS.contains(word)) {
                words.add(word);
            }
        }
        return new ArrayList<>(words);
    }

    private static String article(String word) {
        return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String pick(List<String> list) {
        return list.get(ThreadLocalRandom.current().nextInt(list.size()));
    }

    private static int between(int min, int max) {
        return ThreadLocalRandom.current().nextInt(min, max + 1);
    }

    /** Writes a value as compact JSON text (what the models put inside their answers). */
    static String text(JsonNode value) {
        return StubJson.write(value);
    }
}
