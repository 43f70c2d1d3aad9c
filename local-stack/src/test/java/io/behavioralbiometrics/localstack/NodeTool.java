package io.behavioralbiometrics.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs Node.js tooling of {@code test-client/} from JUnit, streaming its output into the build log. */
final class NodeTool {

    static final Path TEST_CLIENT = Path.of("..", "test-client").toAbsolutePath().normalize();

    private NodeTool() {
    }

    static boolean available(String command) {
        try {
            Process process = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Prints a banner nobody can miss in a build log. */
    static void warnLoudly(String message) {
        String line = "!".repeat(100);
        System.err.println("\n" + line + "\n!!! SKIPPED: " + message + "\n" + line + "\n");
    }

    /** Runs {@code command} in test-client, echoing its output; returns the exit code and output. */
    static Result run(List<String> command, Map<String, String> environment, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(TEST_CLIENT.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        Thread pump = Thread.ofVirtual().start(() -> {
            try (var reader = process.inputReader(StandardCharsets.UTF_8)) {
                reader.lines().forEach(line -> {
                    System.out.println("[" + command.getFirst() + "] " + line);
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                });
            } catch (IOException e) {
                // the process ended; nothing more to read
            }
        });
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " timed out after " + timeout);
        }
        pump.join(5_000);
        synchronized (output) {
            return new Result(process.exitValue(), output.toString());
        }
    }

    record Result(int exitCode, String output) {
    }

    /** Installs the locked npm packages once per JVM. */
    static synchronized void npmCi() throws IOException, InterruptedException {
        if (installed) {
            return;
        }
        Result result = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), Duration.ofMinutes(5));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("npm ci failed:\n" + result.output());
        }
        installed = true;
    }

    private static boolean installed;
}
