package io.behavioralbiometrics.core.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Actuator runs on its own port ({@code management.server.port}), bound to
 * {@code management.server.address}, for probes and scraping by the platform rather than by
 * users. Spring Boot applies the application's security filter chains to that port too, so
 * this chain, ordered first and matching by the port a request arrived on (never by path,
 * which a request to the public port could spoof), lets those requests through without a
 * token. On the public port Actuator is not served at all, and every service's own chain
 * applies unchanged.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SecurityFilterChain.class)
@ConditionalOnProperty(prefix = "management.server", name = "port")
public class ManagementPortSecurityAutoConfiguration {

    /** Set by Spring Boot once the management server listens. */
    static final String LOCAL_MANAGEMENT_PORT = "local.management.port";

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain managementPortSecurityFilterChain(HttpSecurity http, Environment environment)
            throws Exception {
        http.securityMatcher(onManagementPort(environment))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                // Read-only endpoints without cookies: CSRF does not apply.
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    static RequestMatcher onManagementPort(Environment environment) {
        return (HttpServletRequest request) -> {
            Integer port = environment.getProperty(LOCAL_MANAGEMENT_PORT, Integer.class);
            return port != null && port > 0 && request.getLocalPort() == port
                    && !port.equals(environment.getProperty("local.server.port", Integer.class));
        };
    }
}
