package com.beatgen.catalog;

import static com.beatgen.catalog.CatalogReaderTest.row;
import static com.beatgen.catalog.CatalogReaderTest.workbook;
import static com.beatgen.catalog.CatalogReaderTest.workbookWithSheets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.beatgen.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 17: what the reader refuses, and how it says so (one line each, row and column where there are some). */
class CatalogRefusalsTest {

    private static final String HEADER = row("Category Name", "Genre", "Style", "Mood", "Use Case", "Tags", "Prompt");
    private final CatalogReader reader = new CatalogReader();

    private static String catalog(String name) {
        return workbook(HEADER + row(name, "Lo-fi", "Dusty", "Chill", "Study", "lofi", "80 BPM"));
    }

    private InvalidCatalogException refused(String xml) {
        return refused(xml.getBytes(StandardCharsets.UTF_8));
    }

    private InvalidCatalogException refused(byte[] bytes) {
        InvalidCatalogException e = assertThrows(InvalidCatalogException.class, () -> reader.read(new ByteArrayInputStream(bytes)));
        for (CatalogError error : e.errors()) {
            assertThat(error.message()).doesNotContainPattern("(?i)wstx|exception|byte #|\\n");
        }
        return e;
    }

    private static CatalogError only(InvalidCatalogException e) {
        assertThat(e.errors()).hasSize(1);
        return e.errors().get(0);
    }

    @Test
    void aNameOf150SharpSIsAcceptedWithABoundedId() {
        BeatTemplate t = reader.read(Catalogs.stream(catalog("ß".repeat(150)))).get(0);
        assertThat(t.categoryName()).hasSize(150);
        assertThat(t.id()).hasSizeLessThanOrEqualTo(Slugs.MAX_LENGTH).startsWith("ssss").matches("[a-z0-9]+(-[a-z0-9]+)*");
        assertThat(Slugs.slug("ß".repeat(149) + "x")).as("distinct long names keep distinct ids").isNotEqualTo(t.id());
    }

