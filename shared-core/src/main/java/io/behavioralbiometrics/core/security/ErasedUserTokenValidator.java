package io.behavioralbiometrics.core.security;

import io.behavioralbiometrics.core.bus.UserDeletion;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Refuses the still unexpired access tokens of an erased user: identity sets the tombstone
 * {@code bb:deleted-user:<sub>} for longer than a token lives. When Redis cannot be asked
 * the token is accepted (the signature and expiry checks still hold), so a Redis outage
 * does not lock every user out of the REST APIs; the erased user's data is being deleted
 * regardless.
 */
public final class ErasedUserTokenValidator implements OAuth2TokenValidator<Jwt> {

    private static final Logger log = LoggerFactory.getLogger(ErasedUserTokenValidator.class);
    private static final OAuth2Error ERASED = new OAuth2Error("invalid_token", "The account was erased", null);

    private final StringRedisTemplate redis;

    public ErasedUserTokenValidator(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        UUID userId;
        try {
            userId = UUID.fromString(token.getSubject());
        } catch (RuntimeException e) {
            return OAuth2TokenValidatorResult.success(); // the subject validator refuses it
        }
        try {
            if (Boolean.TRUE.equals(redis.hasKey(UserDeletion.tombstoneKey(userId)))) {
                return OAuth2TokenValidatorResult.failure(ERASED);
            }
        } catch (DataAccessException e) {
            log.warn("Could not check whether user {} was erased, accepting the token: {}", userId, e.toString());
        }
        return OAuth2TokenValidatorResult.success();
    }
}
