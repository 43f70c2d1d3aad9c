package io.behavioralbiometrics.identity.key;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface SigningKeyRepository extends JpaRepository<SigningKey, String> {

    Optional<SigningKey> findByActiveTrue();

    @Query("select k from SigningKey k where k.active = true or k.publishUntil > :now order by k.createdAt desc")
    List<SigningKey> findPublished(Instant now);

    @Modifying
    @Query("delete from SigningKey k where k.active = false and k.publishUntil <= :now")
    int deleteExpired(Instant now);
}
