package io.behavioralbiometrics.localstack;

import java.util.concurrent.CountDownLatch;

/** {@code ./mvnw -Prun -DskipTests package}: starts the whole system; Ctrl-C stops it. */
public final class LocalStackApplication {

    private LocalStackApplication() {
    }

    public static void main(String[] args) throws InterruptedException {
        StackOptions options;
        try {
            if (java.util.List.of(args).contains("--help")) {
                System.out.println(StackOptions.USAGE);
                return;
            }
            options = StackOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println("Starting PostgreSQL, Redis and the four services (first start takes a minute)...");
        // In place before anything starts: a Ctrl-C or SIGTERM during the start stops what has started.
        LocalStack stack = LocalStack.prepare(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("local-stack-stop").unstarted(() -> {
            stack.close();
            stopped.countDown();
        }));
        try {
            stack.startAll();
        } catch (RuntimeException e) {
            if (e instanceof LocalStack.StartAbandoned) {
                stopped.await(); // stopped by a signal while starting; the hook ends the JVM
                return;
            }
            System.err.println(e instanceof LocalStack.StartRefused
                    ? "Cannot start: " + e.getMessage()
                    : "The local stack did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println(stack.summary());
        if (options.simulate()) {
            int status = 0;
            try {
                new Simulation(options, System.out).run();
            } catch (RuntimeException e) {
                System.err.println("Simulation failed: " + e.getMessage());
                status = 1;
            }
            // Stop in order (services, then Redis and PostgreSQL) before the JVM's hooks run.
            stack.close();
            System.exit(status);
        }
        stopped.await();
    }
}
