package io.behavioralbiometrics.identity;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import io.behavioralbiometrics.core.security.ErasedUserTokenValidator;
import io.behavioralbiometrics.core.security.JwtVerificationProperties;
import io.behavioralbiometrics.core.security.ResourceServerAutoConfiguration;
import io.behavioralbiometrics.core.security.SecurityProblems;
import io.behavioralbiometrics.identity.key.SigningKeys;
import java.net.URI;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Stateless: the auth endpoints, the JWKS, OpenAPI and health are public; everything
 * else needs an access token, which identity verifies against its own key store with
 * the same rules as every other service (shared-core's validator and role mapping).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, JwtDecoder jwtDecoder) throws Exception {
        JwtAuthenticationConverter authentication = new JwtAuthenticationConverter();
        authentication.setJwtGrantedAuthoritiesConverter(ResourceServerAutoConfiguration::authorities);
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.POST, "/api/auth/register", "/api/auth/login",
                                "/api/auth/refresh", "/api/auth/revoke").permitAll()
                        .requestMatchers(HttpMethod.GET, "/.well-known/jwks.json").permitAll()
                        // Erasure ids are unguessable capabilities; the erased user has no token to poll with.
                        .requestMatchers(HttpMethod.GET, "/api/erasures/*").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                            .permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/api/admin/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
            .oauth2ResourceServer(server -> server
                    .jwt(jwt -> jwt.decoder(jwtDecoder).jwtAuthenticationConverter(authentication))
                    .authenticationEntryPoint(SecurityProblems.authenticationEntryPoint())
                    .accessDeniedHandler(SecurityProblems.accessDeniedHandler()))
            .exceptionHandling(SecurityProblems::exceptionHandling)
            .cors(Customizer.withDefaults())
            .httpBasic(basic -> basic.disable())
            .formLogin(form -> form.disable())
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            // No cookies or sessions: tokens travel in bodies and Authorization headers, so CSRF does not apply.
            .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /**
     * Verifies identity's own tokens from its key store (no HTTP round trip to itself); an
     * erased user's tokens are refused while their tombstone lives.
     */
    @Bean
    JwtDecoder jwtDecoder(SigningKeys keys, IdentityProperties properties, StringRedisTemplate redis) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder
                .withJwkSource((selector, context) -> selector.select(keys.publishedJwkSet()))
                .jwsAlgorithm(SignatureAlgorithm.ES256)
                .jwtProcessorCustomizer(processor -> processor.setJWSTypeVerifier(
                        new DefaultJOSEObjectTypeVerifier<SecurityContext>(
                                new JOSEObjectType(ResourceServerAutoConfiguration.ACCESS_TOKEN_TYPE))))
                .build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                ResourceServerAutoConfiguration.accessTokenValidator(new JwtVerificationProperties(
                        URI.create("urn:behavioral-biometrics:identity:own-key-store"), properties.issuer(),
                        properties.audience(), SigningKeys.ALGORITHM, properties.clockSkew())),
                new ErasedUserTokenValidator(redis)));
        return decoder;
    }

    @Bean
    CorsConfigurationSource corsConfigurationSource(IdentityProperties properties) {
        CorsConfiguration auth = new CorsConfiguration();
        auth.setAllowedOrigins(properties.allowedOrigins());
        auth.setAllowedMethods(List.of("POST", "OPTIONS"));
        auth.setAllowedHeaders(List.of("Content-Type", "Authorization"));
        auth.setExposedHeaders(List.of("Retry-After"));
        auth.setMaxAge(3600L);
        CorsConfiguration jwks = new CorsConfiguration();
        jwks.addAllowedOrigin("*");
        jwks.setAllowedMethods(List.of("GET"));
        CorsConfiguration privacy = new CorsConfiguration();
        privacy.setAllowedOrigins(properties.allowedOrigins());
        privacy.setAllowedMethods(List.of("GET", "DELETE", "OPTIONS"));
        privacy.setAllowedHeaders(List.of("Authorization"));
        privacy.setExposedHeaders(List.of("Location", "Retry-After"));
        privacy.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/auth/**", auth);
        source.registerCorsConfiguration("/api/users/**", privacy);
        source.registerCorsConfiguration("/api/erasures/**", privacy);
        source.registerCorsConfiguration("/.well-known/jwks.json", jwks);
        return source;
    }
}
