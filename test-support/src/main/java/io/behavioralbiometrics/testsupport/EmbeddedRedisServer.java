package io.behavioralbiometrics.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A real Redis server from the embedded-redis artifact, on a loopback port. With AOF on
 * (as in docker-compose) a restart keeps the streams, which the fault tests rely on.
 */
public final class EmbeddedRedisServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedisServer.class);

    private final RedisServer server;
    private final int port;
    private final Path directory;
    private volatile boolean running;

    private EmbeddedRedisServer(int port, Path directory, boolean appendOnly) {
        this.port = port;
        this.directory = directory;
        try {
            Files.createDirectories(directory);
            this.server = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(port)
                    .setting("dir " + directory.toAbsolutePath())
                    .setting("appendonly " + (appendOnly ? "yes" : "no"))
                    .setting("appendfsync everysec")
                    .setting("save \"\"")
                    .setting("maxmemory-policy noeviction")
                    .onShutdownForceStop(false) // whoever started it stops it, in order
                    .build();
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
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded Redis did not start on port " + port, e);
        }
        running = true;
        log.info("Redis started on 127.0.0.1:{}", port);
    }

    public synchronized void stop() {
        if (!running) {
            return;
        }
        try {
            server.stop();
        } catch (IOException e) {
            log.warn("Redis on port {} did not stop cleanly: {}", port, e.getMessage());
        }
        running = false;
    }

    @Override
    public void close() {
        stop();
    }
}
