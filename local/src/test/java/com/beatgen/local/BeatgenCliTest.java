package com.beatgen.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BeatgenCliTest {

    private final Cli cli = new Cli(null);

    @Test
    void helpListsTheCommandsAtEveryLevel() {
        Cli.Run top = cli.run("--help");
        assertEquals(0, top.exitCode());
        assertTrue(top.out().contains("catalog") && top.out().contains("bench"), top.out());

        Cli.Run catalog = cli.run("catalog", "--help");
        assertEquals(0, catalog.exitCode());
        assertTrue(catalog.out().contains("check") && catalog.out().contains("sync"), catalog.out());

        for (List<String> command : List.of(List.of("catalog", "check"), List.of("catalog", "sync"), List.of("bench", "catalog"))) {
            Cli.Run help = cli.run(command.get(0), command.get(1), "--help");
            assertEquals(0, help.exitCode(), command.toString());
            assertTrue(help.out().startsWith("Usage: beatgen " + command.get(0) + " " + command.get(1)), help.out());
        }
    }

    /** Every command's help, as printed at 80 columns: no picocli format warning, no path broken across lines. */
    @Test
    void everyHelpTextIsClean() {
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(warnings, true, java.nio.charset.StandardCharsets.UTF_8));
        List<String> problems = new java.util.ArrayList<>();
        try {
            java.util.Deque<picocli.CommandLine> commands = new java.util.ArrayDeque<>(List.of(BeatgenCli.commandLine(
                    new com.beatgen.config.Env(Map.of()), cli)));
            while (!commands.isEmpty()) {
                picocli.CommandLine command = commands.pop();
                commands.addAll(command.getSubcommands().values());
                String help = command.getUsageMessage(picocli.CommandLine.Help.Ansi.OFF);
                for (String line : help.lines().toList()) {
                    if (line.length() > 80 || line.matches("\\s*/\\S.*") || line.endsWith(" .")) {
                        problems.add(command.getCommandName() + ": " + line);
                    }
                }
            }
        } finally {
            System.setErr(err);
        }
        assertEquals("", warnings.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(List.of(), problems);
    }

    @Test
    void anUnknownOrMissingCommandPrintsTheUsageAndExitsWith2() {
        Cli.Run unknown = cli.run("frobnicate");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("Unmatched argument") && unknown.err().contains("Usage: beatgen"), unknown.err());

        assertEquals(2, cli.run("catalog", "frobnicate").exitCode());
        assertEquals(2, cli.run().exitCode());
        assertEquals(2, cli.run("catalog").exitCode());
        assertEquals(2, cli.run("catalog", "check").exitCode()); // FILE is required
    }

    @Test
    void badConfigurationIsOneLineAndExitCode2() {
        Cli.Run run = cli.run(Map.of("CATALOG_MAX_BYTES", "lots"), "catalog", "check", "../catalog/beat_catalog.xml");
        assertEquals(2, run.exitCode());
        assertEquals("beatgen: configuration: CATALOG_MAX_BYTES must be a whole number, was 'lots'", run.err().strip());
    }
}