    @Test
    void compatibilityCharactersFoldIntoTheId() {
        assertThat(reader.read(Catalogs.stream(catalog("Ⅻ Beats"))).get(0).id()).isEqualTo("xii-beats");
        assertThat(reader.read(Catalogs.stream(catalog("108 ㎒ Radio"))).get(0).id()).isEqualTo("108-mhz-radio");
        assertThat(reader.read(Catalogs.stream(catalog("Ⅻ".repeat(150)))).get(0).id()).hasSizeLessThanOrEqualTo(Slugs.MAX_LENGTH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u200B", "\u200E", "\u202E", "\u2066", "\u00AD", "\uFEFF", "\u2060", "\u0085", "\u2028", "\uE000", "\u3164"})
    void refusesInvisibleCharactersWithRowColumnAndCodePoint(String invisible) {
        CatalogError error = only(refused(catalog("Lo" + invisible + "fi Beats")));
        assertThat(error.row()).isEqualTo(2);
        assertThat(error.column()).isEqualTo("Category Name");
        assertThat(error.message()).contains(String.format("U+%04X", invisible.codePointAt(0)), "at character 3");
    }

    @Test
    void aZeroWidthSpaceIsRefusedInEveryColumn() {
        String xml = workbook(HEADER + row("Night Drive", "Synth\u200Bwave", "Retro", "Dark \u200B🔥", "Driving", "synth, re\u200Btro", "110 BPM\u200B"));
        InvalidCatalogException e = refused(xml);
        assertThat(e.errors()).extracting(CatalogError::column).containsExactly("Genre", "Mood", "Tags", "Prompt");
        assertThat(e.errors()).allMatch(err -> err.message().contains("U+200B (ZERO WIDTH SPACE)"));
    }

    @Test
    void acceptsEmojiSequencesCombiningMarksAndLineBreaksInPrompts() {
        String xml = workbook(HEADER + row("Coder 👩‍💻 Nights", "Lo-fi", "Dusty", "Dark ❤️‍🔥", "Study", "🏴󠁧󠁢󠁳󠁣󠁴󠁿, 👍🏽, 🔥, 💩",
                "80 BPM&#10;warm keys"));
        BeatTemplate t = reader.read(Catalogs.stream(xml)).get(0);
        assertThat(t.id()).isEqualTo("coder-nights");
        assertThat(t.tags()).containsExactly("🏴󠁧󠁢󠁳󠁣󠁴󠁿", "👍🏽", "🔥", "💩");
        assertThat(reader.read(Catalogs.stream(catalog("Cafe\u0301 Jazz"))).get(0).categoryName())
                .as("stored NFC").isEqualTo("Café Jazz");
        assertThat(only(refused(catalog("Lo\u200Dfi"))).message()).as("a joiner outside an emoji sequence").contains("U+200D");
    }

    @Test
    void lengthsAreCountedInCodePointsAsTheDatabaseCounts() {
        String hundredEmoji = "🔥".repeat(100);
        String xml = workbook(HEADER + row("Fire", hundredEmoji, "Dusty", "Chill", "Study", "", "80 BPM"));
        assertThat(reader.read(Catalogs.stream(xml)).get(0).genre()).isEqualTo(hundredEmoji);
        String tooLong = workbook(HEADER + row("Fire", hundredEmoji + "🔥", "Dusty", "Chill", "Study", "", "80 BPM"));
        assertThat(only(refused(tooLong)).message()).contains("is 101 characters long; at most 100");
    }

    @Test
    void refusesARootElementOtherThanWorkbook() {
        String notebook = """
                <?xml version="1.0"?>
                <Notebook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
                <Worksheet ss:Name="Beat Catalog"><Table>%s</Table></Worksheet></Notebook>""".formatted(HEADER);
        CatalogError error = only(refused(notebook));
        assertThat(error.row()).isNull();
        assertThat(error.message()).isEqualTo("line 2, column 1: the root element is <Notebook>; a SpreadsheetML workbook's root element is <Workbook>");
    }

    @Test
    void refusesAFileThatIsNotSpreadsheetMl() {
        CatalogError html = only(refused("<!-- saved as web page -->\n<html><body><table><tr><td>Category Name</td></tr></table></body></html>"));
        assertThat(html.message()).startsWith("line 2, column 1: not an Excel 2003 XML (SpreadsheetML) workbook: the root element is <html> without a namespace");
        CatalogError workbookElsewhere = only(refused("<Workbook xmlns=\"urn:example\"/>"));
        assertThat(workbookElsewhere.message()).contains("not an Excel 2003 XML (SpreadsheetML) workbook", "in the namespace urn:example");
    }

    @Test
    void refusesAByteOrderMarkThatContradictsTheDeclaredEncoding() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        out.write(catalog("Café Nocturne").replace("<?xml version=\"1.0\"?>", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>")
                .getBytes(StandardCharsets.UTF_8));
        CatalogError error = only(refused(out.toByteArray()));
        assertThat(error.row()).isNull();
        assertThat(error.message()).contains("line 1", "UTF-8 byte-order mark", "encoding=\"ISO-8859-1\"");
    }

    @Test
    void refusesTwoWorksheetsOfOneName() {
        String sheet = "<Worksheet ss:Name=\"Beat Catalog\"><Table>" + HEADER + row("A", "g", "s", "m", "u", "", "p") + "</Table></Worksheet>\n";
        CatalogError error = only(refused(workbookWithSheets(sheet + sheet.replace("Beat Catalog", "beat catalog"))));
        assertThat(error.message()).contains("a second worksheet named 'beat catalog'", "the first is at line 6").startsWith("line 9:");
    }

    @Test
    void refusesAnEmptyFile() {
        assertThat(only(refused(new byte[0])).message()).isEqualTo("the file is empty (0 bytes)");
        assertThat(only(refused(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF})).message()).contains("only a byte-order mark");
        assertThat(only(refused("  \n ")).message()).startsWith("malformed XML");
    }

    @Test
    void parserErrorsShowLineAndColumnWithoutParserInternals() {
        byte[] badUtf8 = catalog("Night Drive").replace("Night Drive", "Night \u0001Drive").getBytes(StandardCharsets.UTF_8);
        assertThat(only(refused(badUtf8)).message()).matches("malformed XML at line \\d+, column \\d+: .*");
        byte[] latin1AsUtf8 = catalog("Café").getBytes(StandardCharsets.ISO_8859_1);
        CatalogError error = only(refused(latin1AsUtf8));
        assertThat(error.message()).matches("malformed XML near line \\d+, column \\d+: Invalid UTF-8 middle byte 0x3c");
        assertThat(error.row()).isNull();
    }

    @Test
    void fileLevelErrorsHaveNoRowInJson() {
        InvalidCatalogException e = refused(new byte[0]);
        assertThat(Json.write(e.errors())).isEqualTo("[{\"message\":\"the file is empty (0 bytes)\"}]");
        InvalidCatalogException rowError = refused(catalog("Lo\u200Bfi"));
        assertThat(Json.write(rowError.errors())).startsWith("[{\"row\":2,\"column\":\"Category Name\"");
    }

    @Test
    void duplicateNamesAfterNormalisationAreRefused() {
        String xml = workbook(HEADER + row("Café Jazz", "g", "s", "m", "u", "", "p") + row("Cafe\u0301 Jazz", "g", "s", "m", "u", "", "p")
                + row("Ⅻ Beats", "g", "s", "m", "u", "", "p") + row("XII Beats", "g", "s", "m", "u", "", "p"));
        assertThat(refused(xml).errors()).extracting(CatalogError::row).containsExactly(3, 5);
    }

    @Test
    void theOldCatalogShapesStillRead() {
        assertThat(reader.read(Catalogs.stream(List.of(Catalogs.template("Night Drive"))))).hasSize(1);
    }
}
