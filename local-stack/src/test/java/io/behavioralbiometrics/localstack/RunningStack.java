package io.behavioralbiometrics.localstack;

import io.behavioralbiometrics.core.bus.EventStreams;
import io.behavioralbiometrics.testsupport.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One local stack per test JVM, on free ports and a throw-away data directory, shared by
 * the test classes that {@code @ExtendWith} this and stopped when the test run ends. Its
 * event stream has {@link #STREAMS} shards, so every end-to-end test runs on a sharded
 * stream; the fault-tolerance stack keeps the single stream.
 */
final class RunningStack implements BeforeAllCallback {

    /** The administrator's account ({@code bb.identity.admin-user-ids}); tests create it under this id. */
    static final UUID ADMIN_USER_ID = UUID.fromString("0a11ad00-0000-4000-8000-00000000ad02");
    static final String ADMIN_EMAIL = "stack-admin@example.com";

    static final EventStreams STREAMS = new EventStreams(4);

    private static LocalStack stack;
    private static LocalStack clusterStack;

    @Override
    public void beforeAll(ExtensionContext context) {
        // The root store closes AutoCloseable values when the whole run is over.
        context.getRoot().getStore(ExtensionContext.Namespace.create(RunningStack.class))
                .computeIfAbsent("stack", key -> get(), LocalStack.class);
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            stack = start(options("bb-local-stack-test-"));
        }
        return stack;
    }

    /** The same stack on an embedded Redis Cluster of 3 masters and 3 replicas ({@code --redis-cluster}). */
    static synchronized LocalStack cluster() {
        if (clusterStack == null) {
            clusterStack = start(options("bb-local-stack-cluster-test-").withRedisCluster());
        }
        return clusterStack;
    }

    private static StackOptions options(String prefix) {
        try {
            return StackOptions.defaults(Path.of("..").toAbsolutePath().normalize())
                    .withPorts(Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free())
                    .withDataDirectory(Files.createTempDirectory(prefix), false)
                    .withServiceArguments(List.of("--bb.identity.admin-user-ids=" + ADMIN_USER_ID,
                            "--bb.identity.throttle.registration.per-address=100000",
                            "--bb.streams.shards=" + STREAMS.shards()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LocalStack start(StackOptions options) {
        LocalStack started = LocalStack.start(options);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(started::close));
        return started;
    }

    /** Registers {@link #cluster()} for closing at the end of the run, as the class does for {@link #get()}. */
    static final class Cluster implements BeforeAllCallback {

        @Override
        public void beforeAll(ExtensionContext context) {
            context.getRoot().getStore(ExtensionContext.Namespace.create(Cluster.class))
                    .computeIfAbsent("stack", key -> cluster(), LocalStack.class);
        }
    }
}
