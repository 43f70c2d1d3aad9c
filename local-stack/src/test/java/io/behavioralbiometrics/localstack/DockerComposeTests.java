package io.behavioralbiometrics.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs where these tests run, so docker-compose.yml is checked for the
 * properties that matter without starting it: pinned images, health checks, start order
 * on health, memory limits, a durable Redis, and every variable documented.
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
