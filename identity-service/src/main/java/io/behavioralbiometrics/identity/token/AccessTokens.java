package io.behavioralbiometrics.identity.token;

import io.behavioralbiometrics.core.security.ResourceServerAutoConfiguration;
import io.behavioralbiometrics.identity.IdentityProperties;
import io.behavioralbiometrics.identity.account.UserAccount;
import io.behavioralbiometrics.identity.key.SigningKeys;
import io.jsonwebtoken.Jwts;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Signs RFC 9068-shaped access tokens with the active ES256 key. */
@Component
class AccessTokens {

    private final SigningKeys keys;
    private final IdentityProperties properties;

    AccessTokens(SigningKeys keys, IdentityProperties properties) {
        this.keys = keys;
        this.properties = properties;
    }

    record Issued(String token, Instant expiresAt) {
    }

    Issued issue(UserAccount user) {
        SigningKeys.ActiveKey key = keys.activeKey();
        // From the configuration at every issue, so a removed administrator loses the role at the next refresh.
        List<String> roles = properties.rolesOf(user.id());
        // Whole seconds, as in the token, so the response's expiry equals the token's exp.
        Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond());
        Instant expiresAt = now.plus(properties.accessTokenTtl());
        String token = Jwts.builder()
                .header().keyId(key.kid()).type(ResourceServerAutoConfiguration.ACCESS_TOKEN_TYPE).and()
                .issuer(properties.issuer())
                .audience().add(properties.audience()).and()
                .subject(user.id().toString())
                .issuedAt(Date.from(now))
                .expiration(Date.from(expiresAt))
                .id(UUID.randomUUID().toString())
                .claim(ResourceServerAutoConfiguration.ROLES_CLAIM, roles)
                .claim("scope", String.join(" ", roles))
                .signWith(key.privateKey(), Jwts.SIG.ES256)
                .compact();
        return new Issued(token, expiresAt);
    }
}
