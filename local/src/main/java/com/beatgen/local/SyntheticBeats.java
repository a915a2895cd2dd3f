package com.beatgen.local;

import com.beatgen.Json;
import com.beatgen.catalog.BeatTemplate;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Realistic synthetic history for {@code ./beatgen seed}: jobs in chronological order, each with its prompt record
 * and (unless it failed, about 5 %) its beat. The same seed, starting ordinal and time window give the same data.
 *
 * <p>Beat names ("Neon Rain 48213") are unique by construction: the job's ordinal (its position among all jobs ever
 * seeded into the database) goes through a fixed permutation onto (adjective, noun, number), so disjoint ordinal
 * ranges, whatever their seeds, never share a name. Ids are time-ordered (UUID version 7 layout, from the job's
 * creation time and the seeded generator), so each batch appends to the primary keys instead of splitting pages
 * all over them.
 */
final class SyntheticBeats {

    static final String BUCKET = "beatgen-local-beats";
    static final double FAILURE_RATE = 0.05;

    /** Error names of failed runs (a subset of the state machine's) and how often each occurs. */
    static final List<String> ERROR_NAMES = List.of("Suno.Timeout", "Provider.Transient", "Suno.GenerationFailed",
            "Provider.RateLimited", "Audio.DownloadFailed", "Provider.InvalidResponse", "Storage.Unavailable", "Suno.NoKeyAvailable");
    private static final double[] ERROR_WEIGHTS = {30, 25, 20, 8, 7, 5, 3, 2};

    private static final List<String> ADJECTIVES = List.of("Midnight", "Neon", "Velvet", "Golden", "Hollow", "Electric",
            "Faded", "Crimson", "Silent", "Lunar", "Concrete", "Paper", "Amber", "Cobalt", "Dusty", "Frozen", "Gentle",
            "Hazy", "Indigo", "Jade", "Kinetic", "Lazy", "Mellow", "Nocturnal", "Opal", "Pastel", "Quiet", "Restless",
            "Saffron", "Tidal", "Urban", "Vivid", "Wandering", "Xenon", "Young", "Zephyr", "Analog", "Broken", "Cosmic",
            "Drifting", "Ember", "Fragile", "Glass", "Humid", "Iron", "Jasmine", "Kaleido", "Liquid", "Magnetic", "Northern",
            "Orbit", "Phantom", "Rusty", "Solar", "Tangerine", "Ultraviolet", "Violet", "Wired", "Ivory", "Scarlet",
            "Sapphire", "Copper", "Emerald", "Smoky");
    private static final List<String> NOUNS = List.of("Skyline", "Echoes", "Rain", "Circuit", "Horizon", "Drift", "Pulse",
            "Avenue", "Mirage", "Tides", "Embers", "Signals", "Alley", "Bloom", "Canyon", "Dreams", "Fields", "Garden",
            "Harbor", "Island", "Journey", "Kingdom", "Lanterns", "Motel", "Nights", "Ocean", "Parade", "Quarter", "Rooftops",
            "Streets", "Tunnel", "Underground", "Valley", "Waves", "Yard", "Zenith", "Arcade", "Boulevard", "Cassette",
            "Daydream", "Express", "Freeway", "Glow", "Heights", "Interlude", "Jungle", "Kites", "Lights", "Memories",
            "Neighborhood", "Overpass", "Postcards", "Reverie", "Static", "Terminal", "Umbrella", "Voyage", "Window",
            "Satellites", "Shadows", "Clouds", "Streetlights", "Sunset", "Riverside");
    private static final int NUMBER_MIN = 10_000;
    private static final int NUMBERS = 90_000; // 10000 … 99999

    private static final List<String> INSTRUMENTS = List.of("Rhodes piano", "808 bass", "dusty breakbeat drums",
            "analog synth pads", "muted guitar", "tape-saturated keys", "string stabs", "plucked bass", "hand percussion",
            "brass hits", "a flute loop", "vinyl crackle", "felt piano", "warm sub bass", "arpeggiated synths",
            "a nylon guitar motif", "kalimba plucks", "a saxophone phrase", "glassy bells", "choir pads");
    private static final List<String> DRUMS = List.of("swung boom-bap drums", "rolling hi-hats", "a four-on-the-floor kick",
            "brushed snares", "half-time drums", "shuffled percussion", "crisp rimshots", "a breakbeat groove");
    private static final List<String> FEELS = List.of("laid-back", "hypnotic", "warm", "gritty", "euphoric", "moody",
            "dreamy", "driving", "intimate", "spacious", "bittersweet", "hazy");
    private static final List<String> KEYS = List.of("A minor", "C major", "F# minor", "D minor", "Eb major", "G minor",
            "Bb minor", "E minor", "F major", "C# minor");
    private static final List<String> FX = List.of("tape saturation", "vinyl hiss", "spring reverb", "sidechain pumping",
            "a low-pass sweep", "chorus on the keys", "room ambience", "gentle bitcrushing");
    private static final List<String> CONTEXTS = List.of("late-night studying", "a rooftop sunset", "a rainy commute",
            "gaming sessions", "focused coding", "a workout playlist", "short-form video", "a coffee shop", "long drives",
            "a podcast break");

