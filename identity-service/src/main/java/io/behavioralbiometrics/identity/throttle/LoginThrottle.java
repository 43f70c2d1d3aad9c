package io.behavioralbiometrics.identity.throttle;

import io.behavioralbiometrics.identity.IdentityProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts failed logins per account (normalised email) and per client address over a
 * sliding window, in PostgreSQL so every replica sees the same counts. From the threshold
 * on, each failure locks further attempts for a delay that doubles per failure and is
 * capped, so a lock always ends by itself; a successful login clears the account's count.
 * Unknown emails are counted like real ones, so locking does not reveal which exist.
 */
@Service
public class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    private static final int MAX_DOUBLINGS = 30;

    private final LoginFailureRepository failures;
    private final IdentityProperties.Throttle settings;
    private final TransactionTemplate transactions;

    LoginThrottle(LoginFailureRepository failures, IdentityProperties properties, TransactionTemplate transactions) {
        this.failures = failures;
        this.settings = properties.throttle();
        this.transactions = transactions;
    }

    /** How long logins for this account or from this address stay locked, if they are. */
    public Optional<Duration> lockedFor(String normalisedEmail, String address) {
        Instant now = Instant.now();
        List<Instant> until = failures.lockedUntil(List.of(accountKey(normalisedEmail), addressKey(address)));
        return until.stream().filter(now::isBefore).max(Instant::compareTo).map(u -> Duration.between(now, u));
    }

    /** Records a failed login; returns the lock it caused, if any. */
    public Optional<Duration> recordFailure(String normalisedEmail, String address) {
        return transactions.execute(status -> {
            Instant now = Instant.now();
            failures.deleteOlderThan(now.minus(settings.window()));
            Duration account = fail(accountKey(normalisedEmail), settings.accountThreshold(), now);
            Duration byAddress = fail(addressKey(address), settings.addressThreshold(), now);
            Duration longest = account.compareTo(byAddress) >= 0 ? account : byAddress;
            if (longest.isZero()) {
                return Optional.<Duration>empty();
            }
            log.info("Logins locked for {} s after repeated failures (account lock {} s, address {} lock {} s)",
                    longest.toSeconds(), account.toSeconds(), address, byAddress.toSeconds());
            return Optional.of(longest);
        });
    }

    /** A successful login clears the account's failures and lock (not the address's). */
    public void recordSuccess(String normalisedEmail) {
        transactions.executeWithoutResult(status -> {
            String key = accountKey(normalisedEmail);
            failures.deleteByKey(key);
            failures.unlock(key, Instant.now());
        });
    }

    private Duration fail(String key, int threshold, Instant now) {
        failures.save(new LoginFailure(key, now));
        long count = failures.countSince(key, now.minus(settings.window()));
        if (count < threshold) {
            return Duration.ZERO;
        }
        Duration lock = lockDuration(count - threshold);
        failures.lock(key, now.plus(lock));
        return lock;
    }

    /** initialLock × 2^excess, capped at maxLock. */
    Duration lockDuration(long excess) {
        long doublings = Math.min(excess, MAX_DOUBLINGS);
        Duration lock = settings.initialLock().multipliedBy(1L << doublings);
        return lock.compareTo(settings.maxLock()) > 0 ? settings.maxLock() : lock;
    }

    private static String accountKey(String normalisedEmail) {
        return "account:" + normalisedEmail;
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
