package com.beatgen.testkit.stub;

import java.io.ByteArrayInputStream;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.Header;

/** Decodes an MP3 with an independent decoder (JLayer): every frame, and how long it plays. */
final class Mp3 {

    private Mp3() {
    }

    /** The playing time of {@code mp3} in seconds; fails when a frame does not decode or there is none. */
    static double seconds(byte[] mp3) throws Exception {
        Bitstream stream = new Bitstream(new ByteArrayInputStream(mp3));
        Decoder decoder = new Decoder();
        double millis = 0;
        int frames = 0;
        for (Header header = stream.readFrame(); header != null; header = stream.readFrame()) {
            decoder.decodeFrame(header, stream);
            millis += header.ms_per_frame();
            frames++;
            stream.closeFrame();
        }
        stream.close();
        if (frames == 0) {
            throw new AssertionError("no MP3 frame in " + mp3.length + " bytes");
        }
        return millis / 1000;
    }
}
