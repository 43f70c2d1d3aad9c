package io.behavioralbiometrics.eventlogger.storage;

import io.behavioralbiometrics.core.bus.BusNames;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.stereotype.Component;

/**
 * Deletes a user's events when {@value BusNames#USER_DELETED_CHANNEL} announces the
 * account's erasure (message: the user id). Deleting twice deletes nothing the second
 * time, so a repeated announcement is harmless.
 */
@Component
class UserErasureListener implements MessageListener {

    private static final Logger log = LoggerFactory.getLogger(UserErasureListener.class);

    private final StoredEventRepository repository;

    UserErasureListener(StoredEventRepository repository) {
        this.repository = repository;
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        String body = new String(message.getBody(), StandardCharsets.UTF_8).trim();
        UUID userId;
        try {
            userId = UUID.fromString(body);
        } catch (IllegalArgumentException e) {
            log.warn("Ignoring {} message that is not a user id ({} characters)", BusNames.USER_DELETED_CHANNEL,
                    body.length());
            return;
        }
        try {
            int deleted = repository.deleteByUserId(userId);
            log.info("Erased {} stored events of deleted user {}", deleted, userId);
        } catch (RuntimeException e) {
            log.error("Could not erase the events of deleted user {}", userId, e);
        }
    }
}
