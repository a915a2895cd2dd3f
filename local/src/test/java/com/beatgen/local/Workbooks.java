package com.beatgen.local;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Hand-made SpreadsheetML catalogs for tests, including broken and hostile ones. */
final class Workbooks {

    static final List<String> HEADER = List.of("Category Name", "Genre", "Style", "Mood", "Use Case", "Tags", "Prompt");

    private Workbooks() {
    }

    /** A catalog row with plausible values for everything but the name. */
    static List<String> row(String categoryName) {
        return List.of(categoryName, "Lo-fi Hip Hop", "Dusty vinyl", "Chill", "Study playlist", "lofi, chill",
                "Laid-back 82 BPM beat with warm electric piano chords.");
    }

    static List<String> with(List<String> row, int column, String value) {
        List<String> changed = new ArrayList<>(row);
        changed.set(column, value);
        return changed;
    }

    static List<String> without(List<String> row, int column) {
        List<String> changed = new ArrayList<>(row);
        changed.remove(column);
        return changed;
    }

    /** A workbook with one "Beat Catalog" worksheet; {@code prolog} goes between the XML declaration and the root. */
    static String workbook(String prolog, List<List<String>> rows) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + prolog + "\n"
                + "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">\n"
                + " <Worksheet ss:Name=\"Beat Catalog\">\n  <Table>\n"
                + rows.stream().map(Workbooks::xmlRow).collect(Collectors.joining())
                + "  </Table>\n </Worksheet>\n</Workbook>\n";
    }

    static String workbook(List<List<String>> rows) {
        return workbook("", rows);
    }

    /** The header and one row per name. */
    static String catalog(String... names) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (String name : names) {
            rows.add(row(name));
        }
        return workbook(rows);
    }

    private static String xmlRow(List<String> cells) {
        return "   <Row>" + cells.stream()
                .map(c -> "<Cell><Data ss:Type=\"String\">" + escape(c) + "</Data></Cell>")
                .collect(Collectors.joining()) + "</Row>\n";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
