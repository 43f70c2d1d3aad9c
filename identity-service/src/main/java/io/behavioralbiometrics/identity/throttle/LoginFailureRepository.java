package io.behavioralbiometrics.identity.throttle;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface LoginFailureRepository extends JpaRepository<LoginFailure, Long> {

    @Query("select count(f) from LoginFailure f where f.throttleKey = :key and f.failedAt > :since")
    long countSince(String key, Instant since);

    /** Serialises attempts on one key until the transaction ends, across replicas. */
    @Query(value = "select 1 from (select pg_advisory_xact_lock(hashtext(:key))) l", nativeQuery = true)
    int serialise(String key);

    @Modifying
    @Query("delete from LoginFailure f where f.throttleKey = :key")
    int deleteByKey(String key);

    @Query("select min(f.failedAt) from LoginFailure f where f.throttleKey = :key and f.failedAt > :since")
    @org.jspecify.annotations.Nullable Instant oldestSince(String key, Instant since);

    /** A bulk delete: a row another transaction already removed is no error. */
    @Modifying
    @Query("delete from LoginFailure f where f.id = :id")
    int deleteRow(Long id);

    @Modifying
    @Query("delete from LoginFailure f where f.failedAt <= :before and f.throttleKey not like 'register:%'")
    int deleteOlderThan(Instant before);

    @Modifying
    @Query("delete from LoginFailure f where f.failedAt <= :before and f.throttleKey like 'register:%'")
    int deleteRegistrationsOlderThan(Instant before);

    @Query("select l.lockedUntil from LoginLock l where l.throttleKey in :keys")
    List<Instant> lockedUntil(Collection<String> keys);

    /** Never shortens an existing lock: two replicas recording failures at once keep the longer one. */
    @Modifying
    @Query(value = """
            insert into identity.login_locks (throttle_key, locked_until) values (:key, :until)
            on conflict (throttle_key) do update
            set locked_until = greatest(identity.login_locks.locked_until, excluded.locked_until)
            """, nativeQuery = true)
    int lock(String key, Instant until);

    @Modifying
    @Query(value = "delete from identity.login_locks where throttle_key = :key or locked_until <= :now", nativeQuery = true)
    int unlock(String key, Instant now);
}
