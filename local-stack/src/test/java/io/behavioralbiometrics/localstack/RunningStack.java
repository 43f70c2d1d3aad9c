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

    @Override
    public void beforeAll(ExtensionContext context) {
        // The root store closes AutoCloseable values when the whole run is over.
        context.getRoot().getStore(ExtensionContext.Namespace.create(RunningStack.class))
                .computeIfAbsent("stack", key -> get(), LocalStack.class);
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            try {
                Path data = Files.createTempDirectory("bb-local-stack-test-");
                StackOptions options = StackOptions.defaults(Path.of("..").toAbsolutePath().normalize())
                        .withPorts(Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free())
                        .withDataDirectory(data, false)
                        .withServiceArguments(List.of("--bb.identity.admin-user-ids=" + ADMIN_USER_ID,
                                "--bb.identity.throttle.registration.per-address=100000",
                                "--bb.streams.shards=" + STREAMS.shards()));
                stack = LocalStack.start(options);
                Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(stack::close));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return stack;
    }
}
