package com.beatgen.local.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.beatgen.config.Env;
import com.beatgen.config.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SecretsManagerStubTest {

    @Test
    void itServesAsSecretsWhatTheTemplateGivesAsSecretsAndTheSdkReadsThem() throws Exception {
        try (SecretsManagerStub stub = SecretsManagerStub.start()) {
            Map<String, String> inAws = stub.functionEnvironment(Map.of("DATABASE_URL", "jdbc:mysql://127.0.0.1:3306/beatgen",
                    "DATABASE_USER", "beatgen", "DATABASE_PASSWORD", "db-pass", "GEMINI_API_KEY", "gemini-key",
                    "SUNO_API_KEYS", "listed-keys", "AWS_REGION", "us-east-1"));

            assertThat(inAws).doesNotContainKeys("DATABASE_USER", "DATABASE_PASSWORD", "GEMINI_API_KEY")
                    .containsKeys("DATABASE_PASSWORD_SECRET_ID", "GEMINI_API_KEY_SECRET_ID")
                    .containsEntry("SUNO_API_KEYS", "listed-keys") // not a secret in the template: the admin API adds keys
                    .containsEntry("AWS_ENDPOINT_URL_SECRETS_MANAGER", stub.endpoint());
            try (AwsCredentialsProperties credentials = AwsCredentialsProperties.of(inAws)) {
                Env resolved = Secrets.resolve(new Env(inAws)); // through the AWS SDK's Secrets Manager client
                assertThat(resolved.required("DATABASE_USER")).isEqualTo("beatgen");
                assertThat(resolved.required("DATABASE_PASSWORD")).isEqualTo("db-pass");
                assertThat(resolved.required("GEMINI_API_KEY")).isEqualTo("gemini-key");
            }
            assertThat(stub.databaseSecretServed()).isEqualTo(1);
            assertThat(stub.served()).containsEntry("beatgen/GEMINI_API_KEY", 1);
        }
    }

    @Test
    void itsSecretVariablesAreTheTemplatesOtherThanTheDatabases() throws Exception {
        Matcher m = Pattern.compile("(\\w+)_SECRET_ID:").matcher(Files.readString(Path.of("..", "infrastructure", "template.yaml")));
        Set<String> inTemplate = new TreeSet<>();
        while (m.find()) {
            if (!m.group(1).startsWith("DATABASE_")) {
                inTemplate.add(m.group(1));
            }
        }
        assertThat(inTemplate).containsExactlyInAnyOrderElementsOf(SecretsManagerStub.SECRET_VARIABLES);
    }
}
