package io.behavioralbiometrics.eventlogger.storage;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

/** Reads and bulk deletes of stored events; inserts go through {@link EventWriter}. */
public interface StoredEventRepository extends JpaRepository<StoredEvent, StoredEvent.Key> {

    List<StoredEvent> findByUserIdOrderByClientTimeAscIdxAsc(UUID userId);

    long countByUserId(UUID userId);

    @Transactional
    @Modifying
    @Query("delete from StoredEvent e where e.userId = :userId")
    int deleteByUserId(UUID userId);
}
