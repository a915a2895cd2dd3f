package com.beatgen.catalog;

/**
 * One reason a catalog was refused. {@code row} is the spreadsheet row number (0 when the error concerns the whole
 * document) and {@code column} the header name (null when it concerns a whole row or the document).
 */
public record CatalogError(int row, String column, String message) {

    public static CatalogError document(String message) {
        return new CatalogError(0, null, message);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (row > 0) {
            text.append("row ").append(row);
        }
        if (column != null) {
            text.append(text.length() > 0 ? ", " : "").append("column '").append(column).append('\'');
        }
        return text.length() == 0 ? message : text.append(": ").append(message).toString();
    }
}
