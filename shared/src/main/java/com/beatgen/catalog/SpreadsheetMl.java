package com.beatgen.catalog;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads Excel 2003 XML (SpreadsheetML) into worksheets of rows of cell texts, the way Excel and other exporters
 * write it: elements matched by namespace URI (any prefix, or the default namespace), {@code ss:Index} on rows and
 * cells, {@code ss:MergeAcross}, rich text inside {@code Data}, cell comments ignored. Refuses DTDs (so XXE and
 * entity bombs never expand) and input larger than the size limit.
 */
public final class SpreadsheetMl {

    public static final String NS = "urn:schemas-microsoft-com:office:spreadsheet";
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
        XMLStreamReader xml = null;
        try {
            xml = factory.createXMLStreamReader(limited);
            return new Parse(xml).sheets();
        } catch (XMLStreamException | RuntimeException e) {
            if (limited.exceeded) {
                throw new InvalidCatalogException(CatalogError.document(
                        "file is larger than the limit of " + maxBytes + " bytes"));
            }
            if (e instanceof InvalidCatalogException invalid) {
                throw invalid;
            }
            throw new InvalidCatalogException(CatalogError.document(describe(e)));
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

    private static String describe(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String firstLine = message.lines().findFirst().orElse(message).trim();
        if (e instanceof XMLStreamException xmlError && xmlError.getLocation() != null) {
            Location at = xmlError.getLocation();
            return "malformed XML at line " + at.getLineNumber() + ", column " + at.getColumnNumber() + ": " + firstLine;
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
                        sheets.add(new Sheet(sheetName == null ? "" : sheetName.strip(), List.copyOf(rows)));
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
                throw new InvalidCatalogException(new CatalogError(rowNumber, null, "ss:" + name + "=\"" + raw
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
