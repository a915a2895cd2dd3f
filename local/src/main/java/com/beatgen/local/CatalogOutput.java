package com.beatgen.local;

import com.beatgen.Json;
import com.beatgen.catalog.BeatTemplate;
import com.beatgen.catalog.CatalogError;
import com.beatgen.catalog.SyncResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** How the catalog commands print: a readable summary, or JSON on stdout with {@code --json}. */
final class CatalogOutput {

    private static final int MAX_NAME_WIDTH = 40;

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final Path file;

    CatalogOutput(CommandLine command, CatalogOptions options) {
        this.out = command.getOut();
        this.err = command.getErr();
        this.json = options.json;
        this.file = options.file;
    }

    /** The templates of a valid catalog. */
    void templates(List<BeatTemplate> templates) {
        if (json) {
            out.println(Json.write(Map.of("templates", templates)));
            return;
        }
        out.println(templates.size() + " templates valid in " + file);
        int idWidth = width(templates.stream().map(BeatTemplate::id).toList());
        int nameWidth = width(templates.stream().map(BeatTemplate::categoryName).toList());
        for (BeatTemplate t : templates) {
            out.printf("  %-" + idWidth + "s  %-" + nameWidth + "s  %s · %s · %s · %s%n", t.id(), t.categoryName(),
                    t.genre(), t.style(), t.mood(), t.useCase());
        }
        out.flush();
    }

    /** The errors of a refused catalog; returns the exit code. */
    int refused(List<CatalogError> errors, String consequence) {
        if (json) {
            out.println(Json.write(Map.of("errors", errors)));
            out.flush();
        } else {
            errors.forEach(error -> err.println(file + ": " + error));
            err.println(file + ": refused (" + errors.size() + (errors.size() == 1 ? " error" : " errors") + ")" + consequence);
            err.flush();
        }
        return 2;
    }

    /** A sync the database refused ({@code Catalog.SyncFailed}); returns the exit code. */
    int failed(String errorName, String message) {
        if (json) {
            out.println(Json.write(Map.of("error", errorName, "message", message)));
            out.flush();
        } else {
            err.println(file + ": not synced: " + errorName + ": " + message);
            err.flush();
        }
        return 1;
    }

    /** What a sync did. */
    void synced(SyncResult result, String database) {
        if (json) {
            out.println(Json.write(result));
            out.flush();
            return;
        }
        out.println("Synced " + file + " into " + database + " (run " + result.runId() + ")");
        out.printf("  added        %6d%n", result.added());
        out.printf("  updated      %6d%n", result.updated());
        out.printf("  deactivated  %6d%n", result.deactivated());
        out.printf("  reactivated  %6d%n", result.reactivated());
        out.printf("  unchanged    %6d%n", result.unchanged());
        out.println(result.writes() == 0
                ? "0 template rows written: the database already matched the catalog"
                : result.writes() + " template rows written");
        if (result.warning() != null) {
            out.println("WARNING: " + result.warning());
        }
        out.flush();
    }

    private static int width(List<String> values) {
        return Math.min(MAX_NAME_WIDTH, values.stream().mapToInt(String::length).max().orElse(1));
    }
}
