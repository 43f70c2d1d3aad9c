package io.behavioralbiometrics.testsupport;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** The Testcontainers path: pinned images, started once per JVM (Ryuk removes them). */
public final class Containers {

    public static final DockerImageName POSTGRES_IMAGE = DockerImageName.parse("postgres:17.6-alpine");
    public static final DockerImageName REDIS_IMAGE = DockerImageName.parse("redis:7.4.5-alpine");

    private static final class Holder {
        static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer(POSTGRES_IMAGE)
                .withCommand("postgres", "-c", "max_connections=300", "-c", "fsync=off");
        static final GenericContainer<?> REDIS = new GenericContainer<>(REDIS_IMAGE)
                .withCommand("redis-server", "--appendonly", "yes")
                .withExposedPorts(6379);

        static {
            POSTGRES.start();
            REDIS.start();
        }
    }

    private Containers() {
    }

    static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    public static PostgreSQLContainer postgres() {
        return Holder.POSTGRES;
    }

    public static GenericContainer<?> redis() {
        return Holder.REDIS;
    }

    static PostgresEndpoint postgresEndpoint() {
        return new PostgresEndpoint(postgres().getJdbcUrl(), postgres().getUsername(), postgres().getPassword());
    }

    static RedisEndpoint redisEndpoint() {
        return new RedisEndpoint(redis().getHost(), redis().getMappedPort(6379));
    }
}
