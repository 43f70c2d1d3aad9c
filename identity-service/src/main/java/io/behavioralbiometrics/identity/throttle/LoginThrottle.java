package io.behavioralbiometrics.identity.throttle;

import io.behavioralbiometrics.identity.IdentityProperties;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts login attempts per (account, client address) and per client address over a
 * sliding window, in PostgreSQL so every replica sees the same counts. An account is
 * never locked as such: guesses from one address cannot keep the owner, logging in from
 * another, out. IPv6 clients count per /64.
 *
 * <p>Each attempt is counted before its password is checked ({@link #begin}), under a
 * PostgreSQL advisory lock per key, so concurrent guesses cannot all pass the check before
 * any failure is recorded. From the threshold on, an attempt locks further ones for a delay
 * that doubles per attempt and is capped, so a lock always ends by itself; a successful
 * login clears its (account, address) count and lock and uncounts itself for the address.
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

    /**
     * An admitted attempt, already counted as a failure until {@link #succeeded} says otherwise.
     *
     * @param refusedFor set when the attempt is refused because a lock is in force
     * @param caused     the lock this attempt's count set, if any
     */
    public record Attempt(String accountKey, @Nullable Long accountFailure, @Nullable Long addressFailure, @Nullable Duration refusedFor,
            @Nullable Duration caused) {

        public Optional<Duration> refused() {
            return Optional.ofNullable(refusedFor);
        }
    }

    /** Counts an attempt, or refuses it while a lock on its (account, address) or address is in force. */
    public Attempt begin(String normalisedEmail, String clientAddress) {
        String address = addressBucket(clientAddress);
        String accountKey = accountKey(normalisedEmail, address);
        String addressKey = addressKey(address);
        return Objects.requireNonNull(transactions.execute(status -> {
            // Always in this order (account key, then address key), so two attempts never deadlock.
            failures.serialise(accountKey);
            failures.serialise(addressKey);
            Instant now = Instant.now();
            Optional<Duration> locked = lockedFor(List.of(accountKey, addressKey), now);
            if (locked.isPresent()) {
                return new Attempt(accountKey, null, null, locked.get(), null);
            }
            failures.deleteOlderThan(now.minus(settings.window()));
            Counted byAccount = count(accountKey, settings.accountThreshold(), now);
            Duration account = byAccount.lock();
            Counted byAddress = count(addressKey, settings.addressThreshold(), now);
            Duration longest = account.compareTo(byAddress.lock()) >= 0 ? account : byAddress.lock();
            if (longest.isZero()) {
                return new Attempt(accountKey, byAccount.id(), byAddress.id(), null, null);
            }
            log.info("Logins locked for {} s after repeated failures (account-and-address lock {} s, address {} lock {} s)",
                    longest.toSeconds(), account.toSeconds(), address, byAddress.lock().toSeconds());
            return new Attempt(accountKey, byAccount.id(), byAddress.id(), null, longest);
        }));
    }

    /** A successful login clears its (account, address) failures and lock and uncounts itself for the address. */
    public void succeeded(Attempt attempt) {
        transactions.executeWithoutResult(status -> {
            failures.deleteByKey(attempt.accountKey());
            failures.unlock(attempt.accountKey(), Instant.now());
            if (attempt.addressFailure() != null) {
                failures.deleteRow(attempt.addressFailure());
            }
        });
    }

    /** An attempt that never got to check its password (503): it is not counted. */
    public void abandoned(Attempt attempt) {
        transactions.executeWithoutResult(status -> {
            if (attempt.accountFailure() != null) {
                failures.deleteRow(attempt.accountFailure());
            }
            if (attempt.addressFailure() != null) {
                failures.deleteRow(attempt.addressFailure());
            }
        });
    }

    /** How long logins for this account from this address, or from this address at all, stay locked. */
    public Optional<Duration> lockedFor(String normalisedEmail, String clientAddress) {
        String address = addressBucket(clientAddress);
        return lockedFor(List.of(accountKey(normalisedEmail, address), addressKey(address)), Instant.now());
    }

    private Optional<Duration> lockedFor(List<String> keys, Instant now) {
        return failures.lockedUntil(keys).stream().filter(now::isBefore).max(Instant::compareTo)
                .map(u -> Duration.between(now, u));
    }

    private record Counted(@Nullable Long id, Duration lock) {
    }

    private Counted count(String key, int threshold, Instant now) {
        LoginFailure failure = failures.save(new LoginFailure(key, now));
        long count = failures.countSince(key, now.minus(settings.window()));
        if (count < threshold) {
            return new Counted(failure.id(), Duration.ZERO);
        }
        Duration lock = lockDuration(count - threshold);
        failures.lock(key, now.plus(lock));
        return new Counted(failure.id(), lock);
    }

    /** initialLock × 2^excess, capped at maxLock. */
    Duration lockDuration(long excess) {
        long doublings = Math.min(excess, MAX_DOUBLINGS);
        Duration lock = settings.initialLock().multipliedBy(1L << doublings);
        return lock.compareTo(settings.maxLock()) > 0 ? settings.maxLock() : lock;
    }

    /** IPv6 addresses by their /64 (one customer's network); anything else as given. */
    static String addressBucket(String clientAddress) {
        if (clientAddress.indexOf(':') < 0) {
            return clientAddress;
        }
        try {
            String literal = clientAddress.startsWith("[") && clientAddress.endsWith("]")
                    ? clientAddress.substring(1, clientAddress.length() - 1) : clientAddress;
            int zone = literal.indexOf('%');
            InetAddress parsed = InetAddress.ofLiteral(zone < 0 ? literal : literal.substring(0, zone));
            if (parsed instanceof Inet6Address) {
                byte[] prefix = java.util.Arrays.copyOf(parsed.getAddress(), 8);
                return HexFormat.of().formatHex(prefix).toLowerCase(Locale.ROOT) + "::/64";
            }
            return parsed.getHostAddress();
        } catch (IllegalArgumentException e) {
            return clientAddress;
        }
    }

    private static String accountKey(String normalisedEmail, String address) {
        return "account:" + normalisedEmail + "|" + address;
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
