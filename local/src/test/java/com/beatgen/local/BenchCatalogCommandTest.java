package com.beatgen.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.beatgen.catalog.BeatTemplate;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The benchmark runs for real on a small catalog, so it cannot rot; its timings are not checked. */
class BenchCatalogCommandTest {

    @Test
    void printsTheThreeStepsWithTheExpectedWrites() {
        Cli.Run run = new Cli(null).run("bench", "catalog", "--rows", "40");

        assertEquals(0, run.exitCode(), run.all());
        assertTrue(run.out().contains("40 templates"), run.out());
        assertTrue(run.out().matches("(?s).*1 first sync, empty database\\s+[\\d,]+\\s+40\\s+40\\s+0\\s+0\\s+0\\s+0\\R.*"), run.out());
        assertTrue(run.out().matches("(?s).*2 re-sync, same file\\s+[\\d,]+\\s+0\\s+0\\s+0\\s+0\\s+0\\s+40\\R.*"), run.out());
        assertTrue(run.out().matches("(?s).*3 re-sync, one row changed\\s+[\\d,]+\\s+1\\s+0\\s+1\\s+0\\s+0\\s+39\\R.*"), run.out());
    }

    @Test
    void generatesDistinctTemplatesDeterministically() {
        List<BeatTemplate> templates = SampleTemplates.generate(2_000, 7);
        assertEquals(templates, SampleTemplates.generate(2_000, 7));
        assertEquals(2_000, templates.stream().map(BeatTemplate::id).collect(Collectors.toSet()).size());
        List<BeatTemplate> changed = SampleTemplates.withOneChanged(templates, 1_000);
        assertEquals(1, IntStream.range(0, templates.size())
                .filter(i -> !templates.get(i).equals(changed.get(i))).count());
    }
}
