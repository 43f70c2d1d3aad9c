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

/**
 * A real Redis 7.0 server (the static binary of the {@code org.signal:embedded-redis}
 * artifact, run by this class) on a loopback port. With AOF on (as in docker-compose) a
 * restart keeps the streams, which the fault tests rely on. Started with {@link Users}, it
 * loads an ACL file and has no usable {@code default} user, as in production.
 */
public final class EmbeddedRedisServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedisServer.class);

    private static final String VERSION = "7.0.15";

    private static final Duration STOP_GRACE = Duration.ofSeconds(3);

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /**
     * An ACL file for the server to load, and the user (with every right) this class and its
     * callers connect as.
     */
    public record Users(Path aclFile, String adminUser, String adminPassword) {

        @Override
        public String toString() {
            return "Users[" + aclFile + ", " + adminUser + "]";
        }
    }

    private final List<String> command;
    private final int port;
    private final Path directory;
    private final @Nullable Users users;
    private volatile boolean running;
    private @Nullable Process process;

    private EmbeddedRedisServer(int port, Path directory, boolean appendOnly, @Nullable Users users,
            List<String> extraArguments) {
        this.port = port;
        this.directory = directory;
        this.users = users;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare embedded Redis", e);
        }
        List<String> arguments = new java.util.ArrayList<>(List.of(binary().toString(),
                "--bind", "127.0.0.1",
                "--port", Integer.toString(port),
                "--dir", directory.toAbsolutePath().toString(),
                "--appendonly", appendOnly ? "yes" : "no",
                "--appendfsync", "everysec",
                "--save", "",
                "--maxmemory-policy", "noeviction",
                // Names the server's pid, so a later start can find a server a killed
                // launcher left behind.
                "--pidfile", pidFile(directory).toString()));
        if (users != null) {
            arguments.addAll(List.of("--aclfile", users.aclFile().toAbsolutePath().toString()));
        }
        arguments.addAll(extraArguments);
        this.command = List.copyOf(arguments);
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
        return start(directory, port, appendOnly, null);
    }

    /** As {@link #start(Path, int, boolean)}, with the ACL users of {@code users} when given. */
    public static EmbeddedRedisServer start(Path directory, int port, boolean appendOnly, @Nullable Users users) {
        return start(directory, port, appendOnly, users, List.of());
    }

    /** As {@link #start(Path, int, boolean, Users)}, with more redis-server arguments (a cluster node's). */
    static EmbeddedRedisServer start(Path directory, int port, boolean appendOnly, @Nullable Users users,
            List<String> extraArguments) {
        EmbeddedRedisServer redis = new EmbeddedRedisServer(port, directory, appendOnly, users, extraArguments);
        redis.start();
        return redis;
    }

    /** A throw-away replica of {@code master} (a server without ACL users), in a temporary directory. */
    public static EmbeddedRedisServer startReplicaOf(RedisEndpoint master) {
        try {
            EmbeddedRedisServer replica = start(Files.createTempDirectory("bb-redis-replica-"), Ports.free(), false,
                    null, List.of("--replicaof", master.host(), Integer.toString(master.port())));
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(replica::stop));
            return replica;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** Kills the server at once (SIGKILL), as a crash of its machine would. */
    public synchronized void kill() {
        Process current = process;
        if (current != null) {
            current.destroyForcibly();
            current.toHandle().onExit().completeOnTimeout(null, 5, TimeUnit.SECONDS).join();
        }
        process = null;
        running = false;
    }

    /** The redis-server binary of this platform, copied once from the classpath. */
    public static synchronized Path binary() {
        String name = "redis-server-" + VERSION + "-" + platform();
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "bb-redis-" + VERSION, name);
        try (var in = EmbeddedRedisServer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no embedded " + name + " on the classpath (org.signal:embedded-redis)");
            }
            byte[] bytes = in.readAllBytes();
            if (Files.isExecutable(target) && Files.size(target) == bytes.length) {
                return target;
            }
            Files.createDirectories(target.getParent());
            // Written aside and moved, so a concurrent JVM never runs a half-written binary.
            Path partial = Files.createTempFile(target.getParent(), name, ".part");
            Files.write(partial, bytes);
            partial.toFile().setExecutable(true, false);
            Files.move(partial, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install " + name + " in " + target.getParent(), e);
        }
    }

    private static String platform() {
        String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(java.util.Locale.ROOT);
        String system = os.contains("mac") ? "darwin" : os.contains("linux") ? "linux" : null;
        String machine = switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> null;
        };
        if (system == null || machine == null) {
            throw new IllegalStateException("no embedded Redis for " + os + "/" + arch + ": set BB_TEST_REDIS_URL");
        }
        return system + "-" + machine;
    }

    /** Where to connect: as the admin user of {@link Users} if the server has them. */
    public RedisEndpoint endpoint() {
        RedisEndpoint endpoint = new RedisEndpoint("127.0.0.1", port);
        return users == null ? endpoint : endpoint.as(users.adminUser(), users.adminPassword());
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
                    .directory(directory.toFile())
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
                String auth = users == null ? "" : "AUTH " + users.adminUser() + " " + users.adminPassword() + "\r\n";
                String expected = (users == null ? "" : "+OK\r\n") + "+PONG";
                socket.getOutputStream().write((auth + "PING\r\n").getBytes(StandardCharsets.US_ASCII));
                byte[] reply = new byte[expected.length()];
                int read = socket.getInputStream().readNBytes(reply, 0, reply.length);
                if (read == reply.length && new String(reply, StandardCharsets.US_ASCII).equals(expected)) {
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
