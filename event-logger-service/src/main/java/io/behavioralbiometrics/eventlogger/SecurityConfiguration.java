package io.behavioralbiometrics.eventlogger;

import io.behavioralbiometrics.core.security.SecurityProblems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Actuator is served on the management port (shared-core's ManagementPortSecurityAutoConfiguration);
 * here the data export needs an access
 * token, verified by shared-core's resource-server setup, and the admin export the admin role;
 * 401 and 403 are problem details, as in the other services.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/api/admin/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
            .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults())
                    .authenticationEntryPoint(SecurityProblems.authenticationEntryPoint())
                    .accessDeniedHandler(SecurityProblems.accessDeniedHandler()))
            .exceptionHandling(SecurityProblems::exceptionHandling)
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            // Bearer tokens only, no cookies: CSRF does not apply.
            .csrf(csrf -> csrf.disable());
        return http.build();
    }
}
