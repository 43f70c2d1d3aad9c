package io.behavioralbiometrics.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.testsupport.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The launcher as a user runs it: a separate JVM started with {@code java}, stopped with a
 * signal. Each test has its own data directory and free ports, so it runs beside others.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class StartStopTests {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP_BOUND = Duration.ofSeconds(15);

    private Path data;
    private final List<Launcher> launchers = new ArrayList<>();
    /** Everything any launcher of this test started, killed in {@link #cleanUp()} if still alive. */
    private final List<ProcessHandle> started = new ArrayList<>();

    @BeforeEach
    void dataDirectory() throws IOException {
        data = Files.createTempDirectory("bb-start-stop-");
    }

    @AfterEach
    void cleanUp() {
        for (Launcher launcher : launchers) {
            launcher.process().destroyForcibly();
            started.addAll(launcher.process().descendants().toList());
        }
        postmaster().ifPresent(started::add);
        started.forEach(ProcessHandle::destroyForcibly);
        started.forEach(process -> process.onExit().completeOnTimeout(process, 10, TimeUnit.SECONDS).join());
        EmbeddedPostgresCleanup.deleteQuietly(data);
    }

    @Test
    void sigtermStopsEverythingWithinFifteenSeconds() throws Exception {
        Launcher launcher = launch(freePorts());
        awaitRunning(launcher);
        List<ProcessHandle> children = launcher.process().descendants().toList();
        ProcessHandle postgres = postmaster().orElseThrow();
        ProcessHandle redis = redisServer(launcher).orElseThrow();
        started.addAll(children);
        started.add(postgres);
        assertThat(children).as("four service JVMs and Redis").hasSizeGreaterThanOrEqualTo(5);

        assertStopsOnSigterm(launcher, children, postgres, redis);
    }

    /** SIGTERM; the launcher ends within 15 s, and nothing it started is left. */
    private void assertStopsOnSigterm(Launcher launcher, List<ProcessHandle> children, ProcessHandle postgres,
            ProcessHandle redis) throws InterruptedException {
        Instant signalled = Instant.now();
        launcher.process().destroy(); // SIGTERM
        boolean exited = launcher.process().waitFor(STOP_BOUND.toSeconds(), TimeUnit.SECONDS);
        Duration took = Duration.between(signalled, Instant.now());

        assertThat(exited).as("launcher exited within %s; output:%n%s", STOP_BOUND, launcher.output()).isTrue();
        assertThat(took).as(launcher.output()).isLessThan(STOP_BOUND);
        assertThat(alive(children)).as("service JVMs and Redis left running; output:%n%s", launcher.output())
                .isEmpty();
        assertThat(postgres.isAlive()).as("PostgreSQL (pid %d) left running; output:%n%s", postgres.pid(),
                launcher.output()).isFalse();
        assertThat(redis.isAlive()).isFalse();
        assertThat(processesMentioning(data)).as("processes of the data directory").isEmpty();
        assertThat(data.resolve("launcher.pids")).doesNotExist();
        System.out.printf("launcher stopped %s after SIGTERM; its warnings:%n%s%n", took,
                launcher.output().lines().filter(line -> line.contains("WARN")).collect(Collectors.joining("\n")));
    }

    @Test
    void sigtermWhileStartingStopsWhatHasStarted() throws Exception {
        Launcher launcher = launch(freePorts());
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!launcher.output().contains("risk-engine-service starting on port")) {
            assertThat(launcher.process().isAlive()).as(launcher.output()).isTrue();
            assertThat(Instant.now()).as("services launched in time").isBefore(deadline);
            Thread.sleep(200);
        }
        assertThat(launcher.output()).doesNotContain("Behavioral Biometrics is running.");
        List<ProcessHandle> children = launcher.process().descendants().toList();
        ProcessHandle postgres = postmaster().orElseThrow();
        ProcessHandle redis = redisServer(launcher).orElseThrow();
        started.addAll(children);
        started.add(postgres);

        assertStopsOnSigterm(launcher, children, postgres, redis);
    }

    @Test
    void startAfterTheLauncherWasKilledStopsWhatItLeftAndStarts() throws Exception {
        String ports = freePorts();
        Launcher first = launch(ports);
        awaitRunning(first);
        List<ProcessHandle> children = first.process().descendants().toList();
        ProcessHandle postgres = postmaster().orElseThrow();
        ProcessHandle redis = redisServer(first).orElseThrow();
        started.addAll(children);
        started.add(postgres);

        first.process().destroyForcibly(); // kill -9: no hook runs, the children stay
        assertThat(first.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(postgres.isAlive()).as("the killed launcher left PostgreSQL behind").isTrue();
        assertThat(redis.isAlive()).as("the killed launcher left Redis behind").isTrue();

        Launcher second = launch(ports);
        awaitRunning(second);

        String output = second.output();
        List<String> warnings = output.lines().filter(line -> line.contains("WARN")).toList();
        assertThat(warnings).as(output).anySatisfy(line -> assertThat(line)
                .contains("did not stop", "PostgreSQL (pid " + postgres.pid() + ")", "Redis (pid " + redis.pid() + ")"));
        assertThat(alive(children)).as("the old service JVMs and Redis").isEmpty();
        assertThat(postgres.isAlive()).as("the old PostgreSQL").isFalse();
        List<ProcessHandle> secondChildren = second.process().descendants().toList();
        started.addAll(secondChildren);
        ProcessHandle secondPostgres = postmaster().orElseThrow();
        started.add(secondPostgres);

        assertStopsOnSigterm(second, secondChildren, secondPostgres, redisServer(second).orElseThrow());
    }

    @Test
    void aTakenPortIsNamedAndNothingStarts() throws Exception {
        int[] ports = IntStream.range(0, 5).map(i -> Ports.free()).toArray();
        try (ServerSocket taken = new ServerSocket(ports[2], 1, InetAddress.getLoopbackAddress())) {
            Launcher launcher = launch(IntStream.of(ports).mapToObj(Integer::toString).collect(Collectors.joining(",")));

            boolean exited = launcher.process().waitFor(60, TimeUnit.SECONDS);

            assertThat(exited).as(launcher.output()).isTrue();
            assertThat(launcher.process().exitValue()).isNotZero();
            assertThat(launcher.output()).contains("Port " + ports[2] + " (ingestor-service)", "already in use");
            assertThat(data.resolve("postgres")).as("nothing was started").doesNotExist();
            assertThat(launcher.process().descendants().toList()).isEmpty();
        }
    }

    // ------------------------------------------------------------------ helpers

    private record Launcher(Process process, Path log) {
        String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(no output: " + e.getMessage() + ")";
            }
        }
    }

    private static String freePorts() {
        return IntStream.range(0, 5).mapToObj(i -> Integer.toString(Ports.free())).collect(Collectors.joining(","));
    }

    /** The launcher's main class on this test's classpath, run by this test's JDK. */
    private Launcher launch(String ports) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path log = data.resolve("launcher-" + (launchers.size() + 1) + ".log");
        Process process = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), LocalStackApplication.class.getName(),
                "--repo", Path.of("..").toAbsolutePath().normalize().toString(),
                "--data-dir", data.toString(),
                "--ports", ports)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Launcher launcher = new Launcher(process, log);
        launchers.add(launcher);
        return launcher;
    }

    private static void awaitRunning(Launcher launcher) throws InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (launcher.output().contains("Behavioral Biometrics is running.")) {
                return;
            }
            if (!launcher.process().isAlive()) {
                throw new AssertionError("launcher exited with " + launcher.process().exitValue() + ":\n"
                        + launcher.output());
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not running within " + START_TIMEOUT + ":\n" + launcher.output());
    }

    private Optional<ProcessHandle> postmaster() {
        return pidIn(data.resolve("postgres").resolve("postmaster.pid"));
    }

    /** Redis is a child of the launcher (PostgreSQL is not: pg_ctl detaches it). */
    private static Optional<ProcessHandle> redisServer(Launcher launcher) {
        return launcher.process().children()
                .filter(child -> child.info().command().map(command -> command.contains("redis-server")).orElse(false))
                .findFirst();
    }

    private static Optional<ProcessHandle> pidIn(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(Files.readAllLines(file).getFirst().strip()))
                    .filter(ProcessHandle::isAlive);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static List<Long> alive(List<ProcessHandle> processes) {
        return processes.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
    }

    /** Processes whose command line names the data directory (PostgreSQL's {@code -D}). */
    private static List<String> processesMentioning(Path directory) {
        String name = directory.toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(process -> process.info().commandLine().map(line -> line.contains(name)).orElse(false))
                .map(process -> process.pid() + " " + process.info().commandLine().orElse(""))
                .toList();
    }

    /** Deletes a test's data directory (owned partly by the unprivileged PostgreSQL user). */
    private static final class EmbeddedPostgresCleanup {
        static void deleteQuietly(Path directory) {
            try (var walk = Files.walk(directory)) {
                for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException | RuntimeException e) {
                // a temporary directory; the system cleans it eventually
            }
        }
    }
}
