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
 * on health, memory limits, a durable Redis, and every variable documented. The Redis
 * start script is run for real, on the embedded redis-server binary.
 */
class DockerComposeTests {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Set<String> APPS = Set.of("identity-service", "ingestor-service", "event-logger-service",
            "risk-engine-service");

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(REPO.resolve("docker-compose.yml")));
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void composeRunsTheFourServicesTheDatabasesAndTheDemoPage() throws Exception {
        assertThat(services().keySet()).containsExactlyInAnyOrder("postgres", "redis", "identity-service",
                "ingestor-service", "event-logger-service", "risk-engine-service", "demo");
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
            Object dependsOn = service.get("depends_on");
            if (dependsOn != null) {
                ((Map<String, Map<String, String>>) dependsOn).forEach((dependency, condition) ->
                        assertThat(condition).as(name + " -> " + dependency).containsEntry("condition", "service_healthy"));
            }
        });
        for (String app : APPS) {
            assertThat(services().get(app)).as(app).containsKey("depends_on");
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

    private static ProcessBuilder script(Path directory, Path bin, Path acl, int port, Map<String, String> passwords) {
        ProcessBuilder builder = new ProcessBuilder("sh", REPO.resolve("docker/redis-start.sh").toString(),
                "--bind", "127.0.0.1", "--port", Integer.toString(port), "--save", "", "--appendonly", "no",
                "--dir", directory.toString()).redirectErrorStream(true);
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
        Matcher variables = Pattern.compile("\\$\\{([A-Z0-9_]+)").matcher(Files.readString(REPO.resolve("docker-compose.yml")));
        Set<String> used = new TreeSet<>();
        while (variables.find()) {
            used.add(variables.group(1));
        }
        String example = Files.readString(REPO.resolve(".env.example"));
        assertThat(used).isNotEmpty().allSatisfy(variable -> assertThat(example).contains(variable + "="));
    }
}
