package io.behavioralbiometrics.testsupport;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Points a Spring Boot test at the real servers of this JVM: {@code @Import} it. With
 * Testcontainers the connection comes through {@code @ServiceConnection}; otherwise the
 * datasource and Redis properties are registered from {@link RealServers}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class RealServersConfiguration {

    @Bean
    @ServiceConnection
    @Conditional(ContainersMode.class)
    PostgreSQLContainer postgresContainer() {
        return Containers.postgres();
    }

    @Bean
    @ServiceConnection(name = "redis")
    @Conditional(ContainersMode.class)
    GenericContainer<?> redisContainer() {
        return Containers.redis();
    }

    @Bean
    @Conditional(NotContainersMode.class)
    DynamicPropertyRegistrar realServerProperties() {
        return registry -> {
            RealServers servers = RealServers.get();
            registry.add("spring.datasource.url", () -> servers.postgres().jdbcUrl());
            registry.add("spring.datasource.username", () -> servers.postgres().username());
            registry.add("spring.datasource.password", () -> servers.postgres().password());
            registry.add("spring.data.redis.host", () -> servers.redis().host());
            registry.add("spring.data.redis.port", () -> servers.redis().port());
            if (servers.redis().username() != null) {
                registry.add("spring.data.redis.username", () -> servers.redis().username());
                registry.add("spring.data.redis.password", () -> servers.redis().password());
            }
        };
    }

    static final class ContainersMode implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return RealServers.get().mode() == RealServers.Mode.CONTAINERS;
        }
    }

    static final class NotContainersMode implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return RealServers.get().mode() != RealServers.Mode.CONTAINERS;
        }
    }
}
