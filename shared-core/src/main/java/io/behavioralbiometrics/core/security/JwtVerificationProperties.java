package io.behavioralbiometrics.core.security;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a resource server verifies access tokens: public keys from the identity service's
 * JWKS, one accepted algorithm, and the expected issuer and audience.
 *
 * @param jwkSetUri  the identity service's {@code /.well-known/jwks.json}
 * @param issuer     expected {@code iss}
 * @param audience   expected entry of {@code aud}
 * @param algorithm  the only accepted JWS algorithm ({@code ES256} or {@code RS256})
 * @param clockSkew  tolerance for {@code exp}/{@code nbf}; at most 60 s
 */
@Validated
@ConfigurationProperties("bb.security.jwt")
public record JwtVerificationProperties(
        @NotNull URI jwkSetUri,
        @NotBlank @DefaultValue("behavioral-biometrics-identity") String issuer,
        @NotBlank @DefaultValue("behavioral-biometrics") String audience,
        @NotBlank @DefaultValue("ES256") String algorithm,
        @NotNull @DefaultValue("30s") Duration clockSkew) {

    @AssertTrue(message = "clock-skew must be between 0 and 60 seconds")
    boolean isClockSkewBounded() {
        return clockSkew == null || (!clockSkew.isNegative() && clockSkew.compareTo(Duration.ofSeconds(60)) <= 0);
    }

    @AssertTrue(message = "algorithm must be ES256 or RS256")
    boolean isAlgorithmAsymmetric() {
        return "ES256".equals(algorithm) || "RS256".equals(algorithm);
    }
}
