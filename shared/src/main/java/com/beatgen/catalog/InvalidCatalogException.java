package com.beatgen.catalog;

import java.util.List;
import java.util.stream.Collectors;

/** The catalog was refused; nothing was written. Carries every error found, each naming its row and column. */
public class InvalidCatalogException extends RuntimeException {

    private final transient List<CatalogError> errors;

    public InvalidCatalogException(List<CatalogError> errors) {
        super("Invalid catalog: " + errors.stream().limit(5).map(CatalogError::toString).collect(Collectors.joining("; "))
                + (errors.size() > 5 ? "; and " + (errors.size() - 5) + " more" : ""));
        this.errors = List.copyOf(errors);
    }

    public InvalidCatalogException(CatalogError error) {
        this(List.of(error));
    }

    public List<CatalogError> errors() {
        return errors;
    }
}
