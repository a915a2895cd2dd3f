package com.beatgen.catalog;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Test helpers: catalogs as bytes. */
public final class Catalogs {

    private Catalogs() {
    }

    public static byte[] xml(List<BeatTemplate> templates) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CatalogWriter.write(templates, out);
        return out.toByteArray();
    }

    public static InputStream stream(List<BeatTemplate> templates) {
        return new ByteArrayInputStream(xml(templates));
    }

    public static InputStream stream(String xml) {
        return new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8));
    }

    public static BeatTemplate template(String categoryName) {
        return new BeatTemplate(Slugs.slug(categoryName), categoryName, "Lo-fi Hip Hop", "Dusty vinyl", "Chill",
                "Study playlist", List.of("lofi", "chill"), "Laid-back 82 BPM beat with warm electric piano chords.");
    }

    public static BeatTemplate withPrompt(BeatTemplate t, String prompt) {
        return new BeatTemplate(t.id(), t.categoryName(), t.genre(), t.style(), t.mood(), t.useCase(), t.tags(), prompt);
    }
}
