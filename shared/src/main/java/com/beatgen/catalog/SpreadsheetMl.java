package com.beatgen.catalog;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.exc.WstxLazyException;
import com.ctc.wstx.stax.WstxInputFactory;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads Excel 2003 XML (SpreadsheetML) into worksheets of rows of cell texts, the way Excel and other exporters
 * write it: elements matched by namespace URI (any prefix, or the default namespace), {@code ss:Index} on rows and
 * cells, {@code ss:MergeAcross}, rich text inside {@code Data}, cell comments ignored. Refuses DTDs (so XXE and
 * entity bombs never expand), input larger than the size limit, an empty file, a byte-order mark that contradicts the
 * declared encoding, a root element other than SpreadsheetML's {@code Workbook} and two worksheets of one name. Every
 * refusal is one line, with the line and column where the document has one and without the parser's class names.
 */
public final class SpreadsheetMl {

    public static final String NS = "urn:schemas-microsoft-com:office:spreadsheet";
    private static final int PREAMBLE_BYTES = 512;
    private static final Pattern DECLARED_ENCODING = Pattern.compile("^<\\?xml[^>]*?\\sencoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");
    /** Woodstox's own decorations: "[com.ctc.wstx.exc.WstxLazyException] ", " (at char #5, byte #-1)", " at [row,col …]: [1,5]". */
    private static final Pattern PARSER_NOISE = Pattern.compile("\\[[a-z]+(\\.[A-Za-z0-9_$]+)+\\]\\s*|\\s*\\(at char #-?\\d+, byte #-?\\d+\\)|\\s*at \\[row,col[^\\]]*\\]: \\[\\d+,\\d+\\]");
    private static final int MAX_ROW = 1_048_576;
    private static final int MAX_COLUMN = 16_384;

    /** A worksheet: its name and its non-empty rows in document order. */
    public record Sheet(String name, List<Row> rows) {
    }

    /** A row: its 1-based number and its cell texts by 1-based column. */
    public record Row(int number, SortedMap<Integer, String> cells) {
        public String cell(int column) {
            return cells.getOrDefault(column, "");
        }
    }

    private final XMLInputFactory factory;
    private final long maxBytes;

