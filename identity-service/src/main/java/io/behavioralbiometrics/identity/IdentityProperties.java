package io.behavioralbiometrics.identity;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the identity service.
 *
 * @param issuer          {@code iss} of access tokens
 * @param audience        {@code aud} of access tokens
 * @param accessTokenTtl  lifetime of an access token
 * @param refreshTokenTtl absolute lifetime of a refresh-token family (rotation does not extend it)
 * @param clockSkew       tolerated clock difference; a retired key stays published for
 *                        {@code accessTokenTtl + clockSkew}, and own verification allows it
 * @param adminUserIds    accounts that get the {@code admin} role, by user id: an id exists only
 *                        once its account does, so nobody can claim the role by registering
 *                        an address (read at every login and refresh, so removing an id
 *                        revokes the role within one access-token lifetime)
 * @param allowedOrigins  browser origins allowed to call {@code /api/auth/**} (CORS)
 * @param throttle        failed-login throttling
 * @param hashing         bound on concurrent Argon2 work
 * @param keys            signing-key storage
 */
@Validated
@ConfigurationProperties("bb.identity")
public record IdentityProperties(
        @NotBlank @DefaultValue("behavioral-biometrics-identity") String issuer,
        @NotBlank @DefaultValue("behavioral-biometrics") String audience,
        @NotNull @DefaultValue("15m") Duration accessTokenTtl,
        @NotNull @DefaultValue("7d") Duration refreshTokenTtl,
        @NotNull @DefaultValue("30s") Duration clockSkew,
        @NotNull @DefaultValue List<UUID> adminUserIds,
        @NotNull @DefaultValue("http://localhost:8080") List<String> allowedOrigins,
        @Valid @NotNull @DefaultValue Throttle throttle,
        @Valid @NotNull @DefaultValue Hashing hashing,
        @Valid @NotNull @DefaultValue Keys keys) {

    /** Token roles of {@code userId}: everyone is a {@code user}; listed ids are also {@code admin}. */
    public List<String> rolesOf(UUID userId) {
        return adminUserIds.contains(userId) ? List.of("user", "admin") : List.of("user");
    }

    /**
     * Failed-login throttling. Failures are counted per account and per client address
     * over {@code window}; from the threshold on, each further failure locks logins for
     * {@code initialLock}, doubling per failure up to {@code maxLock}.
     */
    public record Throttle(
            @NotNull @DefaultValue("15m") Duration window,
            @Min(1) @DefaultValue("5") int accountThreshold,
            @Min(1) @DefaultValue("50") int addressThreshold,
            @NotNull @DefaultValue("1s") Duration initialLock,
            @NotNull @DefaultValue("15m") Duration maxLock,
            @Valid @NotNull @DefaultValue Registration registration) {
    }

    /**
     * Registrations allowed per client address (IPv6 per /64) and in all over {@code window};
     * past either, register answers 429 with {@code Retry-After}.
     */
    public record Registration(
            @NotNull @DefaultValue("1h") Duration window,
            @Min(1) @DefaultValue("10") int perAddress,
            @Min(1) @DefaultValue("1000") int global) {
    }

    /**
     * Each Argon2 computation takes about 19 MiB; virtual threads put no cap on how many
     * run at once, so this does.
     *
     * @param maxConcurrent  hashes computed at once; 0 means one per available processor
     * @param queueWait      how long a request waits for a free slot before it is answered
     *                       503 with {@code Retry-After}
     * @param implementation {@code native}: the reference C implementation (argon2-jvm),
     *                       falling back to {@code java} (Bouncy Castle) where it cannot load;
     *                       both read and write the same PHC strings
     */
    public record Hashing(
            @Min(0) @DefaultValue("0") int maxConcurrent,
            @NotNull @DefaultValue("2s") Duration queueWait,
            @NotNull @DefaultValue("native") Implementation implementation) {

        public enum Implementation { NATIVE, JAVA }

        public int effectiveMaxConcurrent() {
            return maxConcurrent > 0 ? maxConcurrent : Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * @param encryptionKey base64 of a 256-bit AES key that encrypts private signing keys at
     *                      rest; when absent they are stored unencrypted (protected by
     *                      database access control only)
     */
    public record Keys(@Nullable String encryptionKey) {
    }
}
