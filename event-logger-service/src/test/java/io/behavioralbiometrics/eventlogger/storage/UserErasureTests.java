package io.behavioralbiometrics.eventlogger.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.eventlogger.EventLoggerIntegrationTest;
import io.behavioralbiometrics.eventlogger.TestBatches;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

@EventLoggerIntegrationTest
class UserErasureTests {

    @Autowired
    EventWriter writer;

    @Autowired
    StoredEventRepository repository;

    @Autowired
    StringRedisTemplate redis;

    @Test
    void userDeletedMessageShouldEraseOnlyThatUsersEvents() {
        UUID deleted = UUID.randomUUID();
        UUID kept = UUID.randomUUID();
        writer.write(List.of(TestBatches.batch(deleted, UUID.randomUUID(), 0, 12),
                TestBatches.batch(kept, UUID.randomUUID(), 0, 4)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            // Re-published until seen: the listener may still be subscribing; deleting twice is harmless.
            redis.convertAndSend(BusNames.USER_DELETED_CHANNEL, deleted.toString());
            assertThat(repository.countByUserId(deleted)).isZero();
        });
        assertThat(repository.countByUserId(kept)).isEqualTo(4);
    }
}
