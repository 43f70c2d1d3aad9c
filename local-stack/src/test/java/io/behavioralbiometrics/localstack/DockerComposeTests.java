package io.behavioralbiometrics.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.behavioralbiometrics.testsupport.EmbeddedRedisServer;
import io.behavioralbiometrics.testsupport.Ports;
import io.behavioralbiometrics.testsupport.RedisEndpoint;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs where these tests run, so docker-compose.yml is checked for the
 * properties that matter without starting it: pinned images, health checks, start order
 * on health, memory limits, a durable Redis, and every variable documented; the same for
 * the {@code cluster} profile (six Redis Cluster nodes and the job that forms the cluster)
 * with docker-compose.cluster.yml, which puts the services on it. The Redis start scripts
 * are run for real, on the embedded redis-server binary; the cluster-forming script on a
 * stand-in redis-cli, as the embedded artifact has none.
 */
class DockerComposeTests {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Set<String> APPS = Set.of("identity-service", "ingestor-service", "event-logger-service",
            "risk-engine-service");
    private static final List<String> NODES = List.of("redis-node-1", "redis-node-2", "redis-node-3", "redis-node-4",
            "redis-node-5", "redis-node-6");
    /** The one-shot job that forms the cluster: the only dependency that is waited for to exit. */
    private static final String CLUSTER_INIT = "redis-cluster-init";

    private static Map<String, Map<String, Object>> services() throws Exception {
        return services("docker-compose.yml");
    }

