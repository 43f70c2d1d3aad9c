package io.behavioralbiometrics.core.security;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

/**
 * Verifies access tokens issued by the identity service: signature against its JWKS
 * (one asymmetric algorithm, so {@code alg: none} and HMAC tokens made from the public
 * key are refused), {@code typ: at+jwt}, issuer, audience, expiry with bounded skew,
 * a UUID subject, and (where the service has Redis) no erasure tombstone. Roles in the {@code roles} claim become {@code ROLE_*} authorities.
 */
@AutoConfiguration
@ConditionalOnClass(NimbusJwtDecoder.class)
@ConditionalOnProperty(prefix = "bb.security.jwt", name = "jwk-set-uri")
@EnableConfigurationProperties(JwtVerificationProperties.class)
public class ResourceServerAutoConfiguration {

    /** Media type of access tokens (RFC 9068), so no other JWT of ours passes as one. */
    public static final String ACCESS_TOKEN_TYPE = "at+jwt";
    public static final String ROLES_CLAIM = "roles";

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(JwtVerificationProperties properties, ObjectProvider<StringRedisTemplate> redis) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri().toString())
                .jwsAlgorithm(SignatureAlgorithm.from(properties.algorithm()))
                .jwtProcessorCustomizer(processor -> processor.setJWSTypeVerifier(
                        new DefaultJOSEObjectTypeVerifier<SecurityContext>(new JOSEObjectType(ACCESS_TOKEN_TYPE))))
                .build();
        OAuth2TokenValidator<Jwt> validator = accessTokenValidator(properties);
        StringRedisTemplate template = redis.getIfUnique();
        if (template != null) {
            validator = new DelegatingOAuth2TokenValidator<>(validator, new ErasedUserTokenValidator(template));
        }
        decoder.setJwtValidator(validator);
        return decoder;
    }

    public static OAuth2TokenValidator<Jwt> accessTokenValidator(JwtVerificationProperties properties) {
        return new DelegatingOAuth2TokenValidator<>(List.of(
                new JwtTimestampValidator(properties.clockSkew()),
                new JwtIssuerValidator(properties.issuer()),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        aud -> aud != null && aud.contains(properties.audience())),
                new JwtClaimValidator<Object>(JwtClaimNames.EXP, exp -> exp != null),
                ResourceServerAutoConfiguration::validateSubject));
    }

    private static OAuth2TokenValidatorResult validateSubject(Jwt jwt) {
        try {
            UUID.fromString(jwt.getSubject());
            return OAuth2TokenValidatorResult.success();
        } catch (RuntimeException e) {
            return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "sub must be a user id", null));
        }
    }

    @Bean
    @ConditionalOnMissingBean
    JwtAuthenticationConverter jwtAuthenticationConverter() {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(ResourceServerAutoConfiguration::authorities);
        return converter;
    }

    /** {@code roles: ["user","admin"]} becomes {@code ROLE_USER}, {@code ROLE_ADMIN}. */
    public static Collection<GrantedAuthority> authorities(Jwt jwt) {
        List<String> roles = jwt.getClaimAsStringList(ROLES_CLAIM);
        List<GrantedAuthority> authorities = new ArrayList<>();
        if (roles != null) {
            for (String role : roles) {
                authorities.add(new SimpleGrantedAuthority("ROLE_" + role.toUpperCase(java.util.Locale.ROOT)));
            }
        }
        return authorities;
    }
}
