package com.beatgen.catalog;


import static com.beatgen.catalog.Catalogs.stream;
import static com.beatgen.catalog.Catalogs.template;
import static com.beatgen.catalog.Catalogs.withPrompt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CatalogSyncServiceTest {

    @RegisterExtension
    final CatalogDatabase db = CatalogDatabase.fresh();

    @Test
    void aCatalogSmallerThanADayOfRunsIsSyncedWithAWarning() {
        List<BeatTemplate> three = List.of(template("Alpha Beat"), template("Bravo Beat"), template("Charlie Beat"));
        SyncResult result = db.sync().sync(stream(three), SyncSource.file("small.xml"));
        assertEquals(SyncResult.Status.succeeded, result.status());
        assertEquals("3 active templates for 96 runs in 24 h (one every PT15M): a template is reused only after 24 h, so about "
                + "93 slots a day are skipped; add templates or lengthen the interval", result.warning());

        CatalogSyncService hourly = new CatalogSyncService(db.database().jdbi(), new CatalogReader(), Clock.systemUTC(), java.time.Duration.ofHours(8));
        assertEquals(null, hourly.sync(stream(List.of(template("Alpha Beat"), template("Bravo Beat"), template("Charlie Beat"),
                template("Delta Beat"))), SyncSource.file("small.xml")).warning(), "3 runs a day, 4 templates");
    }

    @Test
    void syncsTheShippedCatalogAndThenDoesNothingOnTheSameFile() throws Exception {
        Path file = Path.of("..", "catalog", "beat_catalog.xml");
        SyncResult first;
        try (InputStream in = Files.newInputStream(file)) {
            first = db.sync().sync(in, SyncSource.file(file.toString()));
        }
        assertTrue(first.added() >= 120, "issue 13: the shipped catalog lasts a day at 4 runs an hour, got " + first.added());
        assertEquals(first.added(), db.templates().findAll().size());
        assertEquals(null, first.warning(), "no warning: more active templates than the 96 runs in 24 h");
        long genres = db.templates().findAll().stream().map(t -> t.template().genre()).distinct().count();
        assertTrue(genres >= 30, "templates across genres, got " + genres);
        long prompts = db.templates().findAll().stream().map(t -> t.template().basePrompt()).distinct().count();
        assertEquals(first.added(), prompts, "every template has its own prompt");
        assertTrue(db.templates().findAll().stream().anyMatch(t -> t.template().id().equals("dem-buon-piano")));

        SyncResult second;
        try (InputStream in = Files.newInputStream(file)) {
            second = db.sync().sync(in, SyncSource.file(file.toString()));
        }
        assertEquals(0, second.writes());
        assertEquals(first.added(), second.unchanged());
    }

    @Test
    void addsUpdatesDeactivatesAndReactivatesWithoutTouchingUnchangedRows() {
        BeatTemplate a = template("Alpha Beat");
        BeatTemplate b = template("Bravo Beat");
        BeatTemplate c = template("Charlie Beat");
        assertCounts(db.sync().sync(stream(List.of(a, b, c)), SyncSource.file("v1")), 3, 0, 0, 0, 0);
        Map<String, StoredTemplate> v1 = byId();

        BeatTemplate b2 = withPrompt(b, "A new prompt, 90 BPM, brushed drums.");
        assertCounts(db.sync().sync(stream(List.of(a, b2)), SyncSource.file("v2")), 0, 1, 1, 0, 1);
        Map<String, StoredTemplate> v2 = byId();
        assertEquals(v1.get(a.id()).updatedAt(), v2.get(a.id()).updatedAt(), "unchanged rows are not written");
        assertEquals(b2.basePrompt(), v2.get(b.id()).template().basePrompt());
        assertEquals(b2.checksum(), v2.get(b.id()).checksum());
        assertFalse(v2.get(c.id()).active(), "a template missing from the catalog is soft-deleted");

        assertCounts(db.sync().sync(stream(List.of(a, b2, c)), SyncSource.file("v3")), 0, 0, 0, 1, 2);
        assertTrue(byId().get(c.id()).active());
        assertEquals(c, byId().get(c.id()).template());
    }

    @Test
    void aRefusedCatalogLeavesTemplatesUnchangedAndRecordsTheFailedRun() {
        db.sync().sync(stream(List.of(template("Alpha Beat"))), SyncSource.file("good.xml"));
        List<StoredTemplate> before = db.templates().findAll();

        String broken = new String(Catalogs.xml(List.of(template("Bravo Beat"))), java.nio.charset.StandardCharsets.UTF_8)
                .replace("Bravo Beat", "");
        InvalidCatalogException e = assertThrows(InvalidCatalogException.class,
                () -> db.sync().sync(stream(broken), SyncSource.file("bad.xml")));
        assertEquals("Category Name", e.errors().get(0).column());

        assertEquals(before, db.templates().findAll());
        Map<String, Object> run = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT status, errors, source FROM catalog_sync_run ORDER BY id DESC LIMIT 1").mapToMap().one());
        assertEquals("failed", run.get("status"));
        assertEquals("bad.xml", run.get("source"));
        assertTrue(run.get("errors").toString().contains("Category Name"), run.toString());
    }

    @Test
    void recordsEachSuccessfulRunWithItsCounts() {
        SyncResult result = db.sync().sync(stream(List.of(template("Alpha Beat"))), new SyncSource("s3://bucket/beat_catalog.xml", "etag-1"));
        Map<String, Object> run = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT status, added, source_version, content_sha256 FROM catalog_sync_run WHERE id = :id")
                .bind("id", result.runId()).mapToMap().one());
        assertEquals("succeeded", run.get("status"));
        assertEquals(1, ((Number) run.get("added")).intValue());
        assertEquals("etag-1", run.get("source_version"));
        assertEquals(64, run.get("content_sha256").toString().length());
    }

    private Map<String, StoredTemplate> byId() {
        return db.templates().findAll().stream().collect(Collectors.toMap(t -> t.template().id(), Function.identity()));
    }

    private static void assertCounts(SyncResult r, int added, int updated, int deactivated, int reactivated, int unchanged) {
        assertEquals(List.of(added, updated, deactivated, reactivated, unchanged),
                List.of(r.added(), r.updated(), r.deactivated(), r.reactivated(), r.unchanged()), r.toString());
    }
}
