package io.behavioralbiometrics.testsupport;

import com.sun.security.auth.module.UnixSystem;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * A real PostgreSQL server from the zonky binaries artifact (no installation needed),
 * on a loopback port, with its own data directory.
 * <p>
 * Unlike zonky's own launcher this one also works as root (containers, CI): PostgreSQL
 * refuses to run as root, so the server then runs as {@code nobody} via {@code setpriv}.
 * It can be stopped and started again on the same data and port, which the fault tests
 * need to simulate a database outage.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final int NOBODY = 65534;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path binaries;
    private final Path dataDirectory;
    private final int port;
    private final boolean durable;
    private final boolean deleteOnClose;
    private volatile boolean running;

    private EmbeddedPostgresServer(Path binaries, Path dataDirectory, int port, boolean durable, boolean deleteOnClose) {
        this.binaries = binaries;
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.durable = durable;
        this.deleteOnClose = deleteOnClose;
    }

    /** A throw-away server in a temporary directory, tuned for tests (no fsync). */
    public static EmbeddedPostgresServer startTemporary() {
        try {
            Path data = Files.createTempDirectory("bb-pg-data-");
            EmbeddedPostgresServer server = start(data, Ports.free(), false, true);
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(server::close));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a server on {@code dataDirectory}, initialising it when empty.
     *
     * @param durable keep fsync on (the local stack); tests turn it off for speed
     * <p>The caller stops it: the local stack must stop its services before their database.
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, boolean durable, boolean deleteOnClose) {
        Path binaries = extractBinaries();
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(binaries, dataDirectory.toAbsolutePath(), port,
                durable, deleteOnClose);
        server.initIfEmpty();
        server.start();
        return server;
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return running;
    }

    /** Superuser endpoint of the {@code postgres} database. */
    public PostgresEndpoint endpoint() {
        return new PostgresEndpoint("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
    }

    /** Creates {@code database} unless it exists. */
    public void createDatabase(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be a plain identifier");
        }
        PostgresEndpoint endpoint = endpoint();
        try (Connection connection = DriverManager.getConnection(endpoint.jdbcUrl(), endpoint.username(), "");
             Statement statement = connection.createStatement()) {
            var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database, e);
        }
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        String options = String.join(" ", List.of(
                "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=" + dataDirectory,
                "-c", "max_connections=300",
                "-c", "fsync=" + (durable ? "on" : "off"),
                "-c", "synchronous_commit=" + (durable ? "on" : "off"),
                "-c", "full_page_writes=" + (durable ? "on" : "off")));
        run(List.of(bin("pg_ctl"), "-D", dataDirectory.toString(), "-l", dataDirectory.resolve("server.log").toString(),
                "-o", options, "-w", "-t", Long.toString(START_TIMEOUT.toSeconds()), "start"));
        running = true;
        log.info("PostgreSQL started on 127.0.0.1:{} (data {})", port, dataDirectory);
    }

    /** Fast shutdown: connections are cut, committed data stays. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        run(List.of(bin("pg_ctl"), "-D", dataDirectory.toString(), "-m", "fast", "-w", "-t", "60", "stop"));
        running = false;
        log.info("PostgreSQL on port {} stopped", port);
    }

    /**
     * Stops within about {@code grace} plus a few seconds: a fast shutdown, else an immediate
     * one (committed data stays; the next start replays the WAL), else the postmaster is killed.
     */
    public synchronized void stop(Duration grace) {
        if (!running) {
            return;
        }
        stopWithin(grace);
        running = false;
        log.info("PostgreSQL on port {} stopped", port);
    }

    /**
     * Stops a PostgreSQL server still running on {@code dataDirectory} (a launcher that was
     * killed leaves it behind, and pg_ctl then refuses to start another on that data).
     *
     * @return the pid of the postmaster stopped, if one was running
     */
    public static java.util.OptionalLong stopLeftover(Path dataDirectory, Duration grace) {
        Optional<ProcessHandle> postmaster = livePostmaster(dataDirectory.toAbsolutePath());
        if (postmaster.isEmpty()) {
            return java.util.OptionalLong.empty();
        }
        new EmbeddedPostgresServer(extractBinaries(), dataDirectory.toAbsolutePath(), 0, true, false).stopWithin(grace);
        return java.util.OptionalLong.of(postmaster.get().pid());
    }

    private void stopWithin(Duration grace) {
        long seconds = Math.max(1, grace.toSeconds());
        // pg_ctl returns once postmaster.pid is gone, a moment before the postmaster has exited.
        Optional<ProcessHandle> postmaster = livePostmaster(dataDirectory);
        try {
            run(List.of(bin("pg_ctl"), "-D", dataDirectory.toString(), "-m", "fast", "-w", "-t",
                    Long.toString(seconds), "stop"));
            if (exited(postmaster, Duration.ofSeconds(2))) {
                return;
            }
        } catch (RuntimeException e) {
            log.warn("PostgreSQL on {} did not stop within {} s; stopping it immediately", dataDirectory, seconds);
        }
        try {
            run(List.of(bin("pg_ctl"), "-D", dataDirectory.toString(), "-m", "immediate", "-w", "-t", "2", "stop"));
            if (exited(postmaster, Duration.ofSeconds(1))) {
                return;
            }
        } catch (RuntimeException e) {
            log.warn("PostgreSQL on {} did not stop immediately; killing it", dataDirectory);
        }
        postmaster.ifPresent(process -> {
            process.destroyForcibly();
            if (!exited(postmaster, Duration.ofSeconds(2))) {
                log.warn("PostgreSQL postmaster {} is still running", process.pid());
            }
        });
    }

    private static boolean exited(Optional<ProcessHandle> process, Duration wait) {
        if (process.isEmpty()) {
            return true;
        }
        try {
            process.get().onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return !process.get().isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.get().isAlive();
        }
    }

    /** The live {@code postgres} process {@code postmaster.pid} in that data directory names. */
    static Optional<ProcessHandle> livePostmaster(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.getFirst().strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(process -> process.info().command().map(command -> command.endsWith("postgres"))
                            .orElse(true));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } catch (RuntimeException e) {
            log.warn("PostgreSQL on port {} did not stop cleanly: {}", port, e.getMessage());
        }
        if (deleteOnClose) {
            deleteRecursively(dataDirectory);
        }
    }

    private void initIfEmpty() {
        if (Files.exists(dataDirectory.resolve("PG_VERSION"))) {
            return;
        }
        try {
            Files.createDirectories(dataDirectory);
            if (isRoot()) {
                // The unprivileged server must own its data directory and be able to reach it.
                run(List.of("chown", "-R", NOBODY + ":" + NOBODY, dataDirectory.toString()), false);
                Files.setPosixFilePermissions(dataDirectory, EnumSet.of(PosixFilePermission.OWNER_READ,
                        PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
                Path parent = dataDirectory.getParent();
                if (parent != null && !parent.equals(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath())) {
                    run(List.of("chmod", "o+x", parent.toString()), false);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(List.of(bin("initdb"), "-A", "trust", "-U", "postgres", "-D", dataDirectory.toString(), "-E", "UTF-8",
                "--locale=C"));
    }

    private String bin(String name) {
        return binaries.resolve("bin").resolve(name).toString();
    }

    private void run(List<String> command) {
        run(command, isRoot());
    }

    private void run(List<String> command, boolean dropPrivileges) {
        List<String> full = new ArrayList<>();
        if (dropPrivileges) {
            full.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        }
        full.addAll(command);
        try {
            Process process = new ProcessBuilder(full)
                    .directory(dataDirectory.getParent() == null ? null : dataDirectory.getParent().toFile())
                    .redirectErrorStream(true)
                    .start();
            // pg_ctl start keeps the server's stdout unless -l is given; it is, so this ends.
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(START_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("failed (" + process.exitValue() + "): " + String.join(" ", command)
                        + "\n" + new String(output, StandardCharsets.UTF_8) + serverLogTail());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private String serverLogTail() {
        Path logFile = dataDirectory.resolve("server.log");
        try {
            if (!Files.exists(logFile)) {
                return "";
            }
            List<String> lines = Files.readAllLines(logFile);
            return "\nserver.log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    static boolean isRoot() {
        try {
            return new UnixSystem().getUid() == 0;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ binaries

    /** Extracts the zonky archive once per machine into a content-addressed folder. */
    static synchronized Path extractBinaries() {
        try {
            byte[] archive;
            try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", architecture())) {
                archive = in.readAllBytes();
            }
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive), 0, 8);
            Path root = Path.of(System.getProperty("java.io.tmpdir"), "bb-embedded-pg");
            Path target = root.resolve("pg-" + digest);
            if (Files.exists(target.resolve(".complete"))) {
                return target;
            }
            Files.createDirectories(root);
            Path staging = Files.createTempDirectory(root, "staging-");
            untar(archive, staging);
            Files.writeString(staging.resolve(".complete"), digest);
            makeReachable(root);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                deleteRecursively(staging); // another JVM won the race; its copy is identical
            }
            makeReachable(target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract PostgreSQL binaries", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> arch;
        };
    }

    private static void makeReachable(Path dir) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
        permissions.addAll(EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
        Files.setPosixFilePermissions(dir, permissions);
    }

    private static void untar(byte[] archive, Path target) throws IOException {
        try (var tar = new TarArchiveInputStream(new XZInputStream(
                new BufferedInputStream(new java.io.ByteArrayInputStream(archive))))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("archive entry outside target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                }
            }
        }
        try (var dirs = Files.walk(target)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                makeReachable(dir);
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0100) != 0) {
            set.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        return set;
    }

    static void deleteRecursively(@Nullable Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("could not delete {}: {}", path, e.getMessage());
        }
    }
}
