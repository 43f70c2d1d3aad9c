package io.behavioralbiometrics.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.behavioralbiometrics.testsupport.HostileTokens;
import io.behavioralbiometrics.testsupport.TestTokenIssuer;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

class ResourceServerAutoConfigurationTests {

    private static final UUID USER = UUID.randomUUID();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResourceServerAutoConfiguration.class))
            .withPropertyValues("bb.security.jwt.jwk-set-uri=" + TestTokenIssuer.shared().jwkSetUri());

    @Test
    void genuineAccessTokenIsAcceptedAndRolesBecomeAuthorities() {
        runner.run(context -> {
            Jwt jwt = context.getBean(JwtDecoder.class).decode(TestTokenIssuer.shared().adminToken(USER));

            assertThat(jwt.getSubject()).isEqualTo(USER.toString());
            assertThat(context.getBean(JwtAuthenticationConverter.class).convert(jwt).getAuthorities())
                    .extracting(authority -> authority.getAuthority())
                    .filteredOn(authority -> authority.startsWith("ROLE_"))
                    .containsExactlyInAnyOrder("ROLE_USER", "ROLE_ADMIN");
        });
    }

    static Stream<Arguments> hostileTokens() {
        return HostileTokens.forUser(TestTokenIssuer.shared(), USER).entrySet().stream()
                .map(entry -> Arguments.of(entry.getKey(), entry.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileTokens")
    void hostileTokenIsRejected(String name, String token) {
        runner.run(context -> assertThatThrownBy(() -> context.getBean(JwtDecoder.class).decode(token))
                .as(name).isInstanceOf(JwtException.class));
    }

    @Test
    void withoutJwkSetUriNothingIsConfigured() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ResourceServerAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(JwtDecoder.class));
    }

    @Test
    void clockSkewAboveSixtySecondsIsRefusedAtStartup() {
        runner.withPropertyValues("bb.security.jwt.clock-skew=5m")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void symmetricAlgorithmIsRefusedAtStartup() {
        runner.withPropertyValues("bb.security.jwt.algorithm=HS256")
                .run(context -> assertThat(context).hasFailed());
    }
}
