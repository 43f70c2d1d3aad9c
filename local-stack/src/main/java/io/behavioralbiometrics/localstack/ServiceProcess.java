package io.behavioralbiometrics.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service in its own JVM, started from its executable jar with the launcher's own
 * Java (so a JDK 25), its output in a log file, and stopped with SIGTERM so Spring shuts
 * down gracefully.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceProcess.class);
    /** Spring's bound on each shutdown phase, well inside {@link #STOP_GRACE}. */
    static final Duration SHUTDOWN_PHASE = Duration.ofSeconds(5);
    /** How long a service may take to stop after SIGTERM before it is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(7);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    /** Actuator's own port (probes, metrics), bound to loopback. */
    private final int managementPort;
    private final Path logFile;
    private final Process process;

    private ServiceProcess(String name, int port, int managementPort, Path logFile, Process process) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.logFile = logFile;
        this.process = process;
    }

    static ServiceProcess start(String name, Path jar, int port, List<String> jvmOptions, List<String> arguments,
            Map<String, String> environment, Path logDirectory) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " is not built: " + jar
                    + " is missing. Build first: ./mvnw -DskipTests package");
        }
        try {
            Files.createDirectories(logDirectory);
            Path logFile = logDirectory.resolve(name + ".log");
            List<String> command = new ArrayList<>();
            command.add(javaExecutable());
            command.addAll(jvmOptions);
            int managementPort = freePort();
            command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port,
                    "--management.server.port=" + managementPort,
                    "--spring.lifecycle.timeout-per-shutdown-phase=" + SHUTDOWN_PHASE.toSeconds() + "s"));
            command.addAll(arguments);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            log.info("{} starting on port {}, management port {} (pid {}, log {})", name, port, managementPort,
                    process.pid(), logFile);
            return new ServiceProcess(name, port, managementPort, logFile, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    int managementPort() {
        return managementPort;
    }

    /** An ephemeral loopback port free right now, so instances on one host never share one. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    Path logFile() {
        return logFile;
    }

    /** Waits until {@code /actuator/health/readiness} says UP, or the process died. */
    void awaitReady(Duration timeout) {
        awaitReady(timeout, () -> false);
    }

    /** Waits until ready, the process died, or {@code abandon} says the stack is stopping. */
    void awaitReady(Duration timeout, java.util.function.BooleanSupplier abandon) {
        Instant deadline = Instant.now().plus(timeout);
        URI readiness = URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness");
        while (Instant.now().isBefore(deadline)) {
            if (abandon.getAsBoolean()) {
                throw new IllegalStateException("stopping before " + name + " was ready");
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; see " + logFile
                        + lastLines());
            }
            if (ready(readiness)) {
                log.info("{} is ready", name);
                return;
            }
            sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s; see " + logFile
                + lastLines());
    }

    boolean isReadyNow() {
        return ready(URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness"));
    }

    private static boolean ready(URI uri) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String lastLines() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return "\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the service: SIGTERM, then a forced kill if it has not ended within {@code grace}. */
    void stop(@Nullable Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        Duration wait = grace == null ? STOP_GRACE : grace;
        process.destroy();
        try {
            if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} did not stop within {} s; killing it", name, wait.toSeconds());
                process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    long pid() {
        return process.pid();
    }

    /** When the process started, so a later launcher can tell it from another with a reused pid. */
    String startInstant() {
        return process.info().startInstant().map(Object::toString).orElse("-");
    }

    /** Kills the JVM at once, as a crash would (fault tests). */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(null);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