    /** The overrides of docker-compose.cluster.yml, Compose's {@code !override} tag read as plain YAML. */
    private static Map<String, Map<String, Object>> clusterOverrides() throws Exception {
        return services("docker-compose.cluster.yml");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services(String file) throws Exception {
        String text = Files.readString(REPO.resolve(file)).replace("!override", "");
        Map<String, Object> compose = new Yaml().load(text);
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    private static List<String> profiles(Map<String, Object> service) {
        return (List<String>) service.getOrDefault("profiles", List.of());
    }

    @Test
    void composeRunsTheFourServicesTheDatabasesAndTheDemoPage() throws Exception {
        Set<String> always = new TreeSet<>();
        Set<String> cluster = new TreeSet<>();
        services().forEach((name, service) -> {
            List<String> profiles = profiles(service);
            if (profiles.isEmpty()) {
                always.add(name);
            } else {
                assertThat(profiles).as(name).containsExactly("cluster");
                cluster.add(name);
            }
        });
        assertThat(always).containsExactlyInAnyOrder("postgres", "redis", "identity-service", "ingestor-service",
                "event-logger-service", "risk-engine-service", "demo");
        Set<String> expected = new TreeSet<>(NODES);
        expected.add(CLUSTER_INIT);
        assertThat(cluster).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theClusterProfileHasSixNodesAJobFormingTheClusterAndPutsTheServicesOnIt() throws Exception {
        Map<String, Map<String, Object>> services = services();
        Map<String, Object> redis = services.get("redis");
        for (String node : NODES) {
            Map<String, Object> service = services.get(node);
            assertThat(service.get("image")).as(node).isEqualTo(redis.get("image"));
            assertThat(service.get("user")).as(node).isEqualTo("redis");
            assertThat(String.join(" ", (List<String>) service.get("command"))).as(node)
                    .contains("--cluster-enabled yes", "--appendonly yes", "--maxmemory-policy noeviction");
            assertThat(String.join(" ", (List<String>) service.get("entrypoint"))).as(node)
                    .contains("/usr/local/bin/bb-redis-cluster-start");
            assertThat((List<String>) service.get("volumes")).as(node).contains(node + "-data:/data",
                    "./docker/redis-users.acl:/etc/redis/users.acl:ro",
                    "./docker/redis-cluster-users.acl:/etc/redis/cluster-users.acl:ro",
                    "./docker/redis-start.sh:/usr/local/bin/bb-redis-start:ro",
                    "./docker/redis-cluster-start.sh:/usr/local/bin/bb-redis-cluster-start:ro");
            assertThat(service.get("hostname")).as(node).isEqualTo(node);
            Map<String, Object> environment = (Map<String, Object>) service.get("environment");
            assertThat(environment).as(node).containsAllEntriesOf((Map<String, Object>) redis.get("environment"))
                    .containsKeys("BB_REDIS_ADMIN_PASSWORD", "BB_REDIS_REPLICA_PASSWORD");
        }
        Map<String, Object> volumes = (Map<String, Object>) new Yaml()
                .<Map<String, Object>>load(Files.readString(REPO.resolve("docker-compose.yml"))).get("volumes");
        assertThat(volumes).containsKeys(NODES.stream().map(node -> node + "-data").toArray(String[]::new));

        Map<String, Object> init = services.get(CLUSTER_INIT);
        assertThat(init.get("image")).isEqualTo(redis.get("image"));
        assertThat(init.get("restart")).isEqualTo("no");
        assertThat((Map<String, Object>) init.get("depends_on")).containsOnlyKeys(NODES);
        assertThat(String.join(" ", (List<String>) init.get("entrypoint"))).contains("/usr/local/bin/bb-redis-cluster-init");
        assertThat((List<String>) init.get("volumes")).contains(
                "./docker/redis-cluster-init.sh:/usr/local/bin/bb-redis-cluster-init:ro");
        String nodes = String.valueOf(((Map<String, Object>) init.get("environment")).get("BB_REDIS_CLUSTER_NODES"));
        assertThat(nodes.split(",")).containsExactlyElementsOf(NODES.stream().map(node -> node + ":6379").toList());
        assertThat(Files.readString(REPO.resolve("docker/redis-cluster-init.sh")))
                .contains("--cluster create $addresses --cluster-replicas 1 --cluster-yes", "--user bb_admin",
                        "cluster_state:ok");

        // The services on the cluster: what docker-compose.cluster.yml changes, and only that.
        Map<String, Map<String, Object>> overrides = clusterOverrides();
        assertThat(overrides.keySet()).containsExactlyInAnyOrderElementsOf(
                java.util.stream.Stream.concat(APPS.stream(), java.util.stream.Stream.of("redis")).toList());
        assertThat(profiles(overrides.get("redis"))).as("the single Redis is left out").isNotEmpty()
                .doesNotContain("cluster");
        for (String app : APPS) {
            Map<String, Object> override = overrides.get(app);
            Map<String, Object> environment = (Map<String, Object>) override.get("environment");
            assertThat(String.valueOf(environment.get("SPRING_DATA_REDIS_CLUSTER_NODES")).split(",")).as(app)
                    .containsExactlyElementsOf(NODES.stream().map(node -> node + ":6379").toList());
            assertThat(environment).as(app).containsEntry("BB_STREAMS_SHARDS", "${BB_STREAMS_SHARDS:-4}");
            Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) override.get("depends_on");
            assertThat(dependsOn).as(app).containsEntry(CLUSTER_INIT,
                    Map.of("condition", "service_completed_successfully")).doesNotContainKey("redis");
            // The same start order as without the cluster, but for Redis.
            Set<String> before = new TreeSet<>(((Map<String, Object>) services.get(app).get("depends_on")).keySet());
            before.remove("redis");
            before.add(CLUSTER_INIT);
            assertThat(dependsOn.keySet()).as(app).containsExactlyInAnyOrderElementsOf(before);
        }
        assertThat(Files.readString(REPO.resolve("docker-compose.yml"))).contains(
                "docker compose -f docker-compose.yml -f docker-compose.cluster.yml --profile cluster up");
        assertThat(Files.readString(REPO.resolve("README.md"))).contains(
                "docker compose -f docker-compose.yml -f docker-compose.cluster.yml --profile cluster up");
    }

    @Test
    void everyImageTagIsPinned() throws Exception {
        services().forEach((name, service) -> {
            if (service.containsKey("image")) {
                assertThat((String) service.get("image")).as(name).matches("[a-z0-9./-]+:\\d+(\\.\\d+){1,2}[-a-z0-9.]*")
                        .doesNotContain("latest");
            }
        });
        assertThat(Files.readString(REPO.resolve("docker/service.Dockerfile")))
                .containsPattern("eclipse-temurin:25\\.\\d+\\.\\d+_\\d+-jdk").doesNotContain(":latest");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyServiceHasAHealthCheckMemoryLimitAndWaitsForHealthyDependencies() throws Exception {
        services().forEach((name, service) -> {
            assertThat(service).as(name).containsKey("healthcheck");
            Map<String, Object> limits = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) service
                    .get("deploy")).get("resources")).get("limits");
            assertThat(limits).as(name + " memory limit").containsKey("memory");
            assertWaitsForHealthy(name, service);
        });
        for (String app : APPS) {
            assertThat(services().get(app)).as(app).containsKey("depends_on");
        }
        clusterOverrides().forEach(DockerComposeTests::assertWaitsForHealthy);
    }

