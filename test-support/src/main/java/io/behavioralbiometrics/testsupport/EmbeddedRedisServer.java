package io.behavioralbiometrics.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A real Redis server from the embedded-redis artifact, on a loopback port. With AOF on
 * (as in docker-compose) a restart keeps the streams, which the fault tests rely on.
 */
public final class EmbeddedRedisServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedisServer.class);

    private static final Duration STOP_GRACE = Duration.ofSeconds(3);

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** The redis-server binary and its configuration, as the embedded-redis artifact writes them. */
    private final List<String> command;
    private final int port;
    private final Path directory;
    private volatile boolean running;
    private @Nullable Process process;

    private EmbeddedRedisServer(int port, Path directory, boolean appendOnly) {
        this.port = port;
        this.directory = directory;
        try {
            Files.createDirectories(directory);
            // Run by this class rather than by the library, whose shutdown hook would stop
            // Redis at once on SIGTERM, before the services that use it have stopped.
            this.command = List.copyOf(RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(port)
                    .setting("dir " + directory.toAbsolutePath())
                    .setting("appendonly " + (appendOnly ? "yes" : "no"))
                    .setting("appendfsync everysec")
                    .setting("save \"\"")
                    .setting("maxmemory-policy noeviction")
                    // Names the server's pid, so a later start can find a server a killed
                    // launcher left behind.
                    .setting("pidfile " + pidFile(directory))
                    .buildCommandArgs());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare embedded Redis", e);
        }
    }

    /** A throw-away server with AOF on, in a temporary directory. */
    public static EmbeddedRedisServer startTemporary() {
        try {
            EmbeddedRedisServer redis = start(Files.createTempDirectory("bb-redis-"), Ports.free(), true);
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(redis::stop));
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a server the caller stops (the local stack stops its services first). */
    public static EmbeddedRedisServer start(Path directory, int port, boolean appendOnly) {
        EmbeddedRedisServer redis = new EmbeddedRedisServer(port, directory, appendOnly);
        redis.start();
        return redis;
    }

    public RedisEndpoint endpoint() {
        return new RedisEndpoint("127.0.0.1", port);
    }

    public boolean isRunning() {
        return running;
    }

    public Path directory() {
        return directory;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        Path logFile = directory.resolve("redis.log");
        try {
            Process started = new ProcessBuilder(command)
                    .directory(Path.of(command.getFirst()).toAbsolutePath().getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            awaitReady(started, logFile);
            process = started;
        } catch (IOException e) {
            throw new UncheckedIOException("embedded Redis did not start on port " + port, e);
        }
        running = true;
        log.info("Redis started on 127.0.0.1:{}", port);
    }

    /** Until {@code PING} answers {@code PONG} (not {@code LOADING}, while the AOF is replayed). */
    private void awaitReady(Process started, Path logFile) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!started.isAlive()) {
                throw new IOException("redis-server exited with " + started.exitValue() + ": " + tail(logFile));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                socket.setSoTimeout(1000);
                socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] reply = new byte[5];
                int read = socket.getInputStream().readNBytes(reply, 0, 5);
                if (read == 5 && new String(reply, StandardCharsets.US_ASCII).equals("+PONG")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                started.destroyForcibly();
                throw new IOException("interrupted", e);
            }
        }
        started.destroyForcibly();
        throw new IOException("redis-server was not ready within " + START_TIMEOUT.toSeconds() + " s: "
                + tail(logFile));
    }

    private static String tail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Stops the server: SIGTERM, and a forced kill if it has not ended within a few seconds. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        Process current = process;
        if (current != null) {
            terminate(current.toHandle(), STOP_GRACE);
        }
        process = null;
        running = false;
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Stops a Redis server still running on {@code directory} (a launcher that was killed
     * leaves it behind), named by its pid file.
     *
     * @return the pid of the server stopped, if there was one
     */
    public static java.util.OptionalLong stopLeftover(Path directory) {
        Optional<ProcessHandle> leftover = liveServer(directory);
        if (leftover.isEmpty()) {
            return java.util.OptionalLong.empty();
        }
        terminate(leftover.get(), STOP_GRACE);
        try {
            Files.deleteIfExists(pidFile(directory));
        } catch (IOException e) {
            log.debug("could not delete {}: {}", pidFile(directory), e.getMessage());
        }
        return java.util.OptionalLong.of(leftover.get().pid());
    }

    static Path pidFile(Path directory) {
        return directory.toAbsolutePath().resolve("redis.pid");
    }

    /** The live {@code redis-server} the pid file in {@code directory} names. */
    private static Optional<ProcessHandle> liveServer(Path directory) {
        try {
            Path file = pidFile(directory);
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(file).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(process -> process.info().command().map(command -> command.contains("redis-server"))
                            .orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL and wait a little more. */
    static void terminate(ProcessHandle process, Duration grace) {
        process.destroy();
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("Redis (pid {}) did not stop within {} s; killing it", process.pid(), grace.toSeconds());
            process.destroyForcibly();
            try {
                process.onExit().get(2, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException ignored) {
                // reported by the caller's checks, if it matters
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        } catch (ExecutionException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
