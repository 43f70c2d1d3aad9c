package io.behavioralbiometrics.identity.token;

import io.behavioralbiometrics.identity.IdentityProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Opaque refresh tokens: 256 random bits, base64url, stored only as SHA-256. Each use
 * consumes the token atomically and issues the next one of the same family with the
 * family's absolute expiry; presenting a used token revokes the whole family.
 */
@Service
class RefreshTokens {

    private static final Logger log = LoggerFactory.getLogger(RefreshTokens.class);
    private static final int TOKEN_BYTES = 32;

    private final RefreshTokenRepository repository;
    private final IdentityProperties properties;
    private final SecureRandom random = new SecureRandom();

    RefreshTokens(RefreshTokenRepository repository, IdentityProperties properties) {
        this.repository = repository;
        this.properties = properties;
    }

    record Issued(String token, UUID familyId, Instant expiresAt) {
    }

    record Rotated(UUID userId, Issued next) {
    }

    /** Starts a new family (one login). */
    @Transactional
    Issued startFamily(UUID userId) {
        // Microseconds, as PostgreSQL stores them, so the expiry given out equals the stored one.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        repository.deleteExpiredOf(userId, now);
        return issue(UUID.randomUUID(), userId, now, now.plus(properties.refreshTokenTtl()));
    }

    /** Consumes {@code token} and issues its successor; a replayed token revokes its family. */
    @Transactional(noRollbackFor = InvalidRefreshTokenException.class)
    Rotated rotate(String token) {
        Instant now = Instant.now();
        String hash = hash(token);
        RefreshToken current = repository.findByTokenHash(hash).orElseThrow(InvalidRefreshTokenException::new);
        if (current.revokedAt() != null || !current.expiresAt().isAfter(now)) {
            throw new InvalidRefreshTokenException();
        }
        if (current.usedAt() != null || repository.consume(hash, now) != 1) {
            int revoked = repository.revokeFamily(current.familyId(), now);
            log.warn("Security event: refresh token reuse detected for user {} in family {}; "
                    + "revoked the family ({} tokens)", current.userId(), current.familyId(), revoked);
            throw new InvalidRefreshTokenException();
        }
        return new Rotated(current.userId(), issue(current.familyId(), current.userId(), now, current.expiresAt()));
    }

    /** Ends the family of {@code token}; unknown tokens are ignored (RFC 7009). */
    @Transactional
    void revokeFamilyOf(String token) {
        repository.findByTokenHash(hash(token)).ifPresent(found -> {
            int revoked = repository.revokeFamily(found.familyId(), Instant.now());
            log.info("Revoked refresh-token family {} of user {} ({} tokens)", found.familyId(), found.userId(), revoked);
        });
    }

    @Transactional
    int revokeAllOf(UUID userId) {
        int revoked = repository.revokeAllOf(userId, Instant.now());
        log.info("Revoked all refresh tokens of user {} ({} tokens)", userId, revoked);
        return revoked;
    }

    private Issued issue(UUID familyId, UUID userId, Instant now, Instant expiresAt) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        repository.save(new RefreshToken(familyId, userId, hash(token), now, expiresAt));
        return new Issued(token, familyId, expiresAt);
    }

    /** Hex SHA-256: the only form in which a refresh token is stored. */
    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
