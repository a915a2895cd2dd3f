package com.beatgen.api;

import com.beatgen.db.FacetedTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** {@code GET /api/beats} and {@code GET /api/beats/{id}} (seed properties 32–34). */
public final class BeatQueries {

    /**
     * The list's filters; every given one must match (genre, style and mood exactly, ignoring case; rating is the
     * beat's verdict: keep, skip or unrated, see {@link BeatRatings}).
     */
    public record Filter(Optional<String> genre, Optional<String> style, Optional<String> mood, List<String> tags,
                         Optional<String> rating) {

        public Filter(Optional<String> genre, Optional<String> style, Optional<String> mood, List<String> tags) {
            this(genre, style, mood, tags, Optional.empty());
        }

        List<FacetListing.Criterion> criteria() {
            List<FacetListing.Criterion> criteria = new ArrayList<>();
            genre.ifPresent(v -> criteria.add(new FacetListing.Criterion("genre", v)));
            style.ifPresent(v -> criteria.add(new FacetListing.Criterion("style", v)));
            mood.ifPresent(v -> criteria.add(new FacetListing.Criterion("mood", v)));
            tags.forEach(v -> criteria.add(new FacetListing.Criterion("tag", v)));
            rating.ifPresent(v -> criteria.add(v.equals(BeatRatings.UNRATED) ? FacetListing.Criterion.none(FacetedTable.RATING)
                    : new FacetListing.Criterion(FacetedTable.RATING, v)));
            return List.copyOf(criteria);
        }
    }

    private static final String COLUMNS = "b.id, b.name, b.genre, b.style, b.mood, b.use_case, b.duration_seconds, b.created_at";

    private final Jdbi jdbi;
    private final BeatReader reader;
    private final AudioLinks audio;
    private final FacetListing listing;

    /** @param sample how many rows of the driving criterion a total of two or more criteria is counted on ({@link FacetListing}) */
    public BeatQueries(Jdbi jdbi, AudioLinks audio, int sample) {
        this.jdbi = jdbi;
        this.reader = new BeatReader(jdbi);
        this.audio = audio;
        this.listing = new FacetListing(FacetedTable.BEATS, sample);
    }

    /** Newest first; ties (same millisecond) by id, so pages never overlap (see {@link FacetListing}). */
    public Map<String, Object> list(Filter filter, Page page) {
        return jdbi.withHandle(h -> {
            FacetListing.Result result = listing.page(h, filter.criteria(), page);
            return page.body(beats(h, result.ids()), result.total(), result.totalExact(),
                    result.next() == null ? null : result.next().encode());
        });
    }

    /** The page query {@link #list} runs for this filter and page, with its parameters (for the benchmark and the tests). */
    public record Sql(String text, Map<String, Object> binds) {
    }

    public Sql pageSql(Filter filter, Page page) {
        FacetListing.Sql sql = jdbi.withHandle(h -> listing.pageSql(h, filter.criteria(), page));
        return new Sql(sql.text(), sql.binds());
    }

    /** The database's plan for the page query of {@link #list}. */
    public List<Map<String, Object>> explain(Filter filter, Page page) {
        Sql sql = pageSql(filter, page);
        return jdbi.withHandle(h -> h.createQuery("EXPLAIN " + sql.text()).bindMap(sql.binds()).mapToMap().list());
    }

    /** The list items of the beats {@code ids}, in that order. */
    private static List<Map<String, Object>> beats(Handle h, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, Map<String, Object>> byId = new HashMap<>();
        h.createQuery("SELECT " + COLUMNS + " FROM beat b WHERE b.id IN (<ids>)")
                .bindList("ids", ids)
                .map(Rows::beat)
                .forEach(beat -> byId.put((String) beat.get("id"), beat));
        Map<String, Map<String, String>> ratings = BeatRatings.ratings(h, ids);
        byId.forEach((id, beat) -> beat.put("ratings", ratings.getOrDefault(id, BeatRatings.unrated())));
        return Rows.inOrder(ids, byId, Rows.tags(h, "beat_tag", "beat_id", ids));
    }

    /** Everything about one beat, its audio as presigned GET URLs, its key masked and its job's timings. */
    public Optional<Map<String, Object>> detail(String id) {
        return reader.find(id).map(beat -> jdbi.withHandle(h -> h.createQuery("""
                        SELECT j.created_at, j.submitted_at, j.completed_at, k.id AS key_id, k.key_last4
                        FROM beat b
                        JOIN beat_job j ON j.id = b.job_id
                        JOIN suno_api_key k ON k.id = b.api_key_id
                        WHERE b.id = :id""")
                .bind("id", id)
                .map((rs, ctx) -> {
                    Map<String, Object> detail = new LinkedHashMap<>();
                    for (String field : List.of("id", "name", "genre", "style", "mood", "useCase", "tags", "description",
                            "basePrompt", "normalizedPrompt", "conceptData", "durationSeconds")) {
                        detail.put(field, beat.get(field));
                    }
                    Map<String, Object> links = new LinkedHashMap<>();
                    links.put("primary", audio.url((String) beat.get("fileUrl")));
                    String alternate = (String) beat.get("alternateFileUrl");
                    links.put("alternate", alternate == null ? null : audio.url(alternate));
                    links.put("expiresAt", Rows.iso(audio.expiresAt()));
                    detail.put("audio", links);
                    detail.put("createdAt", beat.get("createdAt"));
                    detail.put("templateId", beat.get("templateId"));
                    detail.put("jobId", beat.get("jobId"));
                    detail.put("key", Map.of("id", rs.getString("key_id"), "masked", "****" + rs.getString("key_last4")));
                    Instant created = Rows.instant(rs, "created_at", ctx);
                    detail.put("timings", Rows.timings(created, Rows.instant(rs, "submitted_at", ctx),
                            Rows.instant(rs, "completed_at", ctx)));
                    detail.put("ratings", BeatRatings.ratings(h, List.of(id)).getOrDefault(id, BeatRatings.unrated()));
                    // the steps that continued without their provider, as the pipeline logged them (WARN, by job)
                    detail.put("fallbacks", h.createQuery("""
                                    SELECT DISTINCT service FROM execution_log WHERE job_id = :job AND level = 'WARN'
                                    AND service IN ('concept', 'prompt', 'metadata') ORDER BY service""")
                            .bind("job", beat.get("jobId")).mapTo(String.class).list());
                    return detail;
                })
                .one()));
    }
}
