package com.beatgen.catalog;


import static com.beatgen.catalog.CatalogReaderTest.row;
import static com.beatgen.catalog.CatalogReaderTest.workbook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.beatgen.db.Database;
import com.beatgen.db.FailAt;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Issue 17: what validation accepts, the database stores; what the database refuses is a named error without SQL. */
class CatalogDatabaseRulesTest {

    private static final String HEADER = row("Category Name", "Genre", "Style", "Mood", "Use Case", "Tags", "Prompt");
    @RegisterExtension
    final CatalogDatabase db = CatalogDatabase.fresh();

    private SyncResult sync(String... names) {
        StringBuilder rows = new StringBuilder(HEADER);
        for (String name : names) {
            rows.append(row(name, "Lo-fi", "Dusty", "Chill 🔥", "Study", "lofi, 🔥", "80 BPM"));
        }
        return db.sync().sync(Catalogs.stream(workbook(rows.toString())), SyncSource.file("beat_catalog.xml"));
    }

    private List<String> activeNames() {
        return db.templates().findAll().stream().filter(StoredTemplate::active).map(t -> t.template().categoryName()).toList();
    }

    @Test
    void theValidationLimitsAreTheSchemasColumns() {
        Map<String, Map<String, Object>> columns = db.database().jdbi().withHandle(h -> h.createQuery("""
                        SELECT column_name AS name, character_maximum_length AS length, collation_name AS collation
                        FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'beat_template'""")
                .mapToMap().list()).stream()
                .collect(java.util.stream.Collectors.toMap(m -> m.get("name").toString().toLowerCase(), m -> m));
        assertThat(((Number) columns.get("id").get("length")).intValue()).isEqualTo(Slugs.MAX_LENGTH);
        for (Column column : List.of(Column.CATEGORY_NAME, Column.GENRE, Column.STYLE, Column.MOOD, Column.USE_CASE)) {
            String name = column.name().toLowerCase();
            assertThat(((Number) columns.get(name).get("length")).intValue()).as(name).isEqualTo(column.maxLength());
        }
        assertThat(columns.get("category_name").get("collation")).as("unique by binary comparison").isEqualTo("utf8mb4_bin");
        assertThat(columns.get("genre").get("collation")).isEqualTo("utf8mb4_0900_ai_ci");
    }

    @Test
    void namesThatOnceBrokeTheSyncAreStored() {
        SyncResult result = sync("ß".repeat(150), "Ⅻ".repeat(150), "㎒ " + "Ⅻ".repeat(148), "A" + "🔥".repeat(149), "Cafe\u0301 Jazz");
        assertThat(result.added()).isEqualTo(5);
        assertThat(db.templates().findAll()).allSatisfy(t -> assertThat(t.template().id()).hasSizeLessThanOrEqualTo(Slugs.MAX_LENGTH));
        assertThat(activeNames()).contains("ß".repeat(150), "A" + "🔥".repeat(149), "Café Jazz");
        assertThat(sync("ß".repeat(150), "Ⅻ".repeat(150), "㎒ " + "Ⅻ".repeat(148), "A" + "🔥".repeat(149), "Café Jazz").writes())
                .as("the same names again: ids are stable").isZero();
    }

    @Test
    void aSoftDeletedNameDoesNotBlockANameThatLooksTheSame() {
        sync("Lofi Beats", "Night Drive");
        sync("Night Drive");
        assertThatThrownBy(() -> sync("Lofi\u200BBeats", "Night Drive"))
                .isInstanceOf(InvalidCatalogException.class).hasMessageContaining("row 2, column 'Category Name'").hasMessageContaining("U+200B");
        sync("Night Drive", "LOFI beats");
        assertThat(activeNames()).containsExactlyInAnyOrder("Night Drive", "LOFI beats");
        assertThat(db.templates().findAll()).hasSize(2);
    }

    @Test
    void emojiAreDistinctInTheSchemasUniqueness() {
        sync("Fire 🔥 One", "Fire 💩 Two");
        assertThat(activeNames()).containsExactlyInAnyOrder("Fire 🔥 One", "Fire 💩 Two");
        Long equal = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM beat_template a JOIN beat_template b ON a.mood = b.mood AND a.id < b.id").mapTo(Long.class).one());
        assertThat(equal).isEqualTo(1);
        Long fire = db.database().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM beat_template WHERE mood = :m")
                .bind("m", "Chill 💩").mapTo(Long.class).one());
        assertThat(fire).as("'Chill 💩' does not match 'Chill 🔥'").isZero();
    }

    @Test
    void anUnexpectedDatabaseErrorIsCatalogSyncFailedWithoutSqlText() {
        FailAt fault = new FailAt(2);
        Jdbi faulty = Database.configure(Jdbi.create(db.database().dataSource()));
        faulty.addCustomizer(fault);
        CatalogSyncService faultySync = new CatalogSyncService(faulty, new CatalogReader(), Clock.systemUTC());

        assertThatThrownBy(() -> faultySync.sync(Catalogs.stream(List.of(Catalogs.template("Night Drive"))), SyncSource.file("x.xml")))
                .isInstanceOf(CatalogSyncFailedException.class)
                .hasNoCause()
                .hasMessageContaining("the database refused the catalog, nothing changed: injected failure at statement 2")
                .hasMessageContaining("SQLState")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("INSERT", "SELECT", "UPDATE", "beat_template"))
                .satisfies(e -> assertThat(((CatalogSyncFailedException) e).errorName()).isEqualTo("Catalog.SyncFailed"));
        Map<String, Object> run = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT status, refused, error_name, errors FROM catalog_sync_run").mapToMap().one());
        assertThat(run.get("status")).isEqualTo("failed");
        assertThat(run.get("error_name")).isEqualTo("Catalog.SyncFailed");
        assertThat(run.get("errors").toString()).doesNotContain("INSERT", "SELECT");
        assertThat(db.templates().findAll()).isEmpty();
    }
}
