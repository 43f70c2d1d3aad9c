package io.behavioralbiometrics.ingestor.ingest.erasure;

import io.behavioralbiometrics.core.bus.UserDeletion;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Whether an account was erased recently: identity sets the tombstone
 * {@code bb:deleted-user:<id>} for longer than an access token lives, so a deleted user's
 * still unexpired tokens open no socket.
 */
@Component
public class DeletedUsers {

    private final StringRedisTemplate redis;

    DeletedUsers(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** @throws org.springframework.dao.DataAccessException when Redis cannot be asked */
    public boolean isDeleted(UUID userId) {
        return Boolean.TRUE.equals(redis.hasKey(UserDeletion.tombstoneKey(userId)));
    }
}
