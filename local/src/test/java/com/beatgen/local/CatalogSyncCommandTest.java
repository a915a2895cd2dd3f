package com.beatgen.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.beatgen.Json;
import com.beatgen.catalog.StoredTemplate;
import com.beatgen.catalog.TemplateRepository;
import com.beatgen.config.DatabaseConfig;
import com.beatgen.db.Database;
import com.beatgen.db.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CatalogSyncCommandTest {

    private static final String SHIPPED = Path.of("..", "catalog", "beat_catalog.xml").toString();

    @TempDir
    Path dir;

    private Cli cli;
    private Database database;

    @BeforeEach
    void setUp() {
        DatabaseConfig config = TestDatabase.freshConfig();
        cli = new Cli(config);
        database = Database.connect(config);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void syncingTheSameCatalogTwiceWritesNothingTheSecondTime() throws Exception {
        Cli.Run first = cli.run("catalog", "sync", SHIPPED, "--json");
        assertEquals(0, first.exitCode(), first.all());
        JsonNode added = Json.MAPPER.readTree(first.out());
        assertEquals("succeeded", added.get("status").asText());
        assertTrue(added.get("added").asInt() >= 40, first.out());

        Cli.Run second = cli.run("catalog", "sync", SHIPPED, "--json");
        assertEquals(0, second.exitCode(), second.all());
        JsonNode again = Json.MAPPER.readTree(second.out());
        for (String count : List.of("added", "updated", "deactivated", "reactivated")) {
            assertEquals(0, again.get(count).asInt(), count + " in " + second.out());
        }
        assertEquals(added.get("added").asInt(), again.get("unchanged").asInt());
        assertTrue(again.get("runId").asLong() > added.get("runId").asLong());

        Cli.Run third = cli.run("catalog", "sync", SHIPPED);
        assertEquals(0, third.exitCode(), third.all());
        assertTrue(third.out().contains("0 template rows written"), third.out());
        assertTrue(third.out().matches("(?s).*unchanged\\s+" + added.get("added").asInt() + "\\R.*"), third.out());
    }

    record Hostile(String name, String content, List<String> options, Map<String, String> env, String message,
                   Integer row, String column) {
        Hostile(String name, String content, String message, Integer row, String column) {
            this(name, content, List.of(), Map.of(), message, row, column);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Hostile> hostileCatalogs() {
        return Stream.of(
                new Hostile("XXE", HostileCatalogs.xxe(), "DOCTYPE declarations are not allowed", null, null),
                new Hostile("billion laughs", HostileCatalogs.billionLaughs(), "DOCTYPE declarations are not allowed", null, null),
                new Hostile("truncated XML", HostileCatalogs.truncated(), "malformed XML at line", null, null),
                new Hostile("missing required column", HostileCatalogs.missingGenreColumn(),
                        "required column is missing from the header row", 1, "Genre"),
                new Hostile("empty required value", HostileCatalogs.emptyMood(), "a value is required", 3, "Mood"),
                new Hostile("duplicate slug", HostileCatalogs.duplicateSlug(),
                        "'lo-fi chill!' has the id 'lo-fi-chill', already used by row 2", 3, "Category Name"),
                new Hostile("oversized file (--max-bytes)", HostileCatalogs.large(50), List.of("--max-bytes", "4096"), Map.of(),
                        "file is larger than the limit of 4096 bytes", null, null),
                new Hostile("oversized file (CATALOG_MAX_BYTES)", HostileCatalogs.large(50), List.of(),
                        Map.of("CATALOG_MAX_BYTES", "2048"), "file is larger than the limit of 2048 bytes", null, null),
                new Hostile("zero-width space", HostileCatalogs.zeroWidthSpace(),
                        "contains the invisible character U+200B (ZERO WIDTH SPACE) at character 3", 3, "Category Name"),
                new Hostile("bidi override", HostileCatalogs.bidiOverride(),
                        "contains the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) at character 1", 2, "Category Name"),
                new Hostile("<Notebook> root", HostileCatalogs.notebookRoot(),
                        "line 3, column 1: the root element is <Notebook>; a SpreadsheetML workbook's root element is <Workbook>", null, null),
                new Hostile("<html>", HostileCatalogs.html(),
                        "line 1, column 1: not an Excel 2003 XML (SpreadsheetML) workbook: the root element is <html>", null, null),
                new Hostile("BOM vs declared encoding", HostileCatalogs.bomContradictsDeclaration(),
                        "line 1: the file starts with a UTF-8 byte-order mark but declares encoding=\"ISO-8859-1\"", null, null),
                new Hostile("two worksheets of one name", HostileCatalogs.twoSheetsOfOneName(),
                        "a second worksheet named 'Beat Catalog'", null, null),
                new Hostile("empty file", "", "the file is empty (0 bytes)", null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileCatalogs")
    void aRefusedCatalogNamesTheProblemAndLeavesTheTemplatesAsTheyWere(Hostile hostile) throws Exception {
        assertEquals(0, cli.run("catalog", "sync", SHIPPED, "--json").exitCode());
        List<StoredTemplate> before = new TemplateRepository(database.jdbi()).findAll();
        Path file = dir.resolve("hostile.xml");
        Files.writeString(file, hostile.content(), StandardCharsets.UTF_8);

        String[] args = Stream.concat(Stream.of("catalog", "sync", file.toString(), "--json"), hostile.options().stream())
                .toArray(String[]::new);
        Cli.Run run = cli.run(hostile.env(), args);

        assertEquals(2, run.exitCode(), run.all());
        assertEquals("", run.err());
        JsonNode error = Json.MAPPER.readTree(run.out()).get("errors").get(0);
        assertTrue(error.get("message").asText().contains(hostile.message()), run.out());
        assertEquals(hostile.row(), error.has("row") ? Integer.valueOf(error.get("row").asInt()) : null, run.out());
        assertEquals(hostile.column(), error.has("column") ? error.get("column").asText() : null, run.out());
        assertFalse(run.all().matches("(?s).*(wstx|Exception|byte #|unexpected error).*"), run.all());

        Cli.Run check = cli.run(hostile.env(), Stream.concat(Stream.of("catalog", "check", file.toString()), hostile.options().stream())
                .toArray(String[]::new));
        assertEquals(2, check.exitCode(), check.all());
        assertEquals(file + ": " + new com.beatgen.catalog.CatalogError(hostile.row(), hostile.column(),
                error.get("message").asText()), check.err().lines().findFirst().orElseThrow(), "check says what sync says");
        assertFalse(run.all().contains("root:"), "no /etc/passwd content in the output");
        assertEquals(before, new TemplateRepository(database.jdbi()).findAll());
    }

    @Test
    void withoutJsonTheErrorsGoToStderrOneLineEach() throws Exception {
        Path file = dir.resolve("duplicate.xml");
        Files.writeString(file, HostileCatalogs.duplicateSlug(), StandardCharsets.UTF_8);

        Cli.Run run = cli.run("catalog", "sync", file.toString());

        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertEquals(List.of(file + ": row 3, column 'Category Name': 'lo-fi chill!' has the id 'lo-fi-chill', already used "
                        + "by row 2; category names must differ in more than case, accents or punctuation",
                file + ": refused (1 error); no template was changed"), run.err().lines().toList());
        assertTrue(new TemplateRepository(database.jdbi()).findAll().isEmpty());
    }

    @Test
    void namesThatOnceFailedInsideTheDatabaseAreSynced() throws Exception {
        Path file = dir.resolve("unicode.xml");
        Files.writeString(file, Workbooks.catalog("ß".repeat(150), "Ⅻ Beats", "108 ㎒ Radio", "Fire 🔥", "Cafe\u0301 Jazz"), StandardCharsets.UTF_8);

        Cli.Run check = cli.run("catalog", "check", file.toString());
        assertEquals(0, check.exitCode(), check.all());
        Cli.Run run = cli.run("catalog", "sync", file.toString());
        assertEquals(0, run.exitCode(), run.all());
        assertFalse(run.all().contains("unexpected error"), run.all());
        assertEquals(5, new TemplateRepository(database.jdbi()).findAll().size());
        assertTrue(new TemplateRepository(database.jdbi()).find("xii-beats").isPresent());
    }

    @Test
    void aDatabaseThatRefusesTheCatalogIsOneLineWithoutSqlNotAnUnexpectedError() throws Exception {
        database.migrate();
        database.jdbi().useHandle(h -> h.execute("""
                CREATE TRIGGER refuse_templates BEFORE INSERT ON beat_template FOR EACH ROW
                SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'templates are read-only today'"""));
        Path file = dir.resolve("catalog.xml");
        Files.writeString(file, Workbooks.catalog("Alpha Beat"), StandardCharsets.UTF_8);

        Cli.Run run = cli.run("catalog", "sync", file.toString());

        assertEquals(1, run.exitCode(), run.all());
        assertEquals(List.of(file + ": not synced: Catalog.SyncFailed: the database refused the catalog, nothing changed: "
                + "templates are read-only today (SQLState 45000, error 1644)"), run.err().lines().filter(l -> l.startsWith(file.toString())).toList());
        assertFalse(run.all().matches("(?s).*(unexpected error|INSERT|Exception|\\tat ).*"), run.all());
        assertTrue(new TemplateRepository(database.jdbi()).findAll().isEmpty());
    }

    @Test
    void aMissingFileIsRefusedBeforeTheDatabaseIsOpened() {
        Cli.Run run = cli.run("catalog", "sync", dir.resolve("missing.xml").toString(), "--json");

        assertEquals(2, run.exitCode());
        assertTrue(run.out().contains("no such file"), run.out());
        assertEquals(0, cli.opened());
    }
}