    /** Extra tags the metadata step adds, most popular first: picked with a Zipf skew, so the tail is rare. */
    private static final List<String> EXTRA_TAGS = List.of("instrumental", "chill", "beats", "lofi", "relaxing", "study",
            "night", "vibes", "ambient", "background music", "focus", "mellow", "groove", "dark", "cinematic", "retro",
            "trap", "808", "jazzy", "piano", "sad", "happy", "energetic", "dreamy", "late night", "rain", "summer", "workout",
            "gaming", "coding", "sleep", "coffee", "vinyl", "synth", "bass heavy", "atmospheric", "night drive", "nostalgic",
            "urban", "smooth", "soulful", "uplifting", "emotional", "hip hop", "boom bap", "house", "deep", "minimal", "warm",
            "guitar", "drums", "hypnotic", "melodic", "moody", "funky", "epic", "calm", "cozy", "city", "sunset", "travel",
            "meditation", "podcast", "vlog", "tiktok", "youtube", "royalty free", "no vocals", "loop", "90s", "80s",
            "analog", "tape", "dusty", "cloudy", "neon", "cyberpunk", "vaporwave", "synthwave", "phonk", "drill", "afro",
            "latin", "bossa", "jazz", "soul", "r&b", "gospel chords", "orchestral", "strings", "flute", "saxophone",
            "kalimba", "bells", "choir", "glitch", "breakbeat", "jungle", "dnb", "garage", "uk garage", "dub", "reggae",
            "dancehall", "k-pop", "city pop", "anime", "video game", "8-bit", "chiptune", "space", "ocean", "forest",
            "winter", "autumn", "spring", "morning", "sunrise", "midnight", "2am", "rooftop", "subway", "highway",
            "heartbreak", "confidence", "victory", "mystery", "suspense", "horror", "trailer", "documentary", "wedding",
            "yoga", "spa", "reading", "journaling", "rainy day", "snow day", "road trip", "first date", "hangover cure");
    private static final double[] EXTRA_TAG_CDF = zipfCdf(EXTRA_TAGS.size(), 1.15);
    private static final int[] TAGS_PER_BEAT = {3, 4, 5, 6, 7, 8};
    private static final double[] TAGS_PER_BEAT_CDF = cdf(new double[] {10, 20, 26, 22, 14, 8});

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    /** One job with its prompt record, and its beat unless it failed. Times are UTC instants. */
    record Job(String id, BeatTemplate template, String keyId, String sunoTaskId, int pollCount, String concept,
               String normalizedPrompt, String metadata, String fileUrl, String altFileUrl, BigDecimal durationSeconds,
               String errorName, String errorCause, Instant created, Instant submitted, Instant completed,
               String executionId, Prompt prompt, Beat beat) {
        boolean failed() {
            return beat == null;
        }
    }

    record Prompt(String id, int version, List<String> tags, Instant created) {
    }

    record Beat(String id, String name, String description, List<String> tags) {
    }

    private final SplittableRandom random;
    private final List<BeatTemplate> templates;
    private final List<List<String>> templateTags;
    private final List<String> keyIds;
    private final Map<String, Integer> versions;
    private final long totalBeats;
    private final long startMillis;
    private final double stepMillis;
    private long nextOrdinal;
    private long beatIndex;

    /**
     * @param ordinal   the first job's ordinal: at least the number of jobs already in the database (unique names)
     * @param versions  the highest prompt version per template id so far (updated as records are generated)
     * @param until     the newest beat is completed shortly before this instant; the oldest a year earlier
     */
    SyntheticBeats(long seed, long ordinal, List<BeatTemplate> templates, List<String> keyIds, Map<String, Integer> versions,
                   long totalBeats, Instant until) {
        if (templates.isEmpty() || keyIds.isEmpty()) {
            throw new IllegalArgumentException("templates and keys are needed");
        }
        // the ordinal is mixed in: seeding the same database twice with one seed gives new ids and new content
        this.random = new SplittableRandom(mix(seed) ^ mix(ordinal + 0x5EED));
        this.templates = List.copyOf(templates);
        this.templateTags = this.templates.stream().map(t -> cleanTags(t.tags())).toList();
        this.keyIds = List.copyOf(keyIds);
        this.versions = versions;
        this.totalBeats = totalBeats;
        Instant end = until.minus(Duration.ofMinutes(10)); // room for the last job to complete before `until`
        this.startMillis = end.minus(Duration.ofDays(365)).toEpochMilli();
        this.stepMillis = Duration.ofDays(365).toMillis() / (double) totalBeats;
        this.nextOrdinal = ordinal;
    }

