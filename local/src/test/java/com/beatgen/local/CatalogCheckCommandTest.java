package com.beatgen.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.beatgen.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogCheckCommandTest {

    private static final String SHIPPED = Path.of("..", "catalog", "beat_catalog.xml").toString();

    private final Cli cli = new Cli(null); // check never opens a database

    @TempDir
    Path dir;

    @Test
    void checksTheShippedCatalogAsJson() throws Exception {
        Cli.Run run = cli.run("catalog", "check", SHIPPED, "--json");

        assertEquals(0, run.exitCode(), run.err());
        JsonNode templates = Json.MAPPER.readTree(run.out()).get("templates");
        assertTrue(templates.size() >= 40, "at least 40 templates, got " + templates.size());
        List<String> ids = StreamSupport.stream(templates.spliterator(), false).map(t -> t.get("id").asText()).toList();
        assertTrue(ids.contains("dem-buon-piano"), ids.toString());
        List<String> fields = new ArrayList<>();
        templates.get(0).fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("id", "categoryName", "genre", "style", "mood", "useCase", "tags", "basePrompt"), fields);
        assertTrue(templates.get(0).get("tags").isArray());
        assertEquals("", run.err());
    }

    @Test
    void checksTheShippedCatalogAsASummaryWithOneLinePerTemplate() {
        Cli.Run run = cli.run("catalog", "check", SHIPPED);

        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).matches("\\d+ templates valid in .*beat_catalog.xml"), lines.get(0));
        int count = Integer.parseInt(lines.get(0).split(" ")[0]);
        assertEquals(count + 1, lines.size());
        assertTrue(lines.stream().anyMatch(l -> l.contains("dem-buon-piano") && l.contains("Đêm Buồn Piano")), run.out());
    }

    @Test
    void listsEveryErrorOnStderrAndExitsWith2() throws Exception {
        Path file = dir.resolve("broken.xml");
        Files.writeString(file, Workbooks.workbook(List.of(Workbooks.HEADER,
                Workbooks.with(Workbooks.row("Alpha Beat"), 3, ""),
                Workbooks.with(Workbooks.row("Bravo Beat"), 1, ""))), StandardCharsets.UTF_8);

        Cli.Run run = cli.run("catalog", "check", file.toString());

        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        List<String> lines = run.err().lines().toList();
        assertEquals(List.of(
                file + ": row 2, column 'Mood': a value is required",
                file + ": row 3, column 'Genre': a value is required",
                file + ": refused (2 errors)"), lines);
    }

    @Test
    void aMissingFileIsAClearErrorNotAStackTrace() {
        Cli.Run text = cli.run("catalog", "check", dir.resolve("missing.xml").toString());
        assertEquals(2, text.exitCode());
        assertTrue(text.err().contains("no such file"), text.err());
        assertFalse(text.all().contains("Exception") || text.all().contains("\tat "), text.all());

        Cli.Run json = cli.run("catalog", "check", dir.toString(), "--json");
        assertEquals(2, json.exitCode());
        assertEquals("{\"errors\":[{\"message\":\"cannot read the file: is a directory, not a catalog file\"}]}",
                json.out().strip());
    }

    @Test
    void refusesAnEntityBombInWellUnderASecond() throws Exception {
        Path file = dir.resolve("bomb.xml");
        Files.writeString(file, HostileCatalogs.billionLaughs(), StandardCharsets.UTF_8);

        long start = System.nanoTime();
        Cli.Run run = cli.run("catalog", "check", file.toString(), "--json");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(2, run.exitCode(), run.all());
        assertTrue(run.out().contains("DOCTYPE"), run.out());
        assertTrue(millis < 1_000, "refused after " + millis + " ms");
    }
}
