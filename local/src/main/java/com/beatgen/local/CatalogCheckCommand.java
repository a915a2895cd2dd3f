package com.beatgen.local;

import com.beatgen.catalog.BeatTemplate;
import com.beatgen.catalog.InvalidCatalogException;
import com.beatgen.config.Env;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "check", description = "Parse and validate a catalog file and list its templates (no database).")
final class CatalogCheckCommand implements Callable<Integer> {

    private final Env env;

    @Spec
    CommandSpec spec;

    @Mixin
    CatalogOptions catalog;

    CatalogCheckCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        CatalogOutput output = new CatalogOutput(spec.commandLine(), catalog);
        try {
            List<BeatTemplate> templates = catalog.read(catalog.reader(env)::read);
            output.templates(templates);
            return 0;
        } catch (InvalidCatalogException e) {
            return output.refused(e.errors(), "");
        }
    }
}
