package com.beatgen.catalog;


import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.db.Database;
import com.beatgen.db.FailAt;
import java.text.Normalizer;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.jdbi.v3.core.Jdbi;

/** Seed properties 6, 7, 8, 8a, 8b and 8c, checked against a real MySQL-compatible server. */
class CatalogProperties {

    private static final CatalogDatabase DB = CatalogDatabase.fresh();

    @AfterContainer
    static void closeDatabase() {
        DB.close();
    }

    @Property(tries = 200)
    @Label("Property 6/8a: a generated catalog written as SpreadsheetML reads back equal")
    void writtenCatalogsReadBackEqual(@ForAll("catalogs") List<BeatTemplate> templates) {
        assertThat(DB.reader().read(Catalogs.stream(templates))).isEqualTo(templates);
    }

    @Property(tries = 100)
    @Label("Property 8a: after syncing any valid catalog of N templates exactly N are active, with matching data")
    void syncLeavesExactlyTheCatalogActive(@ForAll("catalogs") List<BeatTemplate> before, @ForAll("catalogs") List<BeatTemplate> after) {
        clear();
        DB.sync().sync(Catalogs.stream(before), SyncSource.file("before.xml"));
        SyncResult result = DB.sync().sync(Catalogs.stream(after), SyncSource.file("after.xml"));

        List<StoredTemplate> stored = DB.templates().findAll();
        assertThat(stored.stream().filter(StoredTemplate::active).map(StoredTemplate::template).collect(Collectors.toSet()))
                .isEqualTo(Set.copyOf(after));
        Set<String> afterIds = after.stream().map(BeatTemplate::id).collect(Collectors.toSet());
        assertThat(stored.stream().filter(t -> !t.active()).map(t -> t.template().id()))
                .allMatch(id -> !afterIds.contains(id));
        assertThat(result.added() + result.updated() + result.reactivated() + result.unchanged()).isEqualTo(after.size());

        SyncResult again = DB.sync().sync(Catalogs.stream(after), SyncSource.file("after.xml"));
        assertThat(again.writes()).as("syncing the same file twice is a no-op").isZero();
    }

    @Property(tries = 100)
    @Label("Property 7/8b/24: a failure at any statement of a sync leaves the database as it was")
    void aFailureAnywhereInASyncChangesNothing(@ForAll("catalogs") List<BeatTemplate> before,
                                               @ForAll("catalogs") List<BeatTemplate> after,
                                               @ForAll("failurePoints") int failAt) {
        clear();
        DB.sync().sync(Catalogs.stream(before), SyncSource.file("before.xml"));
        List<StoredTemplate> snapshot = DB.templates().findAll();

        FailAt fault = new FailAt(failAt);
        Jdbi faulty = Database.configure(Jdbi.create(DB.database().dataSource()));
        faulty.addCustomizer(fault);
        CatalogSyncService faultySync = new CatalogSyncService(faulty, new CatalogReader(), Clock.systemUTC());
        boolean failed;
        try {
            faultySync.sync(Catalogs.stream(after), SyncSource.file("after.xml"));
            failed = false;
        } catch (RuntimeException e) {
            assertThat(e).hasStackTraceContaining("injected failure");
            failed = true;
        }

        if (failed) {
            assertThat(DB.templates().findAll()).isEqualTo(snapshot);
        } else {
            assertThat(fault.statements()).as("no failure only when the sync ran fewer statements").isLessThan(failAt);
            assertThat(DB.templates().findAll().stream().filter(StoredTemplate::active).map(StoredTemplate::template)
                    .collect(Collectors.toSet())).isEqualTo(Set.copyOf(after));
        }
    }

    @Property(tries = 300)
    @Label("Property 8/8c: ids are deterministic slugs, and a catalog whose slugs collide is refused")
    void slugsAreDeterministicAndUniqueOrRejected(@ForAll("collidingNames") List<String> names) {
        for (String name : names) {
            String slug = Slugs.slug(name);
            assertThat(Slugs.slug(name)).isEqualTo(slug);
            assertThat(Slugs.slug(slug)).isEqualTo(slug);
            assertThat(slug).matches("[a-z0-9]+(-[a-z0-9]+)*");
        }
        List<BeatTemplate> templates = names.stream().map(Catalogs::template).toList();
        Set<String> distinct = new HashSet<>(templates.stream().map(BeatTemplate::id).toList());
        if (distinct.size() == names.size()) {
            assertThat(DB.reader().read(Catalogs.stream(templates)).stream().map(BeatTemplate::id))
                    .containsExactlyElementsOf(templates.stream().map(BeatTemplate::id).toList());
        } else {
            InvalidCatalogException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidCatalogException.class,
                    () -> DB.reader().read(Catalogs.stream(templates)));
            assertThat(e.errors()).anyMatch(err -> err.message().contains("already used by row"));
        }
    }

    @Provide
    Arbitrary<List<BeatTemplate>> catalogs() {
        return template().list().ofMinSize(1).ofMaxSize(12).uniqueElements(BeatTemplate::id);
    }

    @Provide
    Arbitrary<Integer> failurePoints() {
        return Arbitraries.integers().between(1, 6);
    }

    @Provide
    Arbitrary<List<String>> collidingNames() {
        // a small alphabet with case, accents and punctuation variants, so collisions are frequent
        Arbitrary<String> word = Arbitraries.of("Lo-Fi", "lo fi", "LOFI", "Đêm", "dem", "Buồn", "buon", "Trap!", "trap", "R&B", "r b", "808");
        return word.list().ofMinSize(1).ofMaxSize(3).map(words -> String.join(" ", words)).list().ofMinSize(1).ofMaxSize(6);
    }

    private static Arbitrary<BeatTemplate> template() {
        Arbitrary<String> name = text(40).filter(s -> !Slugs.slug(s).isEmpty());
        Arbitrary<List<String>> tags = text(20).filter(t -> !t.contains(","))
                .list().ofMaxSize(6).uniqueElements(t -> t.toLowerCase(java.util.Locale.ROOT));
        Arbitrary<String> prompt = Combinators.combine(text(60), text(60).injectNull(0.5))
                .as((first, second) -> second == null ? first : first + "\n" + second);
        return Combinators.combine(name, text(30), text(30), text(20), text(30), tags, prompt)
                .as((n, genre, style, mood, useCase, t, p) -> new BeatTemplate(Slugs.slug(n), n, genre, style, mood, useCase, t, p));
    }

    /** Non-blank, trimmed, NFC text with the characters catalogs really contain. */
    private static Arbitrary<String> text(int maxLength) {
        return Arbitraries.strings()
                .withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .withChars(" -&'!?()/.:#+ĐđêồơưăàáảãạÉéèçñüöß漢")
                .ofMinLength(1).ofMaxLength(maxLength)
                .map(s -> Normalizer.normalize(s, Normalizer.Form.NFC).strip())
                .filter(s -> !s.isEmpty());
    }

    private static void clear() {
        DB.database().jdbi().useHandle(h -> {
            h.execute("DELETE FROM catalog_sync_run");
            h.execute("DELETE FROM beat_template");
        });
    }
}
