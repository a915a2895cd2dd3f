package com.beatgen.api;

import com.beatgen.db.FacetedTable;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Judging (issue 18): a rating per take, {@code keep} or {@code skip}, kept in {@code beat_rating} (one row per judged
 * beat). The beat's {@code verdict}, which the list filters by, is {@code keep} when a take is kept, else {@code skip};
 * a beat without a judged take has no row and is {@code unrated}. The beats per verdict are counted in
 * {@code beat_facet_count} (facet {@code rating}, {@link FacetedTable#judged}) in the same transaction, so the list
 * filters by rating like by a tag: through the index (verdict, created_at, beat_id), its total a key read.
 */
public final class BeatRatings {

    public static final List<String> TAKES = List.of("primary", "alternate");
    /** The values of the list's {@code rating} filter. */
    public static final String UNRATED = "unrated";
    public static final List<String> VERDICTS = List.of("keep", "skip", UNRATED);

    private final Jdbi jdbi;
    private final Clock clock;

    public BeatRatings(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /**
     * Body {@code {"rating": "keep" | "skip" | "unrated"}} ({@code unrated} clears the take's rating). Answers the
     * beat's id and both takes' ratings. A missing beat, or the alternate take of a beat with one take, is a 404.
     */
    public Map<String, Object> rate(String beatId, String take, String body) {
        JsonNode node = KeyAdmin.object(body, Set.of("rating"));
        JsonNode rating = node.get("rating");
        if (rating == null || !rating.isTextual() || !VERDICTS.contains(rating.asText())) {
            throw new ApiException(Problem.badRequest("rating", "must be one of " + String.join(", ", VERDICTS)));
        }
        String value = rating.asText().equals(UNRATED) ? null : rating.asText();
        return jdbi.inTransaction(h -> {
            // the beat row is locked so that two judges rating the two takes at once do not lose one rating
            boolean hasAlternate = h.createQuery("SELECT alt_file_url IS NOT NULL FROM beat WHERE id = :id FOR UPDATE")
                    .bind("id", beatId).mapTo(Boolean.class).findOne()
                    .orElseThrow(() -> ApiException.notFound("Beat " + beatId));
            if (take.equals("alternate") && !hasAlternate) {
                throw ApiException.notFound("Alternate take of beat " + beatId);
            }
            Map<String, String> current = ratings(h, List.of(beatId)).getOrDefault(beatId, unrated());
            String primary = take.equals("primary") ? value : current.get("primary");
            String alternate = take.equals("alternate") ? value : current.get("alternate");
            String verdict = verdict(primary, alternate);
            FacetedTable.BEATS.judged(h, verdict(current.get("primary"), current.get("alternate")), verdict);
            if (verdict == null) {
                h.createUpdate("DELETE FROM beat_rating WHERE beat_id = :id").bind("id", beatId).execute();
            } else {
                h.createUpdate("""
                                INSERT INTO beat_rating (beat_id, primary_rating, alternate_rating, verdict, created_at, rated_at)
                                SELECT b.id, :primary, :alternate, :verdict, b.created_at, :ratedAt FROM beat b WHERE b.id = :id
                                ON DUPLICATE KEY UPDATE primary_rating = :primary, alternate_rating = :alternate,
                                    verdict = :verdict, rated_at = :ratedAt""")
                        .bind("id", beatId).bind("primary", primary).bind("alternate", alternate).bind("verdict", verdict)
                        .bind("ratedAt", clock.instant())
                        .execute();
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("id", beatId);
            Map<String, String> ratings = new LinkedHashMap<>();
            ratings.put("primary", primary);
            ratings.put("alternate", alternate);
            answer.put("ratings", ratings);
            return answer;
        });
    }

    /** The beat's verdict from its takes' ratings: keep when one is kept, skip when judged otherwise, null when unrated. */
    private static String verdict(String primary, String alternate) {
        if (primary == null && alternate == null) {
            return null;
        }
        return "keep".equals(primary) || "keep".equals(alternate) ? "keep" : "skip";
    }

    /** Both takes' ratings ({@code primary}, {@code alternate}; null when not judged) of the judged beats among {@code ids}. */
    static Map<String, Map<String, String>> ratings(Handle h, List<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return h.createQuery("SELECT beat_id, primary_rating, alternate_rating FROM beat_rating WHERE beat_id IN (<ids>)")
                .bindList("ids", ids)
                .map((rs, ctx) -> {
                    Map<String, String> ratings = new LinkedHashMap<>();
                    ratings.put("primary", rs.getString("primary_rating"));
                    ratings.put("alternate", rs.getString("alternate_rating"));
                    return Map.entry(rs.getString("beat_id"), ratings);
                })
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    static Map<String, String> unrated() {
        Map<String, String> ratings = new LinkedHashMap<>();
        ratings.put("primary", null);
        ratings.put("alternate", null);
        return ratings;
    }
}
