package com.beatgen.catalog;

import static com.beatgen.catalog.Catalogs.stream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogReaderTest {

    private static final String HEADER = row("Category Name", "Genre", "Style", "Mood", "Use Case", "Tags", "Prompt");
    private final CatalogReader reader = new CatalogReader();

    @Test
    void readsTheShippedCatalog() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("..", "catalog", "beat_catalog.xml"))) {
            List<BeatTemplate> templates = reader.read(in);
            assertTrue(templates.size() >= 40, "templates: " + templates.size());
            BeatTemplate dem = templates.stream().filter(t -> t.id().equals("dem-buon-piano")).findFirst().orElseThrow();
            assertEquals("Đêm Buồn Piano", dem.categoryName());
            assertTrue(templates.stream().anyMatch(t -> t.basePrompt().contains("\n")), "Excel line breaks (&#10;) are kept");
            assertEquals(templates.size(), templates.stream().map(BeatTemplate::id).distinct().count());
        }
    }

    @Test
    void matchesElementsByNamespaceWhateverThePrefix() {
        String body = HEADER + row("Night Drive", "Synthwave", "Retro", "Dreamy", "Driving", "synth, retro", "110 BPM arps");
        String defaultNs = workbook(body);
        String ssPrefix = """
                <?xml version="1.0"?>
                <ss:Workbook xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
                 <ss:Worksheet ss:Name="Beat Catalog"><ss:Table>%s</ss:Table></ss:Worksheet>
                </ss:Workbook>""".formatted(body.replace("<Row", "<ss:Row").replace("</Row", "</ss:Row")
                .replace("<Cell", "<ss:Cell").replace("</Cell", "</ss:Cell").replace("<Data", "<ss:Data").replace("</Data", "</ss:Data"));
        String sPrefix = ssPrefix.replace("ss:", "s:").replace("xmlns:ss", "xmlns:s");
        String unprefixedAttributes = defaultNs.replace("ss:Name=", "Name=").replace("ss:Type=", "Type=").replace("xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\"", "");
        for (String xml : List.of(defaultNs, ssPrefix, sPrefix, unprefixedAttributes)) {
            List<BeatTemplate> templates = reader.read(stream(xml));
            assertEquals(1, templates.size(), xml);
            assertEquals(List.of("synth", "retro"), templates.get(0).tags());
        }
    }

    @Test
    void ignoresElementsWithTheRightNameInAnotherNamespace() {
        String xml = workbook(HEADER + row("Night Drive", "Synthwave", "Retro", "Dreamy", "Driving", "synth", "110 BPM arps")
                + "<x:Row xmlns:x=\"urn:other\"><x:Cell><x:Data>Fake</x:Data></x:Cell></x:Row>");
        assertEquals(1, reader.read(stream(xml)).size());
    }

    @Test
    void honoursIndexOnRowsAndCellsAndMergeAcross() {
        String xml = workbook("""
                <Row ss:Index="3"><Cell><Data ss:Type="String">Category Name</Data></Cell><Cell ss:MergeAcross="1"><Data ss:Type="String">Genre</Data></Cell>
                  <Cell><Data ss:Type="String">Style</Data></Cell><Cell ss:Index="6"><Data ss:Type="String">Mood</Data></Cell>
                  <Cell><Data ss:Type="String">Use Case</Data></Cell><Cell><Data ss:Type="String">Prompt</Data></Cell></Row>
                <Row ss:Index="7"><Cell><Data ss:Type="String">Gap Row</Data></Cell><Cell ss:MergeAcross="1"><Data ss:Type="String">House</Data></Cell>
                  <Cell><Data ss:Type="String">Piano</Data></Cell><Cell ss:Index="6"><Data ss:Type="String">Happy</Data></Cell>
                  <Cell><Data ss:Type="String">Party</Data></Cell><Cell><Data ss:Type="String">124 BPM piano house</Data></Cell></Row>
                <Row><Cell ss:Index="2"><Data ss:Type="String">Trap</Data></Cell></Row>""");
        InvalidCatalogException e = assertThrows(InvalidCatalogException.class, () -> reader.read(stream(xml)));
        // row 8 (after ss:Index="7") has a genre but no category name: the error names the right row
        assertEquals(8, e.errors().get(0).row(), e.getMessage());
        assertEquals("Category Name", e.errors().get(0).column());

        List<BeatTemplate> ok = reader.read(stream(xml.replace("<Row><Cell ss:Index=\"2\"><Data ss:Type=\"String\">Trap</Data></Cell></Row>", "")));
        BeatTemplate t = ok.get(0);
        assertEquals(List.of("Gap Row", "House", "Piano", "Happy", "Party", "124 BPM piano house"),
                List.of(t.categoryName(), t.genre(), t.style(), t.mood(), t.useCase(), t.basePrompt()));
        assertEquals(List.of(), t.tags(), "no Tags column: no tags");
    }

    @Test
    void findsTheHeaderBelowATitleWithColumnsInAnyOrderAndIgnoresUnknownColumns() {
        String xml = workbook(row("Beat catalog — spring drop") + row("")
                + row("Prompt", "Notes", "Mood", "Use Case", "Style", "Genre", "category name", "TAGS")
                + row("Warm 85 BPM boom bap", "ignore me", "Nostalgic", "Rap freestyle", "Dusty", "Boom Bap", "Basement Tape", "boom bap, dusty"));
        BeatTemplate t = reader.read(stream(xml)).get(0);
        assertEquals("basement-tape", t.id());
        assertEquals("Boom Bap", t.genre());
        assertEquals("Warm 85 BPM boom bap", t.basePrompt());
        assertEquals(List.of("boom bap", "dusty"), t.tags());
    }

    @Test
    void usesTheBeatCatalogWorksheetElseTheFirst() {
        String other = "<Worksheet ss:Name=\"Notes\"><Table>" + HEADER + row("Wrong Sheet", "g", "s", "m", "u", "", "p") + "</Table></Worksheet>";
        String catalog = "<Worksheet ss:Name=\"Beat Catalog\"><Table>" + HEADER + row("Right Sheet", "g", "s", "m", "u", "", "p") + "</Table></Worksheet>";
        assertEquals("Right Sheet", reader.read(stream(workbookWithSheets(other + catalog))).get(0).categoryName());
        String second = catalog.replace("Beat Catalog", "Sheet2");
        assertEquals("Wrong Sheet", reader.read(stream(workbookWithSheets(other + second))).get(0).categoryName());
    }

    @Test
    void cellTextIncludesRichTextButNeverComments() {
        String xml = workbook(HEADER + """
                <Row><Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>Bold</B> <Font html:Color="#FF0000">Name</Font></ss:Data>
                       <Comment ss:Author="Ann"><ss:Data xmlns="http://www.w3.org/TR/REC-html40"><B>Ann:</B> check this</ss:Data></Comment></Cell>
                  <Cell><Data ss:Type="String">  Trap  </Data></Cell><Cell><Data ss:Type="String">Dark</Data></Cell>
                  <Cell><Data ss:Type="String">Dark</Data></Cell><Cell><Data ss:Type="String">Gaming</Data></Cell>
                  <Cell><Data ss:Type="String"> trap ,, dark,  , Trap ,808 </Data></Cell>
                  <Cell><Data ss:Type="String">140 BPM&#10;heavy 808s&#10;&#10;no vocals</Data></Cell></Row>""");
        BeatTemplate t = reader.read(stream(xml)).get(0);
        assertEquals("Bold Name", t.categoryName());
        assertEquals("Trap", t.genre());
        assertEquals(List.of("trap", "dark", "808"), t.tags(), "split on commas, trimmed, empties and repeats dropped");
        assertEquals("140 BPM\nheavy 808s\n\nno vocals", t.basePrompt());
    }

    @Test
    void honoursTheDeclaredEncodingAndAByteOrderMark() throws Exception {
        String body = HEADER + row("Đêm Buồn Piano", "Lo-fi", "Piano", "Buồn", "Ngủ", "piano", "70 BPM, café piano");
        for (Charset charset : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE, StandardCharsets.UTF_8)) {
            byte[] bom = "\uFEFF".getBytes(charset);
            String xml = workbook(body).replace("<?xml version=\"1.0\"?>", "<?xml version=\"1.0\" encoding=\"" + charset.name() + "\"?>");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(bom);
            out.write(xml.getBytes(charset));
            assertEquals("dem-buon-piano", reader.read(new ByteArrayInputStream(out.toByteArray())).get(0).id(), charset.name());
        }
        String latin = HEADER + row("Café Nocturne", "Jazz", "Brushes", "Smoky", "Lounge", "jazz", "Brushed drums, 90 BPM");
        byte[] iso = workbook(latin).replace("<?xml version=\"1.0\"?>", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("Café Nocturne", reader.read(new ByteArrayInputStream(iso)).get(0).categoryName());
    }

    @Test
    void refusesExternalEntitiesWithoutReadingThem(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-VALUE");
        String xml = """
                <?xml version="1.0"?>
                <!DOCTYPE Workbook [<!ENTITY xxe SYSTEM "%s">]>
                <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
                <Worksheet ss:Name="Beat Catalog"><Table>%s%s</Table></Worksheet></Workbook>"""
                .formatted(secret.toUri(), HEADER, row("&xxe;", "g", "s", "m", "u", "", "p"));
        InvalidCatalogException e = assertThrows(InvalidCatalogException.class, () -> reader.read(stream(xml)));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
        assertFalse(e.getMessage().contains("TOP-SECRET"), e.getMessage());
    }

    @Test
    void refusesAnEntityExpansionBombFast() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        dtd.append("<!ENTITY lol1 \"").append("&lol;".repeat(10)).append("\">");
        for (int i = 2; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        String xml = "<?xml version=\"1.0\"?>" + dtd + "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">"
                + "<Worksheet><Table>" + HEADER + row("&lol9;", "g", "s", "m", "u", "", "p") + "</Table></Worksheet></Workbook>";
        InvalidCatalogException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThrows(InvalidCatalogException.class, () -> reader.read(stream(xml))));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    }

    @Test
    void refusesTruncatedXmlWithItsLocation() {
        String xml = workbook(HEADER + row("Night Drive", "Synthwave", "Retro", "Dreamy", "Driving", "", "110 BPM"));
        InvalidCatalogException e = assertThrows(InvalidCatalogException.class,
                () -> reader.read(stream(xml.substring(0, xml.length() / 2))));
        assertTrue(e.getMessage().contains("malformed XML at line"), e.getMessage());
    }

    @Test
    void refusesAFileOverTheSizeLimit() {
        String xml = workbook(HEADER + row("Night Drive", "Synthwave", "Retro", "Dreamy", "Driving", "", "x".repeat(2_000)));
        InvalidCatalogException e = assertThrows(InvalidCatalogException.class, () -> new CatalogReader(1_000).read(stream(xml)));
        assertTrue(e.getMessage().contains("larger than the limit of 1000 bytes"), e.getMessage());
    }

    @Test
    void namesEveryMissingRequiredColumn() {
        String xml = workbook(row("Category Name", "Genre", "Tags", "Prompt") + row("A", "B", "", "C"));
        InvalidCatalogException e = assertThrows(InvalidCatalogException.class, () -> reader.read(stream(xml)));
        assertEquals(List.of("Style", "Mood", "Use Case"), e.errors().stream().map(CatalogError::column).toList());
        assertTrue(e.errors().stream().allMatch(err -> err.row() == 1 && err.message().contains("missing")));
    }

    @Test
    void namesTheRowAndColumnOfEveryEmptyRequiredValue() {
        String xml = workbook(HEADER
                + row("Good One", "Trap", "Hard", "Dark", "Gym", "", "140 BPM")
                + row("Bad One", "Trap", "", "Dark", "Gym", "", "   ")
                + row("", "House", "Deep", "Warm", "Club", "", "122 BPM"));
        InvalidCatalogException e = assertThrows(InvalidCatalogException.class, () -> reader.read(stream(xml)));
        assertEquals(List.of("row 3, column 'Style': a value is required", "row 3, column 'Prompt': a value is required",
                "row 4, column 'Category Name': a value is required"), e.errors().stream().map(CatalogError::toString).toList());
    }

    @Test
    void refusesTwoRowsWithTheSameSlug() {
        String xml = workbook(HEADER + row("Lo-Fi Chill", "Lo-fi", "Dusty", "Chill", "Study", "", "80 BPM")
                + row("lo-fi chill!", "Lo-fi", "Dusty", "Chill", "Study", "", "80 BPM"));
        InvalidCatalogException e = assertThrows(InvalidCatalogException.class, () -> reader.read(stream(xml)));
        assertEquals(3, e.errors().get(0).row());
        assertTrue(e.getMessage().contains("'lo-fi-chill', already used by row 2"), e.getMessage());
    }

    @Test
    void refusesValuesTooLongForTheDatabaseAndNamesWithoutLetters() {
        String xml = workbook(HEADER + row("G".repeat(151), "Trap", "Hard", "Dark", "Gym", "", "140 BPM")
                + row("!!!", "Trap", "Hard", "Dark", "Gym", "", "140 BPM"));
        InvalidCatalogException e = assertThrows(InvalidCatalogException.class, () -> reader.read(stream(xml)));
        assertTrue(e.errors().get(0).message().contains("at most 150"), e.getMessage());
        assertTrue(e.errors().get(1).message().contains("no letters or digits"), e.getMessage());
    }

    @Test
    void refusesAWorkbookWithoutHeaderOrTemplates() {
        assertThrows(InvalidCatalogException.class, () -> reader.read(stream(workbook(row("just", "some", "text")))));
        InvalidCatalogException empty = assertThrows(InvalidCatalogException.class, () -> reader.read(stream(workbook(HEADER))));
        assertTrue(empty.getMessage().contains("no templates"), empty.getMessage());
        InvalidCatalogException noSheet = assertThrows(InvalidCatalogException.class, () -> reader.read(stream(
                "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"/>")));
        assertTrue(noSheet.getMessage().contains("no worksheet"), noSheet.getMessage());
    }

    @Test
    void refusesIndexesThatGoBackwards() {
        String xml = workbook(HEADER + "<Row ss:Index=\"1\"><Cell><Data ss:Type=\"String\">x</Data></Cell></Row>");
        InvalidCatalogException e = assertThrows(InvalidCatalogException.class, () -> reader.read(stream(xml)));
        assertTrue(e.getMessage().contains("ss:Index=\"1\""), e.getMessage());
    }

    static String row(String... values) {
        StringBuilder row = new StringBuilder("<Row>");
        for (String value : values) {
            row.append("<Cell><Data ss:Type=\"String\">").append(value).append("</Data></Cell>");
        }
        return row.append("</Row>\n").toString();
    }

    static String workbook(String rows) {
        return workbookWithSheets("<Worksheet ss:Name=\"Beat Catalog\"><Table>" + rows + "</Table></Worksheet>");
    }

    static String workbookWithSheets(String sheets) {
        return """
                <?xml version="1.0"?>
                <?mso-application progid="Excel.Sheet"?>
                <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:office:office"
                 xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
                 xmlns:html="http://www.w3.org/TR/REC-html40">
                %s
                </Workbook>""".formatted(sheets);
    }
}
