package com.beatgen.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One reason a catalog was refused. {@code row} is the spreadsheet row number (null when the error concerns the whole
 * file) and {@code column} the header name (null when it concerns a whole row or the file).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CatalogError(Integer row, String column, String message) {

    /** An error about the whole file: it has no row. */
    public static CatalogError document(String message) {
        return new CatalogError(null, null, message);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (row != null) {
            text.append("row ").append(row);
        }
        if (column != null) {
            text.append(text.length() > 0 ? ", " : "").append("column '").append(column).append('\'');
        }
        return text.length() == 0 ? message : text.append(": ").append(message).toString();
    }
}
