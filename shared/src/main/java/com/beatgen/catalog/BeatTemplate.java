package com.beatgen.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** One row of the beat catalog: what a beat is generated from. The id is the slug of the category name. */
public record BeatTemplate(String id, String categoryName, String genre, String style, String mood,
                           String useCase, List<String> tags, String basePrompt) {

    public BeatTemplate {
        tags = List.copyOf(tags);
    }

    /** MD5 of the row's content (seed: "calculate MD5 checksum of each XML row"); changes exactly when a field changes. */
    public String checksum() {
        String canonical = String.join("\u001f", categoryName, genre, style, mood, useCase,
                String.join("\u001e", tags), basePrompt);
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md5.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }
}
