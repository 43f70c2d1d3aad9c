package io.behavioralbiometrics.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stopped throw-away stack leaves its logs and nothing else: no server data, no secrets. */
class DiscardDataTests {

    @Test
    void everythingButTheLogsIsDeleted(@TempDir Path data) throws Exception {
        Files.createDirectories(data.resolve("postgres/base/1"));
        Files.writeString(data.resolve("postgres/base/1/16384"), "rows");
        Files.createDirectories(data.resolve("redis-cluster/node-1"));
        Files.writeString(data.resolve("redis-users.secret"), "secret");
        Files.createDirectories(data.resolve("logs"));
        Files.writeString(data.resolve("logs/ingestor-service.log"), "what happened");

        LocalStack.discardData(data);

        try (var left = Files.list(data)) {
            assertThat(left.map(path -> path.getFileName().toString()).toList()).containsExactly("logs");
        }
        assertThat(data.resolve("logs/ingestor-service.log")).hasContent("what happened");
    }
}
