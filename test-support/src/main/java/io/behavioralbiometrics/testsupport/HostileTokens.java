package io.behavioralbiometrics.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Access tokens every resource server must refuse, each named by what is wrong with it,
 * for the security test matrix of each service.
 */
public final class HostileTokens {

    private HostileTokens() {
    }

    /** Name → token, all for {@code userId}, none of which may be accepted. */
    public static Map<String, String> forUser(TestTokenIssuer issuer, UUID userId) {
        return forKey(issuer.key(), userId);
    }

    /**
     * The same tokens, signed (where a signature is meant to verify) with {@code trustedKey}:
     * the test issuer's key, or the identity service's own active key in its tests, so each
     * token fails only for the one thing that is wrong with it.
     */
    public static Map<String, String> forKey(ECKey trustedKey, UUID userId) {
        Map<String, String> tokens = new LinkedHashMap<>();
        try {
            ECKey otherKey = new ECKeyGenerator(Curve.P_256).keyID(trustedKey.getKeyID()).generate();
            tokens.put("signed with another key under the same kid", sign(otherKey, trustedKey.getKeyID(), claims(userId)));
            ECKey unknown = new ECKeyGenerator(Curve.P_256).keyID("unknown-kid").generate();
            tokens.put("unknown kid", sign(unknown, "unknown-kid", claims(userId)));
            tokens.put("alg none", new PlainJWT(new PlainHeader.Builder().type(new JOSEObjectType("at+jwt")).build(),
                    claims(userId).build()).serialize());
            // The classic confusion attack: HMAC keyed with the public key the verifier knows.
            byte[] publicKey = trustedKey.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
            SignedJWT hs256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(trustedKey.getKeyID())
                    .type(new JOSEObjectType("at+jwt")).build(), claims(userId).build());
            hs256.sign(new MACSigner(publicKey));
            tokens.put("HS256 signed with the public key", hs256.serialize());
            Instant past = Instant.now().minus(Duration.ofHours(2));
            String kid = trustedKey.getKeyID();
            tokens.put("expired", sign(trustedKey, kid, claims(userId).issueTime(Date.from(past))
                    .expirationTime(Date.from(past.plus(Duration.ofMinutes(15))))));
            tokens.put("not yet valid", sign(trustedKey, kid, claims(userId)
                    .notBeforeTime(Date.from(Instant.now().plus(Duration.ofHours(1))))));
            tokens.put("wrong issuer", sign(trustedKey, kid, claims(userId).issuer("https://evil.example")));
            tokens.put("wrong audience", sign(trustedKey, kid, claims(userId).audience("another-api")));
            tokens.put("no expiry", sign(trustedKey, kid, claims(userId).expirationTime(null)));
            tokens.put("subject not a user id", sign(trustedKey, kid, claims(userId).subject("admin")));
            tokens.put("wrong token type (id token)", signWithType(trustedKey, "JWT", claims(userId)));
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            tokens.put("refresh token used as access token", Base64.getUrlEncoder().withoutPadding().encodeToString(random));
            tokens.put("garbage", "not.a.jwt");
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return tokens;
    }

    private static JWTClaimsSet.Builder claims(UUID userId) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(TestTokenIssuer.ISSUER)
                .audience(TestTokenIssuer.AUDIENCE)
                .subject(userId.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(15))))
                .jwtID(UUID.randomUUID().toString())
                .claim("roles", List.of("user", "admin"));
    }

    /** A well-formed access token for {@code userId} signed with {@code key}: the control the hostile ones differ from. */
    public static String genuine(ECKey key, UUID userId) {
        try {
            return sign(key, key.getKeyID(), claims(userId).claim("roles", List.of("user")));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(ECKey key, String kid, JWTClaimsSet.Builder claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid)
                .type(new JOSEObjectType("at+jwt")).build(), claims.build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static String signWithType(ECKey key, String type, JWTClaimsSet.Builder claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                .type(new JOSEObjectType(type)).build(), claims.build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }
}
