package com.beatgen.local;

import com.beatgen.catalog.CatalogError;
import com.beatgen.catalog.CatalogReader;
import com.beatgen.catalog.InvalidCatalogException;
import com.beatgen.config.Env;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** What {@code catalog check} and {@code catalog sync} share: the file, {@code --json} and the size limit. */
final class CatalogOptions {

    static final String MAX_BYTES_VARIABLE = "CATALOG_MAX_BYTES";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the catalog: an Excel 2003 XML (SpreadsheetML) workbook")
    Path file;

    @Option(names = "--json", description = "print the result (or the errors) as JSON on stdout")
    boolean json;

    @Option(names = "--max-bytes", paramLabel = "N", description = "refuse files larger than N bytes (default: $"
            + MAX_BYTES_VARIABLE + ", else " + CatalogReader.DEFAULT_MAX_BYTES + ")")
    Long maxBytes;

    CatalogReader reader(Env env) {
        if (maxBytes != null && maxBytes < 1) {
            throw new ParameterException(spec.commandLine(), "--max-bytes must be at least 1, was " + maxBytes);
        }
        return new CatalogReader(maxBytes != null ? maxBytes
                : env.longValue(MAX_BYTES_VARIABLE, CatalogReader.DEFAULT_MAX_BYTES, 1, Long.MAX_VALUE));
    }

    /** Opens FILE for {@code action}; a file that cannot be read is refused like any other bad catalog. */
    <T> T read(Function<InputStream, T> action) {
        if (Files.isDirectory(file)) {
            throw unreadable("is a directory, not a catalog file");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return action.apply(in);
        } catch (NoSuchFileException e) {
            throw unreadable("no such file");
        } catch (AccessDeniedException e) {
            throw unreadable("permission denied");
        } catch (IOException e) {
            throw unreadable(e.getMessage());
        }
    }

    private InvalidCatalogException unreadable(String reason) {
        return new InvalidCatalogException(CatalogError.document("cannot read the file: " + reason));
    }
}
