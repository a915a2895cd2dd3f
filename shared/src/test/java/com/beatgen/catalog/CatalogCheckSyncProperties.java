package com.beatgen.catalog;


import static org.assertj.core.api.Assertions.assertThat;

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
import net.jqwik.api.statistics.Statistics;

/**
 * Issue 17, seed property 6: {@code catalog check} and {@code catalog sync} can never disagree. Catalogs are generated
 * from the characters that broke them (150 × ß, Ⅻ, ㎒, zero-width and bidi characters, combining marks, emoji and
 * their joiners, C1 controls, lengths around every column's limit) and synced after another such catalog, so
 * soft-deleted rows are in the way: the reader accepts a catalog exactly when the sync stores it.
 */
class CatalogCheckSyncProperties {

    private static final CatalogDatabase DB = CatalogDatabase.fresh();

    @AfterContainer
    static void closeDatabase() {
        DB.close();
    }

    @Property(tries = 150)
    @Label("Property 6 (issue 17): check accepts a catalog ⇔ sync stores it, also over soft-deleted rows")
    void checkAcceptsExactlyWhatSyncStores(@ForAll("catalogs") List<BeatTemplate> before, @ForAll("catalogs") List<BeatTemplate> after) {
        DB.database().jdbi().useHandle(h -> {
            h.execute("DELETE FROM catalog_sync_run");
            h.execute("DELETE FROM beat_template");
        });
        if (accepts(before)) {
            DB.sync().sync(Catalogs.stream(before), SyncSource.file("before.xml"));
        }
        boolean accepted = accepts(after);
        boolean synced;
        try {
            DB.sync().sync(Catalogs.stream(after), SyncSource.file("after.xml"));
            synced = true;
        } catch (InvalidCatalogException e) {
            synced = false;
        }
        Statistics.label("accepted").collect(accepted);
        Statistics.label("accepted").coverage(coverage -> {
            coverage.check(true).percentage(p -> p >= 10);
            coverage.check(false).percentage(p -> p >= 10);
        });
        assertThat(synced).as("sync succeeded ⇔ check accepted").isEqualTo(accepted);
        if (accepted) {
            assertThat(DB.templates().findAll().stream().filter(StoredTemplate::active).map(StoredTemplate::template).collect(Collectors.toSet()))
                    .isEqualTo(Set.copyOf(DB.reader().read(Catalogs.stream(after))));
        }
    }

    private boolean accepts(List<BeatTemplate> templates) {
        try {
            DB.reader().read(Catalogs.stream(templates));
            return true;
        } catch (InvalidCatalogException e) {
            return false;
        }
    }

    @Provide
    Arbitrary<List<BeatTemplate>> catalogs() {
        Arbitrary<String> name = Arbitraries.oneOf(hostile(1, 3), Arbitraries.of("Lofi Beats", "LOFI beats", "Lo\u200BFi Beats",
                "Café Jazz", "Cafe\u0301 Jazz", "Ⅻ Beats", "XII Beats", "Fire 🔥", "Fire 💩"));
        Arbitrary<List<String>> tags = hostile(1, 2).list().ofMaxSize(4);
        return Combinators.combine(name, hostile(1, 3), hostile(1, 2), hostile(1, 3), hostile(1, 2), tags, hostile(1, 4))
                .as((n, genre, style, mood, useCase, t, prompt) -> new BeatTemplate("", n, genre, style, mood, useCase, t, prompt))
                .list().ofMinSize(1).ofMaxSize(5);
    }

    /** Text made of pieces that are each a known trouble-maker, or long runs that reach a column's limit. */
    private static Arbitrary<String> hostile(int minPieces, int maxPieces) {
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.strings().withCharRange('a', 'z').withChars(' ', '-', '&').ofMinLength(1).ofMaxLength(12)),
                net.jqwik.api.Tuple.of(4, Arbitraries.of("ß", "Ⅻ", "㎒", "ﬁ", "é", "e\u0301", "\u0308", "Đêm", "漢字", "مرحبا", "שלום",
                        "🔥", "💩", "😈", "👍🏽", "❤️", "👩‍💻", "❤️‍🔥", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", " ", ", ")),
                net.jqwik.api.Tuple.of(2, Arbitraries.of("\u200B", "\u200C", "\u200D", "\u200E", "\u202E", "\u2066", "\u00AD", "\uFEFF",
                        "\u0085", "\u2028", "\uE000", "\u034F")),
                net.jqwik.api.Tuple.of(1, Combinators.combine(Arbitraries.of("ß", "Ⅻ", "🔥", "x", "漢"), Arbitraries.integers().between(60, 160))
                        .as(String::repeat)));
        return piece.list().ofMinSize(minPieces).ofMaxSize(maxPieces).map(pieces -> String.join("", pieces));
    }
}