    /** Healthy dependencies, but for the one-shot job forming the cluster: that one must have exited 0. */
    @SuppressWarnings("unchecked")
    private static void assertWaitsForHealthy(String name, Map<String, Object> service) {
        Object dependsOn = service.get("depends_on");
        if (dependsOn != null) {
            ((Map<String, Map<String, String>>) dependsOn).forEach((dependency, condition) ->
                    assertThat(condition).as(name + " -> " + dependency).containsEntry("condition",
                            dependency.equals(CLUSTER_INIT) ? "service_completed_successfully" : "service_healthy"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void appsAreBuiltFromTheLayeredDockerfileWithTheirOwnModule() throws Exception {
        for (String app : APPS) {
            Map<String, Object> build = (Map<String, Object>) services().get(app).get("build");
            assertThat(build.get("dockerfile")).isEqualTo("docker/service.Dockerfile");
            assertThat((Map<String, String>) build.get("args")).containsEntry("SERVICE", app);
            assertThat(REPO.resolve(app).resolve("pom.xml")).exists();
        }
        assertThat(Files.readString(REPO.resolve("docker/service.Dockerfile")))
                .contains("-Djarmode=tools", "extract --layers", "USER 10001");
    }

    @Test
    @SuppressWarnings("unchecked")
    void appsAreProbedOnTheirManagementPortWhichIsNotPublished() throws Exception {
        for (String app : APPS) {
            Map<String, Object> service = services().get(app);
            String probe = String.join(" ", (List<String>) ((Map<String, Object>) service.get("healthcheck")).get("test"));
            Matcher port = Pattern.compile("localhost:(\\d+)/actuator/").matcher(probe);
            assertThat(port.find()).as(app + " probes Actuator: " + probe).isTrue();
            List<String> published = (List<String>) service.getOrDefault("ports", List.of());
            assertThat(published).as(app).noneMatch(mapping -> mapping.endsWith(":" + port.group(1)));
            assertThat(Files.readString(REPO.resolve(app).resolve("src/main/resources/application.yml")))
                    .as(app + " management port").contains("port: " + port.group(1));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAppConnectsToRedisAsItsOwnUserOfTheSharedAclFile() throws Exception {
        Map<String, Object> redis = services().get("redis");
        assertThat(String.join(" ", (List<String>) redis.get("entrypoint"))).contains("/usr/local/bin/bb-redis-start");
        assertThat((List<String>) redis.get("volumes")).contains("./docker/redis-users.acl:/etc/redis/users.acl:ro",
                "./docker/redis-start.sh:/usr/local/bin/bb-redis-start:ro");
        Map<String, Object> redisEnvironment = (Map<String, Object>) redis.get("environment");
        for (String app : APPS) {
            Map<String, Object> environment = (Map<String, Object>) services().get(app).get("environment");
            String user = RedisUsers.of(app);
            String variable = "BB_REDIS_" + user.substring("bb_".length()).toUpperCase(java.util.Locale.ROOT) + "_PASSWORD";
            assertThat(environment).as(app).containsEntry("SPRING_DATA_REDIS_USERNAME", user);
            assertThat(String.valueOf(environment.get("SPRING_DATA_REDIS_PASSWORD"))).as(app).startsWith("${" + variable + ":?");
            assertThat(String.valueOf(redisEnvironment.get(variable))).as("redis").startsWith("${" + variable + ":?");
            assertThat(RedisUsers.parse(Files.readString(REPO.resolve("docker/redis-users.acl"))))
                    .extracting(RedisUsers.User::name).contains(user);
        }
        assertThat(services().get("ingestor-service").get("environment").toString()).doesNotContain("SPRING_DATASOURCE");
    }

    /** The compose start script, run for real on the embedded redis-server binary. */
    @Test
    void theRedisStartScriptLoadsTheUsersWithTheirPasswordsAndNoDefaultUser(@TempDir Path directory) throws Exception {
        Path bin = Files.createDirectories(directory.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("redis-server"), EmbeddedRedisServer.binary());
        Path acl = directory.resolve("users.acl");
        int port = Ports.free();
        Map<String, String> passwords = new java.util.TreeMap<>(Map.of(
                "BB_REDIS_IDENTITY_PASSWORD", "identity-secret", "BB_REDIS_INGESTOR_PASSWORD", "ingestor-secret",
                "BB_REDIS_EVENT_LOGGER_PASSWORD", "logger-secret", "BB_REDIS_RISK_ENGINE_PASSWORD", "risk-secret"));

        Process missing = script(directory, bin, acl, port, Map.of("BB_REDIS_IDENTITY_PASSWORD", "x")).start();
        assertThat(missing.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(missing.exitValue()).isNotZero();
        assertThat(new String(missing.getInputStream().readAllBytes())).contains("BB_REDIS_INGESTOR_PASSWORD is not set");

        Process redis = script(directory, bin, acl, port, passwords).start();
        RedisClient client = RedisClient.create(RedisURI.create(new RedisEndpoint("127.0.0.1", port)
                .as("bb_ingestor", "ingestor-secret").url()));
        try {
            StatefulRedisConnection<String, String> ingestor = connectWithin(client, redis);
            assertThat(ingestor.sync().xadd("bb:events", Map.of("userId", "u"))).isNotBlank();
            assertThatThrownBy(() -> ingestor.sync().xadd("bb:user-deleted", Map.of("userId", "u")))
                    .hasMessageContaining("NOPERM");
            ingestor.close();
            RedisClient anonymous = RedisClient.create(RedisURI.create("127.0.0.1", port));
            try {
                assertThatThrownBy(anonymous::connect).hasStackTraceContaining("NOAUTH");
            } finally {
                anonymous.shutdown();
            }
            String written = Files.readString(acl);
            assertThat(written).contains("user default off", "user bb_risk_engine on #")
                    .doesNotContain("ingestor-secret", "risk-secret");
            assertThat(Files.getPosixFilePermissions(acl)).containsExactlyInAnyOrder(
                    java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                    java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        } finally {
            client.shutdown();
            redis.destroy();
            redis.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            redis.destroyForcibly();
        }
    }

    /** The cluster node script, run for real on the embedded redis-server binary, as a one-node cluster. */
    @Test
    void theClusterNodeScriptStartsAClusterNodeWithTheServiceUsersTheAdminAndTheReplicaUser(@TempDir Path directory)
            throws Exception {
        Path bin = Files.createDirectories(directory.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("redis-server"), EmbeddedRedisServer.binary());
        Path acl = directory.resolve("users.acl");
        int port = Ports.free();
        Map<String, String> passwords = new java.util.TreeMap<>(Map.of(
                "BB_REDIS_IDENTITY_PASSWORD", "identity-secret", "BB_REDIS_INGESTOR_PASSWORD", "ingestor-secret",
                "BB_REDIS_EVENT_LOGGER_PASSWORD", "logger-secret", "BB_REDIS_RISK_ENGINE_PASSWORD", "risk-secret",
                "BB_REDIS_ADMIN_PASSWORD", "admin-secret"));

        Process missing = clusterScript(directory, bin, acl, port, passwords).start();
        assertThat(missing.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(missing.exitValue()).isNotZero();
        assertThat(new String(missing.getInputStream().readAllBytes())).contains("BB_REDIS_REPLICA_PASSWORD is not set");

        passwords.put("BB_REDIS_REPLICA_PASSWORD", "replica-\"secret");
        Process redis = clusterScript(directory, bin, acl, port, passwords).start();
        RedisClient client = RedisClient.create(RedisURI.create(new RedisEndpoint("127.0.0.1", port)
                .as("bb_risk_engine", "risk-secret").url()));
        RedisClient adminClient = RedisClient.create(RedisURI.create(new RedisEndpoint("127.0.0.1", port)
                .as("bb_admin", "admin-secret").url()));
        try {
            StatefulRedisConnection<String, String> riskEngine = connectWithin(client, redis);
            // CLUSTER INFO answers only in cluster mode; INFO says so too.
            assertThat(riskEngine.sync().clusterInfo()).contains("cluster_state:", "cluster_known_nodes:1");
            assertThat(riskEngine.sync().info("cluster")).contains("cluster_enabled:1");
            assertThat(riskEngine.sync().clusterMyId()).isNotBlank();
            assertThatThrownBy(() -> riskEngine.sync().clusterReset(false)).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> riskEngine.sync().configGet("masterauth")).hasMessageContaining("NOPERM");
            riskEngine.close();
            StatefulRedisConnection<String, String> admin = adminClient.connect();
            assertThat(admin.sync().configGet("masteruser")).containsEntry("masteruser", "bb_replica");
            assertThat(admin.sync().configGet("cluster-announce-hostname"))
                    .containsEntry("cluster-announce-hostname", "redis-node-1");
            assertThat(admin.sync().aclList()).anyMatch(user -> user.startsWith("user bb_replica on #")
                    && user.contains("+psync") && user.contains("+replconf") && !user.contains("~"));
            admin.close();
            RedisClient anonymous = RedisClient.create(RedisURI.create("127.0.0.1", port));
            try {
                assertThatThrownBy(anonymous::connect).hasStackTraceContaining("NOAUTH");
            } finally {
                anonymous.shutdown();
            }
            assertThat(Files.readString(acl)).contains("user default off", "user bb_admin on #")
                    .doesNotContain("secret");
            Path conf = directory.resolve("bb-redis-cluster.conf");
            assertThat(Files.readString(conf)).contains("masteruser bb_replica", "masterauth \"replica-\\\"secret\"");
            assertThat(Files.getPosixFilePermissions(conf)).containsExactlyInAnyOrder(
                    java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                    java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
            // Every service user may read a cluster's layout, the one place these rules are kept.
            assertThat(RedisUsers.parse(Files.readString(REPO.resolve("docker/redis-users.acl")))).as("users")
                    .filteredOn(user -> !user.name().equals("default"))
                    .allSatisfy(user -> assertThat(user.rules()).contains("+cluster|info +cluster|nodes +cluster|slots"));
        } finally {
            client.shutdown();
            adminClient.shutdown();
            redis.destroy();
            redis.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            redis.destroyForcibly();
        }
    }

    private static ProcessBuilder clusterScript(Path directory, Path bin, Path acl, int port,
            Map<String, String> passwords) throws Exception {
        ProcessBuilder builder = script(directory, bin, acl, port, passwords, "docker/redis-cluster-start.sh",
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                "--cluster-port", Integer.toString(Ports.free()));
        builder.environment().put("BB_REDIS_CLUSTER_USERS", REPO.resolve("docker/redis-cluster-users.acl").toString());
        builder.environment().put("BB_REDIS_CLUSTER_DIR", directory.toString());
        builder.environment().put("BB_REDIS_START", REPO.resolve("docker/redis-start.sh").toString());
        builder.environment().put("BB_REDIS_ANNOUNCE_HOSTNAME", "redis-node-1");
        return builder;
    }

    /**
     * The cluster-forming job's script on a stand-in redis-cli (the embedded artifact has
     * none) that records its arguments and reports the cluster ok once created.
     */
    @Test
    void theClusterJobCreatesTheClusterOnceAsTheAdminWithOneReplicaPerMaster(@TempDir Path directory)
            throws Exception {
        Path bin = Files.createDirectories(directory.resolve("bin"));
        Path log = directory.resolve("redis-cli.log");
        Path created = directory.resolve("created");
        Files.writeString(bin.resolve("redis-cli"), """
                #!/bin/sh
                echo "$* auth=$REDISCLI_AUTH" >> "$STUB_LOG"
                case "$*" in
                    *"--cluster create"*) touch "$STUB_CREATED" ;;
                    *"cluster info"*) if [ -f "$STUB_CREATED" ]; then echo cluster_state:ok; else echo cluster_state:fail; fi ;;
                esac
                """);
        // redis-node-3 -> 10.0.0.3
        Files.writeString(bin.resolve("getent"), "#!/bin/sh\necho \"10.0.0.${2##*-} $2\"\n");
        for (String tool : List.of("redis-cli", "getent")) {
            bin.resolve(tool).toFile().setExecutable(true);
        }
        @SuppressWarnings("unchecked")
        String nodes = String.valueOf(((Map<String, Object>) services().get(CLUSTER_INIT).get("environment"))
                .get("BB_REDIS_CLUSTER_NODES"));
        Map<String, String> environment = Map.of("BB_REDIS_CLUSTER_NODES", nodes, "BB_REDIS_ADMIN_PASSWORD",
                "admin-secret", "STUB_LOG", log.toString(), "STUB_CREATED", created.toString());

        assertThat(initJob(bin, environment)).startsWith("0 ").contains("the cluster is formed");
        List<String> calls = Files.readAllLines(log);
        assertThat(calls).filteredOn(call -> call.contains("--cluster create")).singleElement().satisfies(call ->
                assertThat(call).startsWith("--no-auth-warning --user bb_admin --cluster create 10.0.0.1:6379 "
                        + "10.0.0.2:6379 10.0.0.3:6379 10.0.0.4:6379 10.0.0.5:6379 10.0.0.6:6379 "
                        + "--cluster-replicas 1 --cluster-yes auth=admin-secret"));
        assertThat(calls).allSatisfy(call -> assertThat(call.substring(0, call.indexOf(" auth=")))
                .doesNotContain("admin-secret"));

        // A later start: the cluster is there, nothing is created again.
        assertThat(initJob(bin, environment)).startsWith("0 ").contains("already formed");
        assertThat(Files.readAllLines(log)).filteredOn(call -> call.contains("--cluster create")).hasSize(1);

        Map<String, String> noPassword = new java.util.HashMap<>(environment);
        noPassword.remove("BB_REDIS_ADMIN_PASSWORD");
        assertThat(initJob(bin, noPassword)).doesNotStartWith("0 ").contains("BB_REDIS_ADMIN_PASSWORD is not set");
    }

    /** Runs the cluster job's script: its exit code, a space, and its output. */
    private static String initJob(Path bin, Map<String, String> variables) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", REPO.resolve("docker/redis-cluster-init.sh").toString())
                .redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("BB_REDIS_") || name.startsWith("REDISCLI_"));
        environment.putAll(variables);
        environment.put("PATH", bin + java.io.File.pathSeparator + environment.getOrDefault("PATH", "/usr/bin:/bin"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return process.exitValue() + " " + output;
    }

    private static ProcessBuilder script(Path directory, Path bin, Path acl, int port, Map<String, String> passwords) {
        return script(directory, bin, acl, port, passwords, "docker/redis-start.sh");
    }

    private static ProcessBuilder script(Path directory, Path bin, Path acl, int port, Map<String, String> passwords,
            String script, String... options) {
        List<String> command = new java.util.ArrayList<>(List.of("sh", REPO.resolve(script).toString(),
                "--bind", "127.0.0.1", "--port", Integer.toString(port), "--save", "", "--appendonly", "no",
                "--dir", directory.toString()));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("BB_REDIS_"));
        environment.putAll(passwords);
        environment.put("PATH", bin + java.io.File.pathSeparator + environment.getOrDefault("PATH", "/usr/bin:/bin"));
        environment.put("BB_REDIS_USERS", REPO.resolve("docker/redis-users.acl").toString());
        environment.put("BB_REDIS_ACL_FILE", acl.toString());
        return builder;
    }

    private static StatefulRedisConnection<String, String> connectWithin(RedisClient client, Process redis)
            throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return client.connect();
            } catch (RuntimeException notYet) {
                if (!redis.isAlive() || System.nanoTime() > deadline) {
                    redis.destroyForcibly();
                    throw new AssertionError("Redis did not accept the ingestor: "
                            + new String(redis.getInputStream().readAllBytes()), notYet);
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    void redisKeepsTheStreamAcrossRestarts() throws Exception {
        assertThat(String.join(" ", (List<String>) services().get("redis").get("command")))
                .contains("--appendonly yes");
    }

    @Test
    void everyVariableTheComposeFileReadsIsInEnvExample() throws Exception {
        Set<String> used = new TreeSet<>();
        for (String file : List.of("docker-compose.yml", "docker-compose.cluster.yml")) {
            Matcher variables = Pattern.compile("\\$\\{([A-Z0-9_]+)").matcher(Files.readString(REPO.resolve(file)));
            while (variables.find()) {
                used.add(variables.group(1));
            }
        }
        String example = Files.readString(REPO.resolve(".env.example"));
        assertThat(used).isNotEmpty().allSatisfy(variable -> assertThat(example).contains(variable + "="));
    }
}
