package io.behavioralbiometrics.identity.privacy;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.bus.UserDeletion;
import io.behavioralbiometrics.identity.IdentityProperties;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Export and erasure of an account. Erasure deletes the account, its refresh tokens and
 * the throttle rows of its email in one transaction, and before that transaction commits
 * sets the tombstone and announces the {@link UserDeletion} on
 * {@value BusNames#USER_DELETED_STREAM}. When Redis cannot be reached the transaction rolls
 * back, so an account is never deleted without the other services being told; the caller
 * gets a 503 and repeats the request. Identity's completion is recorded only after the
 * commit, so the status never reports identity done while the account is still there.
 */
@Service
class AccountPrivacy {

    private static final Logger log = LoggerFactory.getLogger(AccountPrivacy.class);
    /** Longer than the clock skew any verifier allows, so the tombstone outlives every token of the user. */
    private static final Duration TOMBSTONE_MARGIN = Duration.ofSeconds(60);

    private final JdbcClient jdbc;
    private final StringRedisTemplate redis;
    private final TransactionTemplate transactions;
    private final IdentityProperties properties;
    private final Duration tombstoneTtl;
    private final Clock clock = Clock.systemUTC();

    AccountPrivacy(JdbcClient jdbc, StringRedisTemplate redis, TransactionTemplate transactions,
            IdentityProperties properties) {
        this.jdbc = jdbc;
        this.redis = redis;
        this.transactions = transactions;
        this.properties = properties;
        this.tombstoneTtl = properties.accessTokenTtl().plus(properties.clockSkew()).plus(TOMBSTONE_MARGIN);
    }

    Optional<AccountExport> export(UUID userId) {
        return transactions.execute(status -> {
            Optional<Account> account = jdbc.sql("select email, created_at from identity.users where id = :id")
                    .param("id", userId)
                    .query((rs, row) -> new Account(rs.getString("email"),
                            rs.getTimestamp("created_at").toInstant()))
                    .optional();
            if (account.isEmpty()) {
                return Optional.empty();
            }
            List<AccountExport.Session> sessions = jdbc.sql("""
                    select family_id, issued_at, expires_at, used_at, revoked_at from identity.refresh_tokens
                    where user_id = :id order by issued_at""")
                    .param("id", userId)
                    .query((rs, row) -> new AccountExport.Session(rs.getObject("family_id", UUID.class),
                            rs.getTimestamp("issued_at").toInstant(), rs.getTimestamp("expires_at").toInstant(),
                            instant(rs.getTimestamp("used_at")), instant(rs.getTimestamp("revoked_at"))))
                    .list();
            String throttleKey = throttleKeyPrefix(account.get().email());
            List<Instant> failures = jdbc.sql("""
                    select failed_at from identity.login_failures where starts_with(throttle_key, :key)
                    order by failed_at""")
                    .param("key", throttleKey)
                    .query((rs, row) -> rs.getTimestamp("failed_at").toInstant())
                    .list();
            Optional<Instant> lockedUntil = jdbc.sql(
                    "select max(locked_until) from identity.login_locks where starts_with(throttle_key, :key)")
                    .param("key", throttleKey)
                    .query((rs, row) -> Optional.ofNullable(instant(rs.getTimestamp(1))))
                    .single();
            Account found = account.get();
            return Optional.of(new AccountExport(userId, found.email(),
                    properties.rolesOf(userId), found.createdAt(), sessions, failures,
                    lockedUntil.orElse(null), clock.instant()));
        });
    }

    /**
     * Erases {@code userId}. Idempotent: an unknown or already erased user is announced
     * again, so every service re-checks that nothing of it remains.
     *
     * @throws ErasureUnavailableException when Redis is unreachable; nothing was deleted
     */
    UserDeletion erase(UUID userId, UserDeletion.RequestedBy requestedBy) {
        Instant now = clock.instant();
        UserDeletion deletion = new UserDeletion(userId, UUID.randomUUID(), now, requestedBy);
        transactions.executeWithoutResult(status -> {
            Optional<String> email = jdbc.sql("select email from identity.users where id = :id for update")
                    .param("id", userId).query(String.class).optional();
            int tokens = jdbc.sql("delete from identity.refresh_tokens where user_id = :id").param("id", userId)
                    .update();
            int failures = 0;
            if (email.isPresent()) {
                String key = throttleKeyPrefix(email.get());
                failures = jdbc.sql("delete from identity.login_failures where starts_with(throttle_key, :key)")
                        .param("key", key).update();
                jdbc.sql("delete from identity.login_locks where starts_with(throttle_key, :key)").param("key", key)
                        .update();
            }
            int accounts = jdbc.sql("delete from identity.users where id = :id").param("id", userId).update();
            announce(deletion);
            log.info("Erased user {} (erasure {}, requested by {}): {} account, {} refresh tokens, {} login failures",
                    userId, deletion.erasureId(), requestedBy.wireName(), accounts, tokens, failures);
        });
        recordDone(deletion);
        return deletion;
    }

    /** The status of an erasure, or empty when the id is unknown (or its status expired). */
    Optional<ErasureStatus> status(UUID erasureId) {
        Map<Object, Object> reported = redis.opsForHash().entries(UserDeletion.statusKey(erasureId));
        if (reported.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> services = new LinkedHashMap<>();
        boolean complete = true;
        for (String service : UserDeletion.SERVICES) {
            Object at = reported.get(service);
            services.put(service, at == null ? null : at.toString());
            complete &= at != null;
        }
        return Optional.of(new ErasureStatus(erasureId, services, complete));
    }

    private void announce(UserDeletion deletion) {
        try {
            redis.opsForValue().set(UserDeletion.tombstoneKey(deletion.userId()), "1", tombstoneTtl);
            // Never trimmed by length: that could drop an erasure a service has not done yet.
            // The service completing an erasure last deletes its entry (UserDeletionConsumer).
            redis.opsForStream().add(MapRecord.create(BusNames.USER_DELETED_STREAM, deletion.toFields()));
        } catch (DataAccessException e) {
            log.warn("Could not announce the erasure of user {}, rolling it back: {}", deletion.userId(), e.toString());
            throw new ErasureUnavailableException(e);
        }
    }

    /** Identity's line in the erasure status, once its deletion committed. */
    private void recordDone(UserDeletion deletion) {
        String statusKey = deletion.statusKey();
        try {
            redis.opsForHash().put(statusKey, UserDeletion.IDENTITY, clock.instant().toString());
            redis.expire(statusKey, UserDeletion.STATUS_TTL);
        } catch (DataAccessException e) {
            // Erased and announced; only the status stays short of identity (a repeat fixes it).
            log.warn("Erased user {} but could not record it in erasure {}: {}", deletion.userId(),
                    deletion.erasureId(), e.toString());
        }
    }

    private static String throttleKeyPrefix(String email) {
        // The throttle's per-(account, address) keys (LoginThrottle) all start so; the
        // per-address keys are not tied to an account.
        return "account:" + email + "|";
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private record Account(String email, Instant createdAt) {
    }
}
