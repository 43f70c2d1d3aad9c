package io.behavioralbiometrics.identity;

import static io.behavioralbiometrics.identity.IdentityClient.jwtPart;
import static io.behavioralbiometrics.identity.IdentityClient.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.behavioralbiometrics.core.security.ResourceServerAutoConfiguration;
import io.behavioralbiometrics.identity.IdentityClient.Response;
import io.behavioralbiometrics.identity.key.SigningKeys;
import java.net.URI;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import tools.jackson.databind.JsonNode;

/** Tokens verify with standard JOSE tooling and with what every other service uses. */
@IdentityIntegrationTest
class AccessTokenVerificationTests {

    @LocalServerPort
    int port;

    @Autowired
    SigningKeys keys;

    IdentityClient client;

    @BeforeEach
    void client() {
        client = new IdentityClient(port);
    }

    @Test
    void accessTokenVerifiesAgainstTheServedJwksWithNimbus() throws Exception {
        Response login = register();
        JWKSource<SecurityContext> jwks = JWKSourceBuilder.create(URI.create(jwksUrl()).toURL()).build();
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, jwks));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>("behavioral-biometrics",
                new JWTClaimsSet.Builder().issuer("behavioral-biometrics-identity").build(),
                Set.of("sub", "iat", "exp", "jti", "roles", "scope")));

        JWTClaimsSet claims = processor.process(login.text("accessToken"), null);
        assertThat(claims.getSubject()).isEqualTo(login.text("userId"));
        assertThat(claims.getStringListClaim("roles")).containsExactly("user");
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(Instant.parse(login.text("accessTokenExpiresAt")));
    }

    @Test
    void jwksIsPublicCacheableAndDescribesSigningKeys() {
        Response response = client.get("/.well-known/jwks.json");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).contains("max-age").contains("public");
        JsonNode key = response.json().get("keys").get(0);
        assertThat(key.get("kty").asString()).isEqualTo("EC");
        assertThat(key.get("crv").asString()).isEqualTo("P-256");
        assertThat(key.get("alg").asString()).isEqualTo("ES256");
        assertThat(key.get("use").asString()).isEqualTo("sig");
        assertThat(key.get("kid").asString()).isNotBlank();
        assertThat(key.has("d")).as("no private part").isFalse();
    }

    @Test
    void sharedCoreDecoderAcceptsGenuineTokensAndRejectsForgeries() throws Exception {
        Response login = register();
        String genuine = login.text("accessToken");
        String kid = jwtPart(genuine, 0).get("kid").asString();
        UUID userId = UUID.fromString(login.text("userId"));
        ECKey realKey = new ECKey.Builder(Curve.P_256, keys.activeKey().publicKey())
                .privateKey((ECPrivateKey) keys.activeKey().privateKey()).keyID(keys.activeKey().kid()).build();
        ECKey otherKey = new ECKeyGenerator(Curve.P_256).keyID(kid).generate();

        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ResourceServerAutoConfiguration.class))
                .withPropertyValues("bb.security.jwt.jwk-set-uri=" + jwksUrl())
                .run(context -> {
                    JwtDecoder decoder = context.getBean(JwtDecoder.class);
                    Jwt jwt = decoder.decode(genuine);
                    assertThat(jwt.getSubject()).isEqualTo(userId.toString());
                    assertThat(ResourceServerAutoConfiguration.authorities(jwt))
                            .extracting(Object::toString).containsExactly("ROLE_USER");

                    // Control: a token we sign with the real key and valid claims is accepted,
                    // so each rejection below is due to the one thing changed.
                    assertThat(decoder.decode(es256(realKey, claims(userId, c -> c))).getSubject())
                            .isEqualTo(userId.toString());

                    assertRejected(decoder, es256(otherKey, claims(userId, c -> c)));
                    assertRejected(decoder, new PlainJWT(new PlainHeader.Builder()
                            .type(new JOSEObjectType("at+jwt")).build(), claims(userId, c -> c)).serialize());
                    SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid)
                            .type(new JOSEObjectType("at+jwt")).build(), claims(userId, c -> c));
                    hmac.sign(new MACSigner(keys.activeKey().publicKey().getEncoded()));
                    assertRejected(decoder, hmac.serialize());
                    Instant past = Instant.now().minus(Duration.ofHours(1));
                    assertRejected(decoder, es256(realKey, claims(userId, c -> c
                            .issueTime(Date.from(past)).expirationTime(Date.from(past.plus(Duration.ofMinutes(15)))))));
                    assertRejected(decoder, es256(realKey, claims(userId, c -> c.audience("someone-else"))));
                    assertRejected(decoder, es256(realKey, claims(userId, c -> c.issuer("https://evil.example"))));
                });
    }

    private static void assertRejected(JwtDecoder decoder, String token) {
        assertThatExceptionOfType(JwtException.class).isThrownBy(() -> decoder.decode(token));
    }

    private static JWTClaimsSet claims(UUID userId, UnaryOperator<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        return change.apply(new JWTClaimsSet.Builder()
                .issuer("behavioral-biometrics-identity")
                .audience("behavioral-biometrics")
                .subject(userId.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(15))))
                .jwtID(UUID.randomUUID().toString())
                .claim("roles", List.of("user"))
                .claim("scope", "user")).build();
    }

    private static String es256(ECKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                .type(new JOSEObjectType("at+jwt")).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private Response register() {
        Response response = client.register(uniqueEmail("verify"), "correct horse battery staple");
        assertThat(response.status()).isEqualTo(201);
        return response;
    }

    private String jwksUrl() {
        return client.baseUrl() + "/.well-known/jwks.json";
    }
}
