package com.beatgen.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.Json;
import com.beatgen.config.DatabaseConfig;
import com.beatgen.db.Database;
import com.beatgen.db.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code ./beatgen check} in-process on a test database: consistent, then a job left processing. */
class CheckCommandTest {

    private Cli cli;
    private Database database;

    @BeforeEach
    void setUp() {
        DatabaseConfig config = TestDatabase.freshConfig();
        cli = new Cli(config);
        database = Database.connect(config);
        database.migrate();
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void anEmptyDatabaseIsConsistentAndAJobLeftProcessingIsNot() throws Exception {
        Cli.Run clean = cli.run("check", "--settled-after", "PT0S");
        assertThat(clean.exitCode()).as(clean.all()).isZero();
        assertThat(clean.out()).contains("Consistent");

        database.jdbi().useHandle(h -> {
            h.execute("""
                    INSERT INTO beat_template (id, category_name, genre, style, mood, use_case, tags, base_prompt, is_active,
                                               checksum, created_at, updated_at, last_used)
                    VALUES ('night-drive', 'Night Drive', 'Trap', 'Dark', 'Calm', 'Gaming', '[]', 'a prompt', TRUE, ?,
                            UTC_TIMESTAMP(3) - INTERVAL 2 HOUR, UTC_TIMESTAMP(3) - INTERVAL 2 HOUR, UTC_TIMESTAMP(3) - INTERVAL 1 HOUR)""",
                    "0".repeat(32));
            h.execute("""
                    INSERT INTO beat_job (id, template_id, status, created_at, updated_at)
                    VALUES ('00000000-0000-0000-0000-000000000001', 'night-drive', 'processing',
                            UTC_TIMESTAMP(3) - INTERVAL 1 HOUR, UTC_TIMESTAMP(3) - INTERVAL 1 HOUR)""");
        });

        Cli.Run broken = cli.run("check", "--settled-after", "PT0S");
        assertThat(broken.exitCode()).as(broken.all()).isEqualTo(1);
        assertThat(broken.out()).contains("job-finished: ").contains("00000000-0000-0000-0000-000000000001").contains("INCONSISTENT");

        Cli.Run live = cli.run("check", "--json");
        assertThat(live.exitCode()).as("a job of the last 15 minutes may still run; this one is an hour old").isEqualTo(1);
        assertThat(Json.MAPPER.readTree(live.out()).path("checks").path("job-finished")).isNotEmpty();
    }
}
