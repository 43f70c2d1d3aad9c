package io.behavioralbiometrics.localstack;

import io.behavioralbiometrics.core.bus.EventStreams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the launcher starts and where. Flags win over environment variables, which win
 * over the defaults (the documented ports).
 *
 * @param repo          the repository root (service jars under {@code <service>/target})
 * @param dataDirectory embedded PostgreSQL and Redis data, kept between runs
 * @param postgresUrl   an external PostgreSQL instead of the embedded one
 * @param redisUrl      an external Redis instead of the embedded one
 * @param redisCluster  an embedded Redis Cluster (3 masters, 3 replicas) instead of one server
 * @param durable       whether PostgreSQL syncs to disk; a stack that does not (tests and
 *                      benchmarks, on a throw-away directory) deletes its data directory
 *                      when it stops, all but {@code logs}, which stay for a failure's reader
 * @param serviceArguments extra Spring arguments given to every service (unknown ones are ignored)
 * @param jvmOptions    options of every service JVM besides its heap; the default favours
 *                      start-up time and footprint (C1 only, serial GC), which suits a
 *                      laptop and tests; the benchmark runs with the JVM's defaults, as
 *                      the container images do
 */
public record StackOptions(
        Path repo,
        Path dataDirectory,
        int demoPort,
        int identityPort,
        int ingestorPort,
        int eventLoggerPort,
        int riskEnginePort,
        @Nullable String postgresUrl,
        String postgresUser,
        String postgresPassword,
        @Nullable String redisUrl,
        boolean redisCluster,
        boolean fresh,
        boolean simulate,
        boolean durable,
        List<String> serviceArguments,
        List<String> jvmOptions,
        Map<String, Integer> replicas) {

    static final List<String> QUICK_START_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    public StackOptions {
        serviceArguments = List.copyOf(serviceArguments);
        jvmOptions = List.copyOf(jvmOptions);
        replicas = Map.copyOf(replicas);
    }

    /** Stream shards on {@code --redis-cluster}: more than masters, so every master serves some. */
    public static final int CLUSTER_SHARDS = 4;

    /** The ingestor's setting of how many replicas must confirm a batch before it is acked. */
    static final String DURABILITY_REPLICAS = "bb.ingest.durability.replicas";

    /** Most instances of one service the launcher starts on one machine. */
    static final int MAX_REPLICAS = 8;
    /** The names {@code --replicas} takes, and the service each one means. */
    static final Map<String, String> SERVICE_NAMES = Map.of("identity", "identity-service", "ingestor",
            "ingestor-service", "event-logger", "event-logger-service", "risk-engine", "risk-engine-service");

    static final String USAGE = """
            Usage: local-stack [options]
              --repo DIR              repository root (default: current directory)
              --data-dir DIR          embedded PostgreSQL/Redis data (default: $TMPDIR/bb-local-stack)
              --fresh                 delete the embedded data first
              --postgres-url URL      use an external PostgreSQL (jdbc:postgresql://host:port/db)  [BB_POSTGRES_URL]
              --postgres-user USER    its user (default postgres)                                   [BB_POSTGRES_USER]
              --postgres-password PW  its password (prefer the environment variable)               [BB_POSTGRES_PASSWORD]
              --redis-url URL         use an external Redis (redis://host:port)                     [BB_REDIS_URL]
              --redis-cluster         an embedded Redis Cluster of 3 masters and 3 replicas, with 4 stream
                                      shards unless --stream-shards says otherwise (fresh on every start)
              --ports DEMO,ID,IN,EL,RE ports of the demo page and the services (default 8080,8081,8082,8083,8084)
              --stream-shards N       shards of the event stream, 1 to 1024 (default 1)             [BB_STREAMS_SHARDS]
              --replicas S=N,…        instances per service (identity, ingestor, event-logger, risk-engine; 1 to 8),
                                      e.g. ingestor=2,event-logger=3,risk-engine=2; extra ones get free ports
              --simulate              drive synthetic users through the pipeline, print their risk, then stop
              --help                  this text
            """;

    public static StackOptions defaults(Path repo) {
        return new StackOptions(
                repo, Path.of(System.getProperty("java.io.tmpdir"), "bb-local-stack"), 8080, 8081, 8082, 8083, 8084,
                null, "postgres", "", null, false, false, false, true, List.of(), QUICK_START_JVM_OPTIONS, Map.of());
    }

    public static StackOptions parse(String[] args, Map<String, String> env) {
        StackOptions o = defaults(Path.of("").toAbsolutePath());
        String pgUrl = env.get("BB_POSTGRES_URL");
        String pgUser = env.getOrDefault("BB_POSTGRES_USER", o.postgresUser());
        String pgPassword = env.getOrDefault("BB_POSTGRES_PASSWORD", o.postgresPassword());
        String redisUrl = env.get("BB_REDIS_URL");
        Path repo = o.repo();
        Path data = o.dataDirectory();
        int[] ports = {o.demoPort(), o.identityPort(), o.ingestorPort(), o.eventLoggerPort(), o.riskEnginePort()};
        boolean fresh = false;
        boolean simulate = false;
        boolean redisCluster = false;
        String shards = env.get("BB_STREAMS_SHARDS");
        Map<String, Integer> replicas = Map.of();
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String flag = rest.removeFirst();
            switch (flag) {
                case "--repo" -> repo = Path.of(value(flag, rest)).toAbsolutePath().normalize();
                case "--data-dir" -> data = Path.of(value(flag, rest)).toAbsolutePath();
                case "--fresh" -> fresh = true;
                case "--postgres-url" -> pgUrl = value(flag, rest);
                case "--postgres-user" -> pgUser = value(flag, rest);
                case "--postgres-password" -> pgPassword = value(flag, rest);
                case "--redis-url" -> redisUrl = value(flag, rest);
                case "--redis-cluster" -> redisCluster = true;
                case "--ports" -> {
                    String[] parts = value(flag, rest).split(",");
                    if (parts.length != 5) {
                        throw new IllegalArgumentException("--ports needs five comma-separated ports");
                    }
                    for (int i = 0; i < 5; i++) {
                        ports[i] = Integer.parseInt(parts[i].trim());
                    }
                }
                case "--stream-shards" -> shards = value(flag, rest);
                case "--replicas" -> replicas = replicas(value(flag, rest));
                case "--simulate" -> simulate = true;
                case "" -> { } // an empty -Dstack.args
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
            }
        }
        if (redisCluster && blankToNull(redisUrl) != null) {
            throw new IllegalArgumentException("--redis-cluster starts an embedded cluster; it cannot be combined with "
                    + "--redis-url (or BB_REDIS_URL)");
        }
        if (redisCluster && (shards == null || shards.isBlank())) {
            shards = Integer.toString(CLUSTER_SHARDS);
        }
        List<String> serviceArguments = shards == null || shards.isBlank() ? List.of()
                : List.of("--bb.streams.shards=" + shardCount(shards.trim()));
        return new StackOptions(
                repo, data, ports[0], ports[1], ports[2], ports[3], ports[4], blankToNull(pgUrl), pgUser, pgPassword,
                blankToNull(redisUrl), redisCluster, fresh, simulate, true, serviceArguments, QUICK_START_JVM_OPTIONS,
                replicas);
    }

    /** {@code ingestor=2,event-logger=3} as service name → instances. */
    public static Map<String, Integer> replicas(String value) {
        Map<String, Integer> replicas = new java.util.LinkedHashMap<>();
        for (String part : value.split(",")) {
            String[] pair = part.trim().split("=", 2);
            String service = SERVICE_NAMES.get(pair[0].trim());
            if (service == null || pair.length != 2) {
                throw new IllegalArgumentException("--replicas takes service=count pairs of "
                        + new java.util.TreeSet<>(SERVICE_NAMES.keySet()) + ", not " + part.trim());
            }
            int count;
            try {
                count = Integer.parseInt(pair[1].trim());
            } catch (NumberFormatException e) {
                count = 0;
            }
            if (count < 1 || count > MAX_REPLICAS) {
                throw new IllegalArgumentException("--replicas: " + pair[0].trim() + " needs 1 to " + MAX_REPLICAS
                        + " instances, not " + pair[1].trim());
            }
            if (replicas.put(service, count) != null) {
                throw new IllegalArgumentException("--replicas names " + pair[0].trim() + " twice");
            }
        }
        return replicas;
    }

    /** Instances of {@code service} to run (1 unless {@code --replicas} says more). */
    public int instancesOf(String service) {
        return replicas.getOrDefault(service, 1);
    }

    /**
     * The ingestor's {@code bb.ingest.durability.replicas} on this stack: as the service
     * arguments set it, else 1 on the embedded Redis Cluster (an ack waits for a replica's
     * copy, so a failover loses no acked batch), else the service's default 0.
     */
    public int durabilityReplicas() {
        return durabilityArgument().map(Integer::parseInt).orElse(redisCluster ? 1 : 0);
    }

    /** The value of the last {@code --bb.ingest.durability.replicas=…} among the service arguments. */
    Optional<String> durabilityArgument() {
        String prefix = "--" + DURABILITY_REPLICAS + "=";
        return serviceArguments.reversed().stream().filter(argument -> argument.startsWith(prefix))
                .map(argument -> argument.substring(prefix.length()).trim()).findFirst();
    }

    public StackOptions withRedisCluster() {
        return new StackOptions(
                repo, dataDirectory, demoPort, identityPort, ingestorPort, eventLoggerPort, riskEnginePort, postgresUrl,
                postgresUser, postgresPassword, null, true, fresh, simulate, durable, serviceArguments, jvmOptions,
                replicas);
    }

    public StackOptions withReplicas(Map<String, Integer> counts) {
        return new StackOptions(
                repo, dataDirectory, demoPort, identityPort, ingestorPort, eventLoggerPort, riskEnginePort, postgresUrl,
                postgresUser, postgresPassword, redisUrl, redisCluster, fresh, simulate, durable, serviceArguments,
                jvmOptions, counts);
    }

    /** Refused here, before anything starts, rather than by three services at once. */
    private static int shardCount(String value) {
        try {
            return new EventStreams(Integer.parseInt(value)).shards();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--stream-shards needs a whole number from 1 to "
                    + EventStreams.MAX_SHARDS + ", not " + value);
        }
    }

    public StackOptions withPorts(int demo, int identity, int ingestor, int eventLogger, int riskEngine) {
        return new StackOptions(
                repo, dataDirectory, demo, identity, ingestor, eventLogger, riskEngine, postgresUrl, postgresUser,
                postgresPassword, redisUrl, redisCluster, fresh, simulate, durable, serviceArguments, jvmOptions,
                replicas);
    }

    public StackOptions withServiceArguments(List<String> arguments) {
        return new StackOptions(
                repo, dataDirectory, demoPort, identityPort, ingestorPort, eventLoggerPort, riskEnginePort, postgresUrl,
                postgresUser, postgresPassword, redisUrl, redisCluster, fresh, simulate, durable, arguments, jvmOptions,
                replicas);
    }

    public StackOptions withJvmOptions(List<String> options) {
        return new StackOptions(
                repo, dataDirectory, demoPort, identityPort, ingestorPort, eventLoggerPort, riskEnginePort, postgresUrl,
                postgresUser, postgresPassword, redisUrl, redisCluster, fresh, simulate, durable, serviceArguments,
                options, replicas);
    }

    public StackOptions withDataDirectory(Path directory, boolean durable) {
        return new StackOptions(
                repo, directory, demoPort, identityPort, ingestorPort, eventLoggerPort, riskEnginePort, postgresUrl,
                postgresUser, postgresPassword, redisUrl, redisCluster, fresh, simulate, durable, serviceArguments,
                jvmOptions, replicas);
    }

    private static String value(String flag, List<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return rest.removeFirst();
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }

    public String identityUrl() {
        return "http://localhost:" + identityPort;
    }

    public String ingestUrl() {
        return "ws://localhost:" + ingestorPort + "/ws/ingest";
    }

    public String riskUrl() {
        return "http://localhost:" + riskEnginePort;
    }

    public String demoUrl() {
        return "http://localhost:" + demoPort + "/";
    }
}
