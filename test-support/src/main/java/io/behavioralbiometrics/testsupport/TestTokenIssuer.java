package io.behavioralbiometrics.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A stand-in for the identity service in other services' tests: an ES256 key whose JWKS
 * is served over real HTTP on loopback, and tokens shaped like identity's access tokens.
 * Point {@code bb.security.jwt.jwk-set-uri} at {@link #jwkSetUri()}.
 */
public final class TestTokenIssuer implements AutoCloseable {

    public static final String ISSUER = "behavioral-biometrics-identity";
    public static final String AUDIENCE = "behavioral-biometrics";

    private static volatile TestTokenIssuer shared;

    private final ECKey key;
    private final HttpServer server;

    private TestTokenIssuer() {
        try {
            key = new ECKeyGenerator(Curve.P_256).keyID("test-" + UUID.randomUUID()).generate();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/.well-known/jwks.json", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(jwks);
                }
            });
            server.start();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The issuer of this JVM, started on first use. */
    public static TestTokenIssuer shared() {
        TestTokenIssuer issuer = shared;
        if (issuer == null) {
            synchronized (TestTokenIssuer.class) {
                if (shared == null) {
                    shared = new TestTokenIssuer();
                }
                issuer = shared;
            }
        }
        return issuer;
    }

    public URI jwkSetUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json");
    }

    public ECKey key() {
        return key;
    }

    /** A valid 15-minute access token for {@code userId} with role {@code user}. */
    public String accessToken(UUID userId) {
        return accessToken(userId, claims -> claims);
    }

    public String adminToken(UUID userId) {
        return accessToken(userId, claims -> claims.claim("roles", List.of("user", "admin")).claim("scope", "user admin"));
    }

    /** An access token whose claims {@code customizer} may change (expiry, audience, …). */
    public String accessToken(UUID userId, UnaryOperator<JWTClaimsSet.Builder> customizer) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(userId.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(15))))
                .jwtID(UUID.randomUUID().toString())
                .claim("roles", List.of("user"))
                .claim("scope", "user");
        return sign(customizer.apply(claims).build());
    }

    public String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
                    .keyID(key.getKeyID()).type(new JOSEObjectType("at+jwt")).build(), claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
