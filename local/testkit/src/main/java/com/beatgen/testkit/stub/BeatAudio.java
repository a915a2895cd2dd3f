package com.beatgen.testkit.stub;

import de.sciss.jump3r.lowlevel.LameEncoder;
import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;
import javax.sound.sampled.AudioFormat;

/**
 * A short beat the stub makes up for each clip, as a real MP3 (mono, 22.05 kHz, 64 kbit/s, encoded by jump3r): two
 * bars of kick, snare and hi-hats at the clip's tempo over a bass line, the pattern and notes drawn from the clip's
 * seed. Two clips sound different; the same clip is the same file every time.
 */
final class BeatAudio {

    static final int SAMPLE_RATE = 22_050;
    private static final int BARS = 2;
    private static final double MIN_SECONDS = 3;
    private static final double MAX_SECONDS = 8;
    /** Minor pentatonic steps above the root, in semitones. */
    private static final int[] SCALE = {0, 3, 5, 7, 10};

    private BeatAudio() {
    }

    /** How long a clip at {@code bpm} lasts: two bars, kept between 3 and 8 seconds. */
    static double seconds(int bpm) {
        return Math.max(MIN_SECONDS, Math.min(MAX_SECONDS, BARS * 4 * 60.0 / tempo(bpm)));
    }

    /** Encodes on two daemon threads shared by all stubs (pure-Java MP3 encoding takes a moment, more when cold). */
    private static final java.util.concurrent.ExecutorService ENCODERS = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "stub-mp3-encoder");
        thread.setDaemon(true);
        return thread;
    });

    /** {@link #mp3} in the background. */
    static java.util.concurrent.CompletableFuture<byte[]> encodeLater(int bpm, long seed) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> mp3(bpm, seed), ENCODERS);
    }

    /** The MP3 of a clip at {@code bpm} (clamped to 60–180) whose pattern and notes follow {@code seed}. */
    static byte[] mp3(int bpm, long seed) {
        return encode(pcm(tempo(bpm), seed));
    }

    private static int tempo(int bpm) {
        return Math.max(60, Math.min(180, bpm));
    }

    /** 16-bit little-endian mono samples. */
    private static byte[] pcm(int bpm, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int samples = (int) (seconds(bpm) * SAMPLE_RATE);
        double[] mix = new double[samples];
        double sixteenth = 60.0 / bpm / 4;
        boolean[] kicks = new boolean[16];
        kicks[0] = true;
        kicks[8] = true;
        for (int step = 2; step < 16; step += 2) {
            kicks[step] |= random.nextInt(5) == 0;   // a few extra kicks: each clip its own groove
        }
        double root = 55 * Math.pow(2, random.nextInt(12) / 12.0);   // A1 … G#2
        int[] bassSteps = {SCALE[random.nextInt(SCALE.length)], SCALE[random.nextInt(SCALE.length)],
                SCALE[random.nextInt(SCALE.length)], SCALE[random.nextInt(SCALE.length)]};
        int totalSteps = (int) Math.ceil(samples / (sixteenth * SAMPLE_RATE));
        for (int step = 0; step < totalSteps; step++) {
            int at = (int) (step * sixteenth * SAMPLE_RATE);
            int inBar = step % 16;
            if (kicks[inBar]) {
                kick(mix, at);
            }
            if (inBar == 4 || inBar == 12) {
                snare(mix, at, random);
            }
            if (inBar % 2 == 0) {
                hat(mix, at, random, inBar % 4 == 0 ? 0.18 : 0.1);
            }
            if (inBar % 4 == 0) {
                double frequency = root * Math.pow(2, bassSteps[inBar / 4] / 12.0);
                tone(mix, at, (int) (sixteenth * 3 * SAMPLE_RATE), frequency, 0.3);
            }
        }
        byte[] pcm = new byte[samples * 2];
        for (int i = 0; i < samples; i++) {
            int value = (int) Math.round(Math.tanh(mix[i]) * 28_000);   // soft clipping
            pcm[2 * i] = (byte) value;
            pcm[2 * i + 1] = (byte) (value >> 8);
        }
        return pcm;
    }

    /** A sine sweeping from 150 Hz down to 45 Hz with a fast decay. */
    private static void kick(double[] mix, int at) {
        double phase = 0;
        int length = SAMPLE_RATE / 4;
        for (int i = 0; i < length && at + i < mix.length; i++) {
            double t = (double) i / SAMPLE_RATE;
            phase += 2 * Math.PI * (45 + 105 * Math.exp(-t * 30)) / SAMPLE_RATE;
            mix[at + i] += 0.9 * Math.sin(phase) * Math.exp(-t * 12);
        }
    }

    /** Noise with a body tone, decaying. */
    private static void snare(double[] mix, int at, SplittableRandom random) {
        int length = SAMPLE_RATE / 5;
        for (int i = 0; i < length && at + i < mix.length; i++) {
            double t = (double) i / SAMPLE_RATE;
            double body = Math.sin(2 * Math.PI * 190 * t) * Math.exp(-t * 30);
            mix[at + i] += (0.45 * (random.nextDouble() * 2 - 1) + 0.3 * body) * Math.exp(-t * 18);
        }
    }

    /** A short burst of high-passed noise. */
    private static void hat(double[] mix, int at, SplittableRandom random, double level) {
        int length = SAMPLE_RATE / 30;
        double previous = 0;
        for (int i = 0; i < length && at + i < mix.length; i++) {
            double noise = random.nextDouble() * 2 - 1;
            double t = (double) i / SAMPLE_RATE;
            mix[at + i] += level * (noise - previous) * Math.exp(-t * 90);
            previous = noise;
        }
    }

    /** A plucked bass note: a sine with its octave, decaying. */
    private static void tone(double[] mix, int at, int length, double frequency, double level) {
        for (int i = 0; i < length && at + i < mix.length; i++) {
            double t = (double) i / SAMPLE_RATE;
            double wave = Math.sin(2 * Math.PI * frequency * t) + 0.3 * Math.sin(4 * Math.PI * frequency * t);
            mix[at + i] += level * wave * Math.exp(-t * 4);
        }
    }

    private static byte[] encode(byte[] pcm) {
        AudioFormat format = new AudioFormat(SAMPLE_RATE, 16, 1, true, false);
        LameEncoder encoder = new LameEncoder(format, 64, LameEncoder.CHANNEL_MODE_MONO, LameEncoder.QUALITY_LOW, false);
        try {
            ByteArrayOutputStream mp3 = new ByteArrayOutputStream();
            byte[] buffer = new byte[encoder.getMP3BufferSize()];
            int chunk = encoder.getPCMBufferSize();
            for (int offset = 0; offset < pcm.length; offset += chunk) {
                int written = encoder.encodeBuffer(pcm, offset, Math.min(chunk, pcm.length - offset), buffer);
                mp3.write(buffer, 0, written);
            }
            mp3.write(buffer, 0, encoder.encodeFinish(buffer));
            return mp3.toByteArray();
        } finally {
            encoder.close();
        }
    }
}
