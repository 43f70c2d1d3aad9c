package io.behavioralbiometrics.localstack;

import io.behavioralbiometrics.testsupport.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One local stack per test JVM, on free ports and a throw-away data directory. */
final class RunningStack {

    private static LocalStack stack;

    private RunningStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            try {
                Path data = Files.createTempDirectory("bb-local-stack-test-");
                StackOptions options = StackOptions.defaults(Path.of("..").toAbsolutePath().normalize())
                        .withPorts(Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free())
                        .withDataDirectory(data, false);
                stack = LocalStack.start(options);
                Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(stack::close));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return stack;
    }
}
