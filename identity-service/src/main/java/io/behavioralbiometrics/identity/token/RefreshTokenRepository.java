package io.behavioralbiometrics.identity.token;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface RefreshTokenRepository extends JpaRepository<RefreshToken, UUID> {

    Optional<RefreshToken> findByTokenHash(String tokenHash);

    /** Marks the token used if nobody has; 1 means this caller won it, 0 that it was already used or revoked. */
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("""
            update RefreshToken t set t.usedAt = :now
            where t.tokenHash = :tokenHash and t.usedAt is null and t.revokedAt is null and t.expiresAt > :now
            """)
    int consume(String tokenHash, Instant now);

    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update RefreshToken t set t.revokedAt = :now where t.familyId = :familyId and t.revokedAt is null")
    int revokeFamily(UUID familyId, Instant now);

    /** Expired tokens can never be accepted again; dropping them keeps the table to live families. */
    @Modifying
    @Query("delete from RefreshToken t where t.userId = :userId and t.expiresAt <= :now")
    int deleteExpiredOf(UUID userId, Instant now);

    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update RefreshToken t set t.revokedAt = :now where t.userId = :userId and t.revokedAt is null")
    int revokeAllOf(UUID userId, Instant now);
}