    public SpreadsheetMl(long maxBytes) {
        this.maxBytes = maxBytes;
        WstxInputFactory woodstox = new WstxInputFactory();
        woodstox.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        woodstox.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        woodstox.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        woodstox.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, 100);
        woodstox.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, 100);
        woodstox.setProperty(WstxInputProperties.P_MAX_ENTITY_COUNT, 1L);
        woodstox.setProperty(WstxInputProperties.P_MAX_ENTITY_DEPTH, 1);
        this.factory = woodstox;
    }

    /**
     * Parses the whole document. The encoding comes from the byte-order mark or the XML declaration.
     *
     * @throws InvalidCatalogException when the input is not well-formed, has a DTD, or is too large
     */
    public List<Sheet> read(InputStream input) {
        SizeLimitedStream limited = new SizeLimitedStream(input, maxBytes);
        BufferedInputStream buffered = new BufferedInputStream(limited, PREAMBLE_BYTES * 2);
        XMLStreamReader xml = null;
        try {
            checkPreamble(buffered);
            xml = factory.createXMLStreamReader(buffered);
            return new Parse(xml).sheets();
        } catch (XMLStreamException | RuntimeException e) {
            if (limited.exceeded) {
                throw new InvalidCatalogException(CatalogError.document(
                        "file is larger than the limit of " + maxBytes + " bytes"));
            }
            if (e instanceof InvalidCatalogException invalid) {
                throw invalid;
            }
            throw new InvalidCatalogException(CatalogError.document(describe(e, xml == null ? null : xml.getLocation())));
        } finally {
            if (xml != null) {
                try {
                    xml.close();
                } catch (XMLStreamException ignored) {
                    // nothing left to release
                }
            }
        }
    }

    /**
     * Refuses an empty file and a byte-order mark that contradicts the XML declaration (a UTF-8 BOM with
     * {@code encoding="ISO-8859-1"} would otherwise turn "Café" into "CafÃ©"), before the parser guesses.
     */
    private static void checkPreamble(BufferedInputStream in) {
        byte[] head;
        try {
            in.mark(PREAMBLE_BYTES);
            head = in.readNBytes(PREAMBLE_BYTES);
            in.reset();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (head.length == 0) {
            throw new InvalidCatalogException(CatalogError.document("the file is empty (0 bytes)"));
        }
        Optional<Bom> bom = Bom.of(head);
        if (bom.isEmpty()) {
            return;
        }
        String afterBom = new String(head, bom.get().length, head.length - bom.get().length, bom.get().charset);
        if (afterBom.isBlank()) {
            throw new InvalidCatalogException(CatalogError.document("the file has only a byte-order mark and no XML"));
        }
        Matcher declared = DECLARED_ENCODING.matcher(afterBom);
        if (declared.find() && !bom.get().agreesWith(declared.group(1))) {
            throw new InvalidCatalogException(CatalogError.document("line 1: the file starts with a " + bom.get().name
                    + " byte-order mark but declares encoding=\"" + declared.group(1) + "\"; save it again in one encoding "
                    + "(UTF-8 recommended) or correct the declaration"));
        }
    }

    /** A byte-order mark: which encoding it announces and how many bytes it takes. */
    private record Bom(String name, Charset charset, int length) {
        static Optional<Bom> of(byte[] b) {
            if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
                return Optional.of(new Bom("UTF-8", StandardCharsets.UTF_8, 3));
            }
            if (b.length >= 4 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE && b[2] == 0 && b[3] == 0) {
                return Optional.of(new Bom("UTF-32LE", Charset.forName("UTF-32LE"), 4));
            }
            if (b.length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
                return Optional.of(new Bom("UTF-16BE", StandardCharsets.UTF_16BE, 2));
            }
            if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
                return Optional.of(new Bom("UTF-16LE", StandardCharsets.UTF_16LE, 2));
            }
            return Optional.empty();
        }

        boolean agreesWith(String declared) {
            String name = declared.toUpperCase(Locale.ROOT);
            if ((name.equals("UTF-16") || name.equals("UTF16")) && this.name.startsWith("UTF-16")
                    || (name.equals("UTF-32") || name.equals("UTF32")) && this.name.startsWith("UTF-32")) {
                return true; // the generic name: the mark says which byte order
            }
            try {
                return Charset.forName(declared).equals(charset);
            } catch (IllegalArgumentException unknown) {
                return false;
            }
        }
    }

    /** One line about what is wrong and where, without the parser's class names or internal offsets. */
    private static String describe(Exception failure, Location last) {
        Exception e = failure instanceof WstxLazyException lazy && lazy.getCause() instanceof XMLStreamException original ? original : failure;
        String message = e.getMessage() == null ? "unreadable input" : e.getMessage();
        String cleaned = PARSER_NOISE.matcher(message).replaceAll("");
        String firstLine = cleaned.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("unreadable input");
        if (e instanceof XMLStreamException xmlError && xmlError.getLocation() != null && xmlError.getLocation().getLineNumber() > 0) {
            Location at = xmlError.getLocation();
            return "malformed XML at line " + at.getLineNumber() + ", column " + at.getColumnNumber() + ": " + firstLine;
        }
        if (last != null && last.getLineNumber() > 0) { // an encoding error: where the parser last was
            return "malformed XML near line " + last.getLineNumber() + ", column " + last.getColumnNumber() + ": " + firstLine;
        }
        return "malformed XML: " + firstLine;
    }

    /** One pass over the document: a small state machine over StAX events. */
    private static final class Parse {
        private final XMLStreamReader xml;
        private final List<Sheet> sheets = new ArrayList<>();
        private List<Row> rows;
        private String sheetName;
        private int tableDepth;
        private int nextRow;
        private TreeMap<Integer, String> cells;
        private int rowNumber;
        private int nextColumn;
        private StringBuilder cellText;
        private int cellColumn;
        private int dataDepth;
        private int commentDepth;
        private boolean rootSeen;
        private int sheetLine;
        private final Map<String, Integer> sheetLines = new HashMap<>();

        Parse(XMLStreamReader xml) {
            this.xml = xml;
        }

        List<Sheet> sheets() throws XMLStreamException {
            while (xml.hasNext()) {
                switch (xml.next()) {
                    case XMLStreamConstants.DTD -> throw new InvalidCatalogException(CatalogError.document(
                            "DOCTYPE declarations are not allowed (line " + xml.getLocation().getLineNumber() + ")"));
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw new InvalidCatalogException(CatalogError.document(
                            "entity references are not allowed: &" + xml.getLocalName() + ";"));
                    case XMLStreamConstants.START_ELEMENT -> start();
                    case XMLStreamConstants.END_ELEMENT -> end();
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text();
                    default -> {
                        // comments, processing instructions (mso-application), document start/end
                    }
                }
            }
            return sheets;
        }

        private void start() {
            if (!rootSeen) {
                root();
            }
            if (commentDepth > 0) {
                commentDepth++;
                return;
            }
            if (dataDepth > 0) {
                dataDepth++; // rich text (<Font>, <B>, …) inside Data: its text is the cell's text
                return;
            }
            if (!NS.equals(xml.getNamespaceURI())) {
                return; // DocumentProperties, WorksheetOptions, …
            }
            switch (xml.getLocalName()) {
                case "Worksheet" -> {
                    sheetName = attribute("Name");
                    sheetLine = xml.getLocation().getLineNumber();
                    rows = new ArrayList<>();
                    nextRow = 1;
                }
                case "Table" -> tableDepth++;
                case "Row" -> {
                    if (rows != null && tableDepth > 0) {
                        rowNumber = index("Index", nextRow, MAX_ROW, "row");
                        cells = new TreeMap<>();
                        nextColumn = 1;
                    }
                }
                case "Cell" -> {
                    if (cells != null) {
                        cellColumn = index("Index", nextColumn, MAX_COLUMN, "column");
                        int mergeAcross = index("MergeAcross", 0, MAX_COLUMN, "merge");
                        nextColumn = cellColumn + mergeAcross + 1;
                        cellText = new StringBuilder();
                    }
                }
                case "Data" -> {
                    if (cellText != null) {
                        dataDepth = 1;
                    }
                }
                case "Comment" -> {
                    if (cellText != null) {
                        commentDepth = 1;
                    }
                }
                default -> {
                    // NamedCell, Column, Styles, …: no cell content
                }
            }
        }

        /** The document element must be SpreadsheetML's Workbook: anything else is another kind of file. */
        private void root() {
            rootSeen = true;
            Location at = xml.getLocation();
            String where = "line " + at.getLineNumber() + ", column " + at.getColumnNumber();
            String name = xml.getPrefix() == null || xml.getPrefix().isEmpty() ? xml.getLocalName() : xml.getPrefix() + ":" + xml.getLocalName();
            if (!NS.equals(xml.getNamespaceURI())) {
                throw new InvalidCatalogException(CatalogError.document(where + ": not an Excel 2003 XML (SpreadsheetML) workbook: "
                        + "the root element is <" + name + ">"
                        + (xml.getNamespaceURI() == null || xml.getNamespaceURI().isEmpty() ? " without a namespace" : " in the namespace " + xml.getNamespaceURI())
                        + "; expected <Workbook xmlns=\"" + NS + "\">"));
            }
            if (!"Workbook".equals(xml.getLocalName())) {
                throw new InvalidCatalogException(CatalogError.document(where + ": the root element is <" + name
                        + ">; a SpreadsheetML workbook's root element is <Workbook>"));
            }
        }

        private void end() {
            if (commentDepth > 0) {
                commentDepth--;
                return;
            }
            if (dataDepth > 0) {
                dataDepth--;
                return;
            }
            if (!NS.equals(xml.getNamespaceURI())) {
                return;
            }
            switch (xml.getLocalName()) {
                case "Cell" -> {
                    if (cellText != null) {
                        String value = cellText.toString().strip();
                        if (!value.isEmpty()) {
                            cells.put(cellColumn, value);
                        }
                        cellText = null;
                    }
                }
                case "Row" -> {
                    if (cells != null) {
                        if (!cells.isEmpty()) {
                            rows.add(new Row(rowNumber, cells));
                        }
                        nextRow = rowNumber + 1;
                        cells = null;
                    }
                }
                case "Table" -> tableDepth = Math.max(0, tableDepth - 1);
                case "Worksheet" -> {
                    if (rows != null) {
                        String name = sheetName == null ? "" : sheetName.strip();
                        Integer first = sheetLines.putIfAbsent(name.toLowerCase(Locale.ROOT), sheetLine);
                        if (first != null) {
                            throw new InvalidCatalogException(CatalogError.document("line " + sheetLine + ": a second worksheet named '"
                                    + name + "' (the first is at line " + first + "); worksheet names must be unique, as in Excel"));
                        }
                        sheets.add(new Sheet(name, List.copyOf(rows)));
                        rows = null;
                    }
                }
                default -> {
                    // nothing to close
                }
            }
        }

        private void text() {
            if (dataDepth > 0 && commentDepth == 0) {
                cellText.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
            }
        }

        /** An {@code ss:} attribute (or an unprefixed one, as some exporters write them). */
        private String attribute(String localName) {
            String value = xml.getAttributeValue(NS, localName);
            return value != null ? value : xml.getAttributeValue("", localName);
        }

        private int index(String name, int fallback, int max, String what) {
            String raw = attribute(name);
            if (raw == null) {
                return fallback;
            }
            int value;
            try {
                value = Integer.parseInt(raw.strip());
            } catch (NumberFormatException e) {
                value = -1;
            }
            int min = "merge".equals(what) ? 0 : fallback;
            if (value < min || value > max) {
                throw new InvalidCatalogException(new CatalogError(rowNumber > 0 ? rowNumber : null, null, "ss:" + name + "=\"" + raw
                        + "\" on a " + ("merge".equals(what) ? "cell" : what) + " at line " + xml.getLocation().getLineNumber()
                        + " must be a number from " + min + " to " + max));
            }
            return value;
        }
    }

    /** Counts bytes and stops reading past the limit, so an oversized file is refused without being read whole. */
    private static final class SizeLimitedStream extends FilterInputStream {
        private final long limit;
        private long count;
        private boolean exceeded;

        SizeLimitedStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            count += n;
            if (count > limit) {
                exceeded = true;
                throw new IOException("input exceeds " + limit + " bytes");
            }
        }
    }
}
