package com.beatgen.catalog;

import com.ctc.wstx.stax.WstxOutputFactory;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes templates as an Excel 2003 XML workbook the way Excel does (default namespace for elements, {@code ss:}
 * attributes, a "Beat Catalog" worksheet with the header in row 1). Used to generate catalogs for property tests and
 * benchmarks; the reader never depends on this exact shape.
 */
public final class CatalogWriter {

    private static final String OFFICE = "urn:schemas-microsoft-com:office:office";
    private static final String EXCEL = "urn:schemas-microsoft-com:office:excel";
    private static final String HTML = "http://www.w3.org/TR/REC-html40";

    private CatalogWriter() {
    }

    public static void write(List<BeatTemplate> templates, OutputStream out) {
        try {
            XMLStreamWriter xml = new WstxOutputFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeProcessingInstruction("mso-application", "progid=\"Excel.Sheet\"");
            xml.setDefaultNamespace(SpreadsheetMl.NS);
            xml.setPrefix("ss", SpreadsheetMl.NS);
            xml.writeStartElement(SpreadsheetMl.NS, "Workbook");
            xml.writeDefaultNamespace(SpreadsheetMl.NS);
            xml.writeNamespace("o", OFFICE);
            xml.writeNamespace("x", EXCEL);
            xml.writeNamespace("ss", SpreadsheetMl.NS);
            xml.writeNamespace("html", HTML);
            xml.writeStartElement(SpreadsheetMl.NS, "Worksheet");
            xml.writeAttribute("ss", SpreadsheetMl.NS, "Name", CatalogReader.SHEET_NAME);
            xml.writeStartElement(SpreadsheetMl.NS, "Table");
            xml.writeAttribute("ss", SpreadsheetMl.NS, "ExpandedColumnCount", String.valueOf(Column.values().length));
            xml.writeAttribute("ss", SpreadsheetMl.NS, "ExpandedRowCount", String.valueOf(templates.size() + 1));
            writeRow(xml, Arrays.stream(Column.values()).map(Column::header).toList());
            for (BeatTemplate t : templates) {
                writeRow(xml, List.of(t.categoryName(), t.genre(), t.style(), t.mood(), t.useCase(),
                        String.join(", ", t.tags()), t.basePrompt()));
            }
            xml.writeEndElement(); // Table
            xml.writeEndElement(); // Worksheet
            xml.writeEndElement(); // Workbook
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("Could not write the catalog: " + e.getMessage(), e);
        }
    }

    private static void writeRow(XMLStreamWriter xml, List<String> values) throws XMLStreamException {
        xml.writeStartElement(SpreadsheetMl.NS, "Row");
        for (String value : values) {
            xml.writeStartElement(SpreadsheetMl.NS, "Cell");
            xml.writeStartElement(SpreadsheetMl.NS, "Data");
            xml.writeAttribute("ss", SpreadsheetMl.NS, "Type", "String");
            xml.writeCharacters(value);
            xml.writeEndElement();
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }
}
