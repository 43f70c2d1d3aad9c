package io.behavioralbiometrics.localstack.benchmark;

import io.behavioralbiometrics.core.bus.EventStreams;
import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventCodec;
import io.behavioralbiometrics.core.event.ServerFrame;
import io.behavioralbiometrics.localstack.LocalStack;
import io.behavioralbiometrics.localstack.StackClient;
import io.behavioralbiometrics.localstack.StackOptions;
import io.behavioralbiometrics.testsupport.PostgresEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Soak run, not a test: many real WebSocket clients send batches at a steady pace for
 * several minutes while, every minute, the run records what was sent, acknowledged and
 * stored, the acknowledgement latencies of that minute, and each service's heap (from its
 * Prometheus endpoint). At the end it waits for the backlog and counts lost and
 * duplicated events. A leak shows as old-generation heap that keeps climbing from minute
 * to minute; an overload as a growing backlog and p99.
 * <p>
 * {@code ./mvnw -q -Psoak -DskipTests package [-Dsoak.args="--sockets 1000 --minutes 5 --events 20 --interval-ms 5000"]}
 */
public final class SoakBenchmark {

    private static final List<String> SERVICES = List.of("identity-service", "ingestor-service",
            "event-logger-service", "risk-engine-service");
    /** Heap used by the old generation (long-lived objects), summed over its pools. */
    private static final Pattern OLD_GEN = Pattern.compile(
            "^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*id=\"(?:G1 Old Gen|Tenured Gen|PS Old Gen)\"[^}]*} (\\S+)$",
            Pattern.MULTILINE);
    private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} (\\S+)$",
            Pattern.MULTILINE);
    private static final Pattern THREADS = Pattern.compile("^jvm_threads_live_threads(?:\\{[^}]*})? (\\S+)$",
            Pattern.MULTILINE);

    private SoakBenchmark() {
    }

    record Settings(int sockets, int minutes, int eventsPerBatch, long intervalMillis, int inFlight) {
        double eventsPerSecond() {
            return sockets * eventsPerBatch * 1000.0 / intervalMillis;
        }
    }

    /** What one minute of the run saw. */
    record Minute(int minute, long sent, long acked, long stored, double ackP50, double ackP99, long errors,
            Map<String, double[]> memory) {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = parse(args);
        if (settings.minutes() < 1 || settings.minutes() > 60) {
            throw new IllegalArgumentException("--minutes must be between 1 and 60");
        }
        Path data = Files.createTempDirectory("bb-soak-");
        int ttlMinutes = settings.minutes() + 10;
        // The sockets live for the whole run; the server closes them when the token expires.
        StackOptions options = IngestBenchmark.stackOptions(data, settings.sockets(), settings.inFlight(),
                List.of("--bb.identity.access-token-ttl=" + ttlMinutes + "m"));
        System.out.printf("Starting the stack (data %s)…%n", data);
        try (LocalStack stack = LocalStack.start(options)) {
            run(settings, options, IngestBenchmark.signUp(options), IngestBenchmark.sample(), stack);
        } finally {
            LocalStack.discardData(data);
        }
        System.exit(0);
    }

    private static void run(Settings settings, StackOptions options, StackClient.Session session,
            List<BehavioralEvent> sample, LocalStack stack) throws Exception {
        PostgresEndpoint postgres = stack.postgres();
        EventCodec codec = new EventCodec();
        HttpClient http = HttpClient.newHttpClient();
        Stats stats = new Stats();
        List<Pacer> pacers = new ArrayList<>();
        System.out.printf("Opening %d WebSockets…%n", settings.sockets());
        for (int i = 0; i < settings.sockets(); i++) {
            Pacer pacer = new Pacer(UUID.randomUUID(), settings, codec, sample, stats);
            pacer.socket = http.newWebSocketBuilder()
                    .subprotocols("bb.v1", "bearer." + session.accessToken())
                    .header("Origin", "http://localhost:" + options.demoPort())
                    .connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(URI.create(options.ingestUrl()), pacer).get(60, TimeUnit.SECONDS);
            pacers.add(pacer);
        }
        System.out.printf("Sending %.0f events/s for %d minutes…%n", settings.eventsPerSecond(), settings.minutes());
        long start = System.nanoTime();
        long end = start + TimeUnit.MINUTES.toNanos(settings.minutes());
        List<Minute> minutes = new ArrayList<>();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Pacer pacer : pacers) {
                senders.submit(() -> pacer.run(start, end));
            }
            for (int minute = 1; minute <= settings.minutes(); minute++) {
                Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(start + TimeUnit.MINUTES.toNanos(minute) - System.nanoTime())));
                List<Long> latencies = stats.drainLatencies();
                Minute row = new Minute(minute, stats.sentEvents.get(), stats.ackedEvents.get(),
                        IngestBenchmark.count(postgres, session.userId()), IngestBenchmark.percentile(latencies, 0.50) / 1e6,
                        IngestBenchmark.percentile(latencies, 0.99) / 1e6, stats.errors.get(), memory(http, stack));
                minutes.add(row);
                System.out.printf("minute %d: sent %,d acked %,d stored %,d ack p50 %.0f ms p99 %.0f ms%n", minute,
                        row.sent(), row.acked(), row.stored(), row.ackP50(), row.ackP99());
            }
        }
        // Senders stopped; wait for the last acknowledgements and the backlog.
        long sent = stats.sentEvents.get();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        // The soak runs on the launcher's default topology: one Redis, one stream.
        try (LoggerProgress progress = new LoggerProgress(stack, EventStreams.single())) {
            while ((stats.ackedEvents.get() < sent || !progress.caughtUp()) && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
        }
        double drainSeconds = (System.nanoTime() - end) / 1e9;
        for (Pacer pacer : pacers) {
            pacer.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
        long stored = IngestBenchmark.count(postgres, session.userId());
        long distinct = IngestBenchmark.distinctCount(postgres, session.userId());
        print(settings, minutes, sent, stats.ackedEvents.get(), stored, distinct, drainSeconds);
    }

    private static void print(Settings settings, List<Minute> minutes, long sent, long acked, long stored,
            long distinct, double drainSeconds) {
        System.out.println();
        System.out.printf("%d sockets, a batch of %d events every %d ms each (%,.0f events/s), %d minutes%n",
                settings.sockets(), settings.eventsPerBatch(), settings.intervalMillis(), settings.eventsPerSecond(),
                settings.minutes());
        System.out.println();
        StringBuilder header = new StringBuilder("| minute | sent | acked | stored | not yet stored | ack p50 / p99 (ms) |");
        StringBuilder rule = new StringBuilder("| ---: | ---: | ---: | ---: | ---: | ---: |");
        for (String service : SERVICES) {
            header.append(' ').append(service.replace("-service", "")).append(" old gen / heap MB, threads |");
            rule.append(" ---: |");
        }
        System.out.println(header);
        System.out.println(rule);
        for (Minute m : minutes) {
            StringBuilder line = new StringBuilder(String.format("| %d | %,d | %,d | %,d | %,d | %.0f / %.0f |",
                    m.minute(), m.sent(), m.acked(), m.stored(), Math.max(0, m.sent() - m.stored()), m.ackP50(),
                    m.ackP99()));
            for (String service : SERVICES) {
                double[] values = m.memory().get(service);
                line.append(values == null ? " n/a |"
                        : String.format(" %.0f / %.0f, %.0f |", values[0] / 1e6, values[1] / 1e6, values[2]));
            }
            System.out.println(line);
        }
        System.out.println();
        System.out.printf("| sent / acked / stored | %,d / %,d / %,d |%n", sent, acked, stored);
        System.out.printf("| lost / duplicated | %d / %d |%n", Math.max(0, sent - distinct), stored - distinct);
        System.out.printf("| all stored after the senders stopped | %.1f s |%n", drainSeconds);
    }

    /** Old-generation heap, whole heap and live threads of each service, from its management port's Prometheus endpoint. */
    private static Map<String, double[]> memory(HttpClient http, LocalStack stack) {
        Map<String, double[]> memory = new LinkedHashMap<>();
        for (String service : SERVICES) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + stack.managementPort(service) + "/actuator/prometheus"))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    memory.put(service, new double[] {sum(OLD_GEN, response.body()), sum(HEAP, response.body()),
                            sum(THREADS, response.body())});
                }
            } catch (Exception e) {
                System.out.printf("could not read the metrics of %s: %s%n", service, e);
            }
        }
        return memory;
    }

    private static double sum(Pattern pattern, String metrics) {
        double total = 0;
        Matcher matcher = pattern.matcher(metrics);
        while (matcher.find()) {
            total += Double.parseDouble(matcher.group(1));
        }
        return total;
    }

    /** Counters shared by all sockets; latencies are collected per minute. */
    static final class Stats {
        final AtomicLong sentEvents = new AtomicLong();
        final AtomicLong ackedEvents = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        private List<Long> latencies = new ArrayList<>();

        synchronized void latency(long nanos) {
            latencies.add(nanos);
        }

        synchronized List<Long> drainLatencies() {
            List<Long> drained = latencies;
            latencies = new ArrayList<>();
            return drained;
        }
    }

    /** One socket sending a batch every interval (random phase), at most {@code inFlight} unacknowledged. */
    static final class Pacer extends BenchSocket {
        private final Settings settings;
        private final Stats stats;

        Pacer(UUID sessionId, Settings settings, EventCodec codec, List<BehavioralEvent> sample, Stats stats) {
            super(sessionId, codec, sample, settings.eventsPerBatch(), settings.inFlight());
            this.settings = settings;
            this.stats = stats;
        }

        void run(long start, long end) {
            long interval = TimeUnit.MILLISECONDS.toNanos(settings.intervalMillis());
            long next = start + ThreadLocalRandom.current().nextLong(interval);
            try {
                for (long seq = 0; ; seq++) {
                    if (next - end >= 0) {
                        return;
                    }
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    send(seq);
                    stats.sentEvents.addAndGet(settings.eventsPerBatch());
                    next += interval;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        void acked(long seq, long latencyNanos) {
            stats.latency(latencyNanos);
            stats.ackedEvents.addAndGet(settings.eventsPerBatch());
        }

        @Override
        void refused() {
            stats.errors.incrementAndGet();
        }

        @Override
        void failed(ServerFrame.Error error) {
            stats.errors.incrementAndGet();
        }
    }

    private static Settings parse(String[] args) {
        Map<String, String> values = new HashMap<>(Map.of("--sockets", "1000", "--minutes", "5", "--events", "20",
                "--interval-ms", "5000", "--in-flight", "4"));
        List<String> list = Arrays.stream(args).filter(a -> !a.isBlank()).toList();
        for (int i = 0; i + 1 < list.size(); i += 2) {
            if (!values.containsKey(list.get(i))) {
                throw new IllegalArgumentException("unknown option " + list.get(i) + "; known: " + values.keySet());
            }
            values.put(list.get(i), list.get(i + 1));
        }
        return new Settings(Integer.parseInt(values.get("--sockets")), Integer.parseInt(values.get("--minutes")),
                Integer.parseInt(values.get("--events")), Long.parseLong(values.get("--interval-ms")),
                Integer.parseInt(values.get("--in-flight")));
    }
}