    /** The largest ordinal whose name is still unique (about 369 million jobs). */
    static long capacity() {
        return (long) ADJECTIVES.size() * NOUNS.size() * NUMBERS;
    }

    /** The next {@code beats} beats, in chronological order, with the failed jobs that happened between them. */
    List<Job> next(int beats) {
        List<Job> jobs = new ArrayList<>((int) (beats * 1.1) + 4);
        for (int b = 0; b < beats && beatIndex < totalBeats; b++, beatIndex++) {
            int failures = 0;
            while (random.nextDouble() < FAILURE_RATE) {
                failures++;
            }
            double[] offsets = new double[failures + 1];
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = random.nextDouble();
            }
            Arrays.sort(offsets);
            for (int i = 0; i < offsets.length; i++) {
                long at = startMillis + (long) ((beatIndex + offsets[i]) * stepMillis);
                jobs.add(job(Instant.ofEpochMilli(at), i < failures));
            }
        }
        return jobs;
    }

    long beatsGenerated() {
        return beatIndex;
    }

    private Job job(Instant created, boolean failed) {
        long ordinal = nextOrdinal++;
        int t = random.nextInt(templates.size());
        BeatTemplate template = templates.get(t);
        long millis = created.toEpochMilli();
        String jobId = uuid7(millis);
        String promptId = uuid7(millis);
        String keyId = keyIds.get((int) Long.remainderUnsigned(ordinal, keyIds.size())); // round-robin, as the pool selects
        String taskId = hex(32);
        String executionId = "arn:aws:states:us-east-1:000000000000:execution:beat-generation:" + uuid4();

        boolean conceptFallback = random.nextDouble() < 0.01;
        String instrument = pick(INSTRUMENTS);
        String instrument2 = pick(INSTRUMENTS);
        String feel = pick(FEELS);
        String context = pick(CONTEXTS);
        String concept = conceptFallback ? "{\"fallback\":true}" : concept(template, instrument, instrument2, feel, context);
        String normalized = conceptFallback ? template.basePrompt() : normalizedPrompt(template, instrument, instrument2, feel, context);

        Instant promptCreated = created.plusMillis(4_000 + random.nextInt(9_000));
        Instant submitted = promptCreated.plusMillis(1_500 + random.nextInt(4_000));
        int version = versions.merge(template.id(), 1, Integer::sum);
        List<String> tplTags = templateTags.get(t);

        if (failed) {
            String error = ERROR_NAMES.get(weighted(ERROR_WEIGHTS));
            int polls = switch (error) {
                case "Suno.Timeout" -> 30;
                case "Suno.GenerationFailed" -> 2 + random.nextInt(8);
                case "Audio.DownloadFailed", "Storage.Unavailable" -> 4 + random.nextInt(10);
                default -> 0;
            };
            boolean submittedToSuno = polls > 0;
            Instant completed = submitted.plusMillis(submittedToSuno ? polls * 10_000L + random.nextInt(8_000) : 500 + random.nextInt(3_000));
            String cause = cause(error, taskId);
            String usedKey = submittedToSuno ? keyId : null;   // a job names its key once submitted (SubmitMusic)
            List<String> promptTags = promptTags(tplTags);
            return new Job(jobId, template, usedKey, submittedToSuno ? taskId : null, polls, concept, normalized, null, null, null,
                    null, error, cause, created, submittedToSuno ? submitted : null, completed, executionId,
                    new Prompt(promptId, version, promptTags, promptCreated), null);
        }

        int polls = 3 + random.nextInt(10);
        Instant completed = submitted.plusMillis(polls * 10_000L + 6_000 + random.nextInt(20_000));
        String beatId = uuid7(millis);
        String name = name(ordinal);
        List<String> tags = beatTags(tplTags);
        String description = description(template, instrument, instrument2, feel, context);
        String day = DAY.format(completed);
        String fileUrl = "s3://" + BUCKET + "/beats/" + day + "/" + jobId + "-1.mp3";
        String altFileUrl = "s3://" + BUCKET + "/beats/" + day + "/" + jobId + "-2.mp3";
        BigDecimal duration = BigDecimal.valueOf(9_000 + random.nextInt(15_000), 2); // 90.00 … 239.99 s
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        metadata.put("tags", tags);
        metadata.put("description", description);
        metadata.put("fallback", false);
        List<String> promptTags = promptTags(tplTags, tags);
        return new Job(jobId, template, keyId, taskId, polls, concept, normalized, Json.write(metadata), fileUrl, altFileUrl,
                duration, null, null, created, submitted, completed, executionId,
                new Prompt(promptId, version, promptTags, promptCreated), new Beat(beatId, name, description, tags));
    }

    // ---- names -------------------------------------------------------------------------------------------------

    /** "Adjective Noun 12345", a fixed bijection of the ordinal: distinct ordinals give distinct names. */
    static String name(long ordinal) {
        long domain = capacity();
        if (ordinal < 0 || ordinal >= domain) {
            throw new IllegalStateException("No more unique synthetic names (ordinal " + ordinal + ")");
        }
        long x = permute(ordinal, domain);
        int pairs = ADJECTIVES.size() * NOUNS.size();
        int pair = (int) (x % pairs);
        long number = NUMBER_MIN + x / pairs;
        return ADJECTIVES.get(pair / NOUNS.size()) + " " + NOUNS.get(pair % NOUNS.size()) + " " + number;
    }

    /** A keyed 4-round Feistel permutation of [0, 2^bits) with cycle walking onto [0, domain). */
    private static long permute(long value, long domain) {
        int bits = 64 - Long.numberOfLeadingZeros(domain - 1);
        bits += bits & 1;
        int half = bits / 2;
        long mask = (1L << half) - 1;
        long x = value;
        do {
            long left = x >>> half;
            long right = x & mask;
            for (int round = 0; round < 4; round++) {
                long f = mix(right * 0x9E3779B97F4A7C15L + round + 0x6A09E667L) & mask;
                long next = left ^ f;
                left = right;
                right = next;
            }
            x = (left << half) | right;
        } while (x >= domain);
        return x;
    }

    // ---- tags --------------------------------------------------------------------------------------------------

    /** 3–8 tags: some of the template's (common across beats) plus Zipf-distributed extras (a long, rare tail). */
    private List<String> beatTags(List<String> tplTags) {
        int count = TAGS_PER_BEAT[weightedCdf(TAGS_PER_BEAT_CDF)];
        int extras = Math.max(1 + random.nextInt(3), count - tplTags.size());
        int fromTemplate = Math.min(tplTags.size(), count - extras);
        Set<String> tags = new LinkedHashSet<>();
        List<String> shuffled = new ArrayList<>(tplTags);
        for (int i = 0; i < fromTemplate; i++) {
            int j = i + random.nextInt(shuffled.size() - i);
            String tag = shuffled.set(j, shuffled.get(i));
            shuffled.set(i, tag);
            tags.add(tag);
        }
        for (int attempts = 0; tags.size() < count && attempts < 100; attempts++) {
            tags.add(EXTRA_TAGS.get(weightedCdf(EXTRA_TAG_CDF)));
        }
        for (int i = 0; tags.size() < count; i++) { // unreachable in practice: the pool has over a hundred tags
            tags.add(EXTRA_TAGS.get(i));
        }
        return List.copyOf(tags);
    }

    /** The prompt step's tags: the template's plus a few the normalizer suggested (here: some of the beat's). */
    private List<String> promptTags(List<String> tplTags, List<String> beatTags) {
        Set<String> tags = new LinkedHashSet<>(tplTags);
        int extra = 2 + random.nextInt(3);
        for (String tag : beatTags) {
            if (extra-- <= 0) {
                break;
            }
            tags.add(tag);
        }
        return List.copyOf(tags);
    }

    private List<String> promptTags(List<String> tplTags) {
        Set<String> tags = new LinkedHashSet<>(tplTags);
        int extra = 2 + random.nextInt(3);
        for (int i = 0; i < extra; i++) {
            tags.add(EXTRA_TAGS.get(weightedCdf(EXTRA_TAG_CDF)));
        }
        return List.copyOf(tags);
    }

    /** As the pipeline stores tags: trimmed, lowercase, 1–64 characters, no duplicates. */
    static List<String> cleanTags(List<String> raw) {
        Set<String> tags = new LinkedHashSet<>();
        for (String tag : raw) {
            String clean = tag.strip().toLowerCase(Locale.ROOT);
            if (!clean.isEmpty() && clean.length() <= 64) {
                tags.add(clean);
            }
        }
        return List.copyOf(tags);
    }

    // ---- text --------------------------------------------------------------------------------------------------

    private String concept(BeatTemplate t, String instrument, String instrument2, String feel, String context) {
        Map<String, String> concept = new LinkedHashMap<>();
        concept.put("suggestion", "Try layering " + instrument + " under the main loop and let " + instrument2
                + " answer every fourth bar for a more " + feel + " " + t.mood().toLowerCase(Locale.ROOT) + " feel.");
        concept.put("trendAnalysis", cap(t.genre()) + " with " + instrument + " and " + pick(FX)
                + " is trending for " + context + " right now.");
        concept.put("moodEnhancement", "Add " + pick(FX) + " and a touch of " + pick(FX) + " to deepen the "
                + t.mood().toLowerCase(Locale.ROOT) + " mood.");
        return Json.write(concept);
    }

    private String normalizedPrompt(BeatTemplate t, String instrument, String instrument2, String feel, String context) {
        return "Instrumental " + t.genre().toLowerCase(Locale.ROOT) + " beat at " + (70 + random.nextInt(91)) + " BPM in "
                + pick(KEYS) + ", " + t.mood().toLowerCase(Locale.ROOT) + " and " + feel + ". " + cap(t.style()) + "; "
                + instrument + " over " + pick(DRUMS) + ", with " + instrument2 + " and " + pick(FX) + ". Made for "
                + context + ", no vocals.";
    }

    private String description(BeatTemplate t, String instrument, String instrument2, String feel, String context) {
        String first = switch (random.nextInt(3)) {
            case 0 -> cap(article(feel)) + " " + feel + " " + t.genre() + " instrumental built on " + instrument + " and "
                    + instrument2 + ".";
            case 1 -> cap(t.mood()) + " " + t.genre() + " with " + instrument + " over " + pick(DRUMS) + ".";
            default -> "A " + t.mood().toLowerCase(Locale.ROOT) + " " + t.genre() + " beat where " + instrument
                    + " meets " + instrument2 + ".";
        };
        String second = cap(t.style()) + " textures keep it " + feel + ", made for " + t.useCase().toLowerCase(Locale.ROOT) + ".";
        return random.nextBoolean() ? first + " " + second : first + " " + second + " Loops cleanly for " + context + ".";
    }

    private String cause(String error, String taskId) {
        return switch (error) {
            case "Suno.Timeout" -> "Suno task " + taskId + " was still PENDING after 30 polls";
            case "Provider.Transient" -> "SUNO answered HTTP " + pick(List.of("502", "503", "504")) + " after 3 attempts";
            case "Suno.GenerationFailed" -> "Suno task " + taskId + " ended with GENERATE_AUDIO_FAILED";
            case "Provider.RateLimited" -> "SUNO answered HTTP 429: too many requests for every usable key";
            case "Audio.DownloadFailed" -> "Downloading take 1 of task " + taskId + " failed: HTTP 404";
            case "Provider.InvalidResponse" -> "SUNO answered without the required field data.taskId";
            case "Storage.Unavailable" -> "S3 PutObject to " + BUCKET + " failed: 503 Slow Down";
            default -> "No active Suno key with at least 12 credits";
        };
    }

    private static String article(String word) {
        return "aeiou".indexOf(Character.toLowerCase(word.charAt(0))) >= 0 ? "an" : "a";
    }

    private static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    // ---- randomness ----------------------------------------------------------------------------------------------

    private String pick(List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    private int weighted(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double r = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private int weightedCdf(double[] cdf) {
        int i = Arrays.binarySearch(cdf, random.nextDouble());
        return Math.min(cdf.length - 1, i >= 0 ? i + 1 : -i - 1);
    }

    private static double[] zipfCdf(int n, double exponent) {
        double[] weights = new double[n];
        for (int k = 0; k < n; k++) {
            weights[k] = 1 / Math.pow(k + 1, exponent);
        }
        return cdf(weights);
    }

    private static double[] cdf(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double[] cdf = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            cdf[i] = sum / total;
        }
        return cdf;
    }

    /** A UUID in the version 7 layout: 48 bits of milliseconds, then seeded random bits. */
    private String uuid7(long millis) {
        long msb = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }

    private String uuid4() {
        long msb = (random.nextLong() & 0xFFFF_FFFF_FFFF_0FFFL) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }

    private String hex(int length) {
        StringBuilder s = new StringBuilder(length);
        while (s.length() < length) {
            s.append(String.format(Locale.ROOT, "%016x", random.nextLong()));
        }
        return s.substring(0, length);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
