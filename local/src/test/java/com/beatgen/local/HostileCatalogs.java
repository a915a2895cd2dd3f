package com.beatgen.local;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Catalogs an attacker or an accident could produce. */
final class HostileCatalogs {

    private HostileCatalogs() {
    }

    /** An external entity that would pull /etc/passwd into a cell. */
    static String xxe() {
        return Workbooks.workbook("<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>",
                List.of(Workbooks.HEADER, Workbooks.with(Workbooks.row("Alpha Beat"), 1, "XXE"))).replace(">XXE<", ">&xxe;<");
    }

    /** Nine levels of ten-fold entity expansion: 10^9 "lol"s if it were expanded. */
    static String billionLaughs() {
        String entities = "<!ENTITY lol0 \"lol\">\n" + IntStream.rangeClosed(1, 9)
                .mapToObj(i -> "<!ENTITY lol" + i + " \"" + ("&lol" + (i - 1) + ";").repeat(10) + "\">")
                .collect(Collectors.joining("\n"));
        return Workbooks.workbook("<!DOCTYPE lolz [\n" + entities + "\n]>",
                List.of(Workbooks.HEADER, Workbooks.with(Workbooks.row("Alpha Beat"), 1, "BOMB"))).replace(">BOMB<", ">&lol9;<");
    }

    /** A valid catalog cut off in the middle. */
    static String truncated() {
        String whole = Workbooks.catalog("Alpha Beat", "Bravo Beat", "Charlie Beat");
        return whole.substring(0, whole.length() * 2 / 3);
    }

    static String missingGenreColumn() {
        return Workbooks.workbook(List.of(Workbooks.without(Workbooks.HEADER, 1),
                Workbooks.without(Workbooks.row("Alpha Beat"), 1)));
    }

    static String emptyMood() {
        return Workbooks.workbook(List.of(Workbooks.HEADER, Workbooks.row("Alpha Beat"),
                Workbooks.with(Workbooks.row("Bravo Beat"), 3, "")));
    }

    /** Two names with the same id ("lo-fi-chill"). */
    static String duplicateSlug() {
        return Workbooks.catalog("Lo-Fi Chill", "lo-fi chill!");
    }

    /** Issue 17: a name with a zero-width space (U+200B) in it, "Lo​fi Beats". */
    static String zeroWidthSpace() {
        return Workbooks.catalog("Alpha Beat", "Lo\u200Bfi Beats");
    }

    /** Issue 17: a right-to-left override (U+202E) that would show the name reversed. */
    static String bidiOverride() {
        return Workbooks.catalog("\u202EAlpha Beat");
    }

    /** Issue 17: the SpreadsheetML namespace on a root element that is not Workbook. */
    static String notebookRoot() {
        return Workbooks.catalog("Alpha Beat").replace("<Workbook", "<Notebook").replace("</Workbook>", "</Notebook>");
    }

    /** Issue 17: a web page saved under the catalog's name. */
    static String html() {
        return "<html><head><title>Beat Catalog</title></head><body><table><tr><td>Category Name</td></tr></table></body></html>\n";
    }

    /** Issue 17: a UTF-8 byte-order mark on a file that declares ISO-8859-1 (written as UTF-8). */
    static String bomContradictsDeclaration() {
        return "\uFEFF" + Workbooks.catalog("Café Nocturne").replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"");
    }

    /** Issue 17: two worksheets named "Beat Catalog". */
    static String twoSheetsOfOneName() {
        String one = Workbooks.catalog("Alpha Beat");
        String sheet = one.substring(one.indexOf(" <Worksheet"), one.indexOf("</Workbook>"));
        return one.replace("</Workbook>", sheet + "</Workbook>");
    }

    /** A valid catalog of {@code count} templates. */
    static String large(int count) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            names.add("Generated Beat " + i);
        }
        return Workbooks.catalog(names.toArray(String[]::new));
    }
}
