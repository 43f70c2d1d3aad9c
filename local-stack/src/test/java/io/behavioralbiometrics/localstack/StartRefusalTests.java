package io.behavioralbiometrics.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.behavioralbiometrics.testsupport.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The refusals a start makes before it starts anything, in the launcher itself: each
 * names what is wrong and how to fix it, and leaves nothing running or written.
 */
class StartRefusalTests {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @Test
    void aSecondLauncherOnTheSameDataDirectoryIsRefusedAndTheFirstKeepsRunning(@TempDir Path data) throws Exception {
        // A live process recorded as the launcher, as a running stack records itself.
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            ProcessHandle handle = other.toHandle();
            Files.writeString(data.resolve(LocalStack.PID_FILE), "launcher " + handle.pid() + " "
                    + handle.info().startInstant().orElseThrow() + "\n");

            assertThatThrownBy(() -> LocalStack.prepare(options(REPO, data)).startAll())
                    .isInstanceOf(LocalStack.StartRefused.class)
                    .hasMessageContaining("Another local stack (pid " + handle.pid() + ") is running on " + data)
                    .hasMessageContaining("--data-dir");
            assertThat(other.isAlive()).as("the running launcher is left alone").isTrue();
            assertNothingStarted(data);
        } finally {
            other.destroyForcibly();
            other.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLauncherRecordedInThePidFileThatHasEndedDoesNotBlockAStart(@TempDir Path data) throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor(10, TimeUnit.SECONDS);
        Files.writeString(data.resolve(LocalStack.PID_FILE), "launcher " + ended.pid() + " 2026-01-01T00:00:00Z\n");
        Path emptyRepo = Files.createDirectories(data.resolve("empty-repo"));

        // Gets past the launcher check to the next one, the missing jars.
        assertThatThrownBy(() -> LocalStack.prepare(options(emptyRepo, data)).startAll())
                .isInstanceOf(LocalStack.StartRefused.class)
                .hasMessageContaining("is not built");
    }

    @Test
    void onePortGivenToTwoServicesIsNamed(@TempDir Path data) {
        int shared = Ports.free();
        StackOptions options = options(REPO, data).withPorts(Ports.free(), Ports.free(), shared, shared, Ports.free());

        assertThatThrownBy(() -> LocalStack.prepare(options).startAll())
                .isInstanceOf(LocalStack.StartRefused.class)
                .hasMessageContaining("Port " + shared + " is given to both")
                .hasMessageContaining("ingestor-service").hasMessageContaining("event-logger-service")
                .hasMessageContaining("--ports");
        assertNothingStarted(data);
    }

    @Test
    void unbuiltServicesAreNamedWithTheBuildCommand(@TempDir Path data) throws Exception {
        Path emptyRepo = Files.createDirectories(data.resolve("empty-repo"));

        assertThatThrownBy(() -> LocalStack.prepare(options(emptyRepo, data)).startAll())
                .isInstanceOf(LocalStack.StartRefused.class)
                .hasMessageContaining("identity-service is not built")
                .hasMessageContaining("identity-service-0.1.0-SNAPSHOT-exec.jar is missing")
                .hasMessageContaining("./mvnw -DskipTests package");
        assertNothingStarted(data);
    }

    private static StackOptions options(Path repo, Path data) {
        return StackOptions.defaults(repo).withDataDirectory(data, false)
                .withPorts(Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free());
    }

    private static void assertNothingStarted(Path data) {
        assertThat(data.resolve("postgres")).doesNotExist();
        assertThat(data.resolve("redis")).doesNotExist();
        // Other tests' stacks may run in this JVM: only a process on this data directory counts.
        assertThat(ProcessHandle.allProcesses().filter(process -> process.info().commandLine()
                .map(line -> line.contains(data.toString())).orElse(false))
                .map(ProcessHandle::pid).toList()).isEqualTo(List.of());
    }
}
