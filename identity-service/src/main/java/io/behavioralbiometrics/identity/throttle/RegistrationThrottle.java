package io.behavioralbiometrics.identity.throttle;

import io.behavioralbiometrics.identity.IdentityProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts registrations (new or duplicate alike) per client address (IPv6 per /64) and in
 * all over a sliding window, in PostgreSQL under an advisory lock per key, so replicas and
 * parallel requests share one count.
 */
@Service
public class RegistrationThrottle {

    private static final String GLOBAL_KEY = "register:all";

    private final LoginFailureRepository rows;
    private final IdentityProperties.Registration settings;
    private final TransactionTemplate transactions;

    RegistrationThrottle(LoginFailureRepository rows, IdentityProperties properties, TransactionTemplate transactions) {
        this.rows = rows;
        this.settings = properties.throttle().registration();
        this.transactions = transactions;
    }

    /** Counts a registration, or says how long to wait when the address or everyone is over the limit. */
    public Optional<Duration> admit(String clientAddress) {
        String addressKey = "register:address:" + LoginThrottle.addressBucket(clientAddress);
        return Objects.requireNonNull(transactions.execute(status -> {
            rows.serialise(addressKey);
            rows.serialise(GLOBAL_KEY);
            Instant now = Instant.now();
            Instant since = now.minus(settings.window());
            rows.deleteRegistrationsOlderThan(since);
            Optional<Duration> wait = over(addressKey, settings.perAddress(), since, now)
                    .or(() -> over(GLOBAL_KEY, settings.global(), since, now));
            if (wait.isEmpty()) {
                rows.save(new LoginFailure(addressKey, now));
                rows.save(new LoginFailure(GLOBAL_KEY, now));
            }
            return wait;
        }));
    }

    private Optional<Duration> over(String key, int limit, Instant since, Instant now) {
        if (rows.countSince(key, since) < limit) {
            return Optional.empty();
        }
        Instant oldest = rows.oldestSince(key, since);
        Instant free = (oldest == null ? now : oldest).plus(settings.window());
        return Optional.of(Duration.between(now, free).isNegative() ? Duration.ZERO : Duration.between(now, free));
    }
}
