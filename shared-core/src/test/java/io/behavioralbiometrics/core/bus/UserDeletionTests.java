package io.behavioralbiometrics.core.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.behavioralbiometrics.core.event.ContractViolation;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UserDeletionTests {

    private final UserDeletion deletion = new UserDeletion(UUID.randomUUID(), UUID.randomUUID(),
            Instant.parse("2025-01-02T03:04:05.678Z"), UserDeletion.RequestedBy.ADMIN);

    @Test
    void fieldsShouldRoundTrip() {
        Map<String, String> fields = deletion.toFields();

        assertThat(fields).containsEntry("requestedBy", "admin").containsEntry("requestedAt", "2025-01-02T03:04:05.678Z")
                .containsEntry("userId", deletion.userId().toString());
        assertThat(UserDeletion.fromFields(fields)).isEqualTo(deletion);
    }

    @Test
    void fromFieldsWhenUserIdMissingShouldNameTheField() {
        Map<String, String> fields = new HashMap<>(deletion.toFields());
        fields.remove("userId");

        assertThatThrownBy(() -> UserDeletion.fromFields(fields)).isInstanceOf(ContractViolation.class)
                .hasMessageContaining("userId: is required");
    }

    @Test
    void fromFieldsWhenRequesterUnknownShouldBeRejected() {
        Map<String, String> fields = new HashMap<>(deletion.toFields());
        fields.put("requestedBy", "someone");

        assertThatThrownBy(() -> UserDeletion.fromFields(fields)).isInstanceOf(ContractViolation.class);
    }

    @Test
    void keysShouldFollowTheContract() {
        assertThat(UserDeletion.statusKey(deletion.erasureId())).isEqualTo("bb:erasure:" + deletion.erasureId());
        assertThat(UserDeletion.tombstoneKey(deletion.userId())).isEqualTo("bb:deleted-user:" + deletion.userId());
    }
}
